/** Where to go after signing in: only a path of this console, never another site or the sign-in pages. */
export function safeNextPath(raw: string | null | undefined): string | null {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return null;
  if (/^\/(login|signup)(?:[/?#]|$)/.test(raw)) return null;
  return raw;
}

/** The sign-in page, remembering the page to come back to (unless it is the home page). */
export function loginPath(returnTo?: string): string {
  const next = safeNextPath(returnTo);
  return next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login";
}
