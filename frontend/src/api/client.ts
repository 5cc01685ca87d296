import createClient from "openapi-fetch";
import { authMiddleware } from "./authMiddleware";
import type { paths } from "./schema";

/**
 * The typed client for the AstraTickets API. Same origin: in development Vite proxies
 * /api to the backend, in production the backend serves this console itself.
 *
 * `fetch` is looked up on every call (not captured once) so tests can replace it at the
 * network boundary. Every call carries the signed-in account's bearer token, and a 401
 * ends the session (`authMiddleware`).
 */
export const api = createClient<paths>({
  baseUrl: "",
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(authMiddleware);

/** The value of an `If-Match` / `ETag` header for a resource version. */
export function entityTag(version: number): string {
  return `"${version}"`;
}

/** Total number of items of a paginated list, from the `X-Total-Count` header. */
export function readTotalCount(response: Response, fallback: number): number {
  const header = response.headers.get("X-Total-Count");
  const total = header === null ? Number.NaN : Number.parseInt(header, 10);
  return Number.isFinite(total) ? total : fallback;
}
