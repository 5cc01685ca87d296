import { api } from "../../api/client";
import { apiErrorFrom } from "../../api/problem";
import { fetchData } from "../../api/request";
import type { AccessToken, AuthOptions, ChangePasswordRequest, SignUpRequest, User } from "../../api/types";

export const authKeys = {
  all: ["auth"] as const,
  me: () => [...authKeys.all, "me"] as const,
  options: () => [...authKeys.all, "options"] as const,
};

const TOKEN_PATH = "/api/auth/token";

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return text;
  }
}

/**
 * Exchanges an e-mail and password for a bearer token with the OAuth2 password form.
 * Throws an ApiError: 401 for wrong credentials, 429 (with `retryAfterSeconds`) when
 * sign-in is throttled. Sent without the API client's middleware: a 401 here is about
 * the credentials typed, not about a session.
 */
export async function requestToken(email: string, password: string): Promise<AccessToken> {
  const response = await globalThis.fetch(TOKEN_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({ username: email, password }).toString(),
  });
  const body = await readBody(response);
  if (!response.ok) throw apiErrorFrom(body, response);
  return body as AccessToken;
}

const REFRESH_PATH = "/api/auth/refresh";

/**
 * Renews the session of `accessToken`: a new token, expiring later (never more than
 * SESSION_MAX_HOURS after the sign-in). Throws an ApiError (401 once the session is too
 * old, or the token no longer valid) or, offline, the network error. Sent without the API
 * client's middleware: a refused renewal must not end the session, which still holds a
 * valid token until it expires.
 */
export async function refreshToken(accessToken: string): Promise<AccessToken> {
  const response = await globalThis.fetch(REFRESH_PATH, {
    method: "POST",
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
  });
  const body = await readBody(response);
  if (!response.ok) throw apiErrorFrom(body, response);
  return body as AccessToken;
}

/** Registers a customer account (403 when sign-up is closed, 409 for a taken e-mail). */
export function signUp(body: SignUpRequest): Promise<User> {
  return fetchData(api.POST("/api/auth/signup", { body }));
}

/** What the sign-in page may offer (whether sign-up is open); asked without a session. */
export function getAuthOptions(): Promise<AuthOptions> {
  return fetchData(api.GET("/api/auth/options"));
}

/**
 * Changes the signed-in account's own password. Answers a token of a new session: the
 * server ends every other session of the account, this console's old token included, so
 * the caller must put it in place (`replaceSessionToken`). Throws an ApiError: 400 on
 * `current_password` when that is wrong (counted as a failed sign-in), 422 on
 * `new_password` when the new one is too weak, 429 (`retryAfterSeconds`) while the
 * account is blocked after too many failures.
 */
export function changeOwnPassword(body: ChangePasswordRequest): Promise<AccessToken> {
  return fetchData(api.POST("/api/auth/password", { body }));
}

/** The signed-in account. */
export function getCurrentAccount(): Promise<User> {
  return fetchData(api.GET("/api/auth/me"));
}
