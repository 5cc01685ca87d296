import type { Middleware } from "openapi-fetch";
import { currentAccessToken, endSession } from "./session";

/** Calls that answer 401 about the credentials they were given, not about the session. */
const SIGN_IN_PATHS = ["/api/auth/token", "/api/auth/signup"];

/**
 * Whether a request went out with the token the session holds now. A 401 for an older
 * token (replaced meanwhile by a sign-in, or by one's own password change, which makes
 * the server refuse every older token) says nothing about the current session.
 */
function sentWithCurrentToken(request: Request): boolean {
  const token = currentAccessToken();
  return token === null || request.headers.get("Authorization") === `Bearer ${token}`;
}

/**
 * Sends the bearer token with every API call, and ends the session on any 401 (token
 * missing, expired or revoked, account deactivated) to a request sent with the session's
 * current token: the console then asks to sign in again and comes back to the same page.
 */
export const authMiddleware: Middleware = {
  onRequest({ request }) {
    const token = currentAccessToken();
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  },
  onResponse({ request, response, schemaPath }) {
    if (response.status === 401 && !SIGN_IN_PATHS.includes(schemaPath) && sentWithCurrentToken(request)) {
      endSession("expired");
    }
    return undefined;
  },
};
