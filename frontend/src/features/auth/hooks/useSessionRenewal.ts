import { useEffect, useState } from "react";
import { isApiError } from "../../../api/problem";
import { renewSession, type Session } from "../../../api/session";
import { refreshToken } from "../api";

/** After a failed renewal (network down, server unavailable): try again this much later. */
export const RENEWAL_RETRY_MS = 30_000;
/** setTimeout's longest delay (about 24.8 days); a later renewal simply happens earlier. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

interface Plan {
  /** The token this plan is about; a new token brings its own `renewAt`. */
  token: string;
  /** When to try (again); null: not any more. */
  at: number | null;
}

/**
 * Keeps the session's token fresh while the console is open: at `session.renewAt` it asks
 * POST /api/auth/refresh for a new token of the same session and stores it (other tabs
 * follow through the `storage` event). A refusal (401: the session reached
 * SESSION_MAX_HOURS, or the token is no longer valid) stops renewing, and the session ends
 * when its token expires; any other failure is tried again every 30 s until then.
 */
export function useSessionRenewal(session: Session | null): void {
  const [plan, setPlan] = useState<Plan | null>(null);
  const token = session?.accessToken ?? null;
  const expiresAt = session?.expiresAt ?? 0;
  const at = token === null ? null : plan?.token === token ? plan.at : (session?.renewAt ?? null);

  useEffect(() => {
    if (token === null || at === null || at >= expiresAt) return;
    let current = true;
    const timer = setTimeout(
      () => {
        void refreshToken(token).then(
          (renewed) => {
            if (current) renewSession(token, renewed);
          },
          (error: unknown) => {
            if (!current) return;
            const retry = Date.now() + RENEWAL_RETRY_MS;
            setPlan({ token, at: isApiError(error, 401) || retry >= expiresAt ? null : retry });
          },
        );
      },
      Math.min(Math.max(0, at - Date.now()), MAX_TIMER_DELAY),
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [token, at, expiresAt]);
}
