import type { Middleware } from "openapi-fetch";
import { currentAccessToken, endSession } from "./session";

/** Calls that answer 401 about the credentials they were given, not about the session. */
const SIGN_IN_PATHS = ["/api/auth/token", "/api/auth/signup"];

/**
 * Sends the bearer token with every API call, and ends the session on any 401 (token
 * missing, expired or revoked, account deactivated): the console then asks to sign in
 * again and comes back to the same page.
 */
export const authMiddleware: Middleware = {
  onRequest({ request }) {
    const token = currentAccessToken();
    if (token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${token}`);
    }
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !SIGN_IN_PATHS.includes(schemaPath)) {
      endSession("expired");
    }
    return undefined;
  },
};
