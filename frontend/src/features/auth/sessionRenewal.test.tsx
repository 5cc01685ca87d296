import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renewalTime, SESSION_STORAGE_KEY, type Session } from "../../api/session";
import { FakeApi, json, problem, TEST_TOKEN, type RecordedRequest } from "../../test/fakeApi";
import { aTicket, theAgent } from "../../test/fixtures";
import { renderApp } from "../../test/renderApp";

const MINUTE = 60_000;

function storedSession(): Session | null {
  const raw = window.localStorage.getItem(SESSION_STORAGE_KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
}

const bearer = (request: RecordedRequest) => request.headers.get("Authorization")?.replace(/^Bearer /, "") ?? null;

/**
 * A backend that accepts the sign-in token and every token it renewed (renewed-1,
 * renewed-2, ...); `refresh` answers POST /api/auth/refresh (by default: a new token for
 * an hour, as long as the one `renderApp` signs in with).
 */
function backend(refresh?: (request: RecordedRequest) => Response | Promise<Response>) {
  const valid = new Set([TEST_TOKEN]);
  let renewals = 0;
  const signedIn = (request: RecordedRequest) => valid.has(bearer(request) ?? "");
  return new FakeApi()
    .on("GET", "/api/auth/me", (request) => (signedIn(request) ? json(theAgent) : problem(401, "Unauthorized", "sign in first")))
    .on("GET", "/api/users", () => json([theAgent], { headers: { "X-Total-Count": "1" } }))
    .on("GET", "/api/tickets", (request) =>
      signedIn(request)
        ? json([aTicket({ id: 7, title: "Cannot log in", requester_id: theAgent.id })], { headers: { "X-Total-Count": "1" } })
        : problem(401, "Unauthorized", "sign in first"),
    )
    .on("POST", "/api/auth/refresh", (request) => {
      if (refresh) return refresh(request);
      if (!signedIn(request)) return problem(401, "Unauthorized", "sign in first");
      renewals += 1;
      const token = `renewed-${renewals}`;
      valid.add(token);
      return json({ access_token: token, token_type: "bearer", expires_in: 3600 });
    });
}

/** Moves the (fake) clock on, letting every timer and request due meanwhile run. */
async function advance(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

describe("renewing the session", () => {
  beforeEach(() => {
    // Fake timers that also move with real time, so that rendering and requests go on as usual.
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => vi.useRealTimers());

  it("renews at half the token's lifetime, at the latest a minute before it expires", () => {
    expect(renewalTime(0, 30 * MINUTE)).toBe(15 * MINUTE);
    expect(renewalTime(0, 90_000)).toBe(30_000);
    expect(renewalTime(0, MINUTE)).toBe(10_000); // never in a loop, even for one-minute tokens
  });

  it("replaces the token before it expires, sends the new one, and keeps what was loaded", async () => {
    const api = backend();
    const { router, queryClient } = renderApp("/tickets"); // a token for an hour
    expect(await screen.findByRole("link", { name: "Cannot log in" })).toBeInTheDocument();
    const accountLoads = api.sent("/api/auth/me").length;
    const firstExpiry = storedSession()!.expiresAt;

    await advance(29 * MINUTE);
    expect(api.sent("/api/auth/refresh")).toHaveLength(0);
    await advance(2 * MINUTE);

    await waitFor(() => expect(storedSession()?.accessToken).toBe("renewed-1"));
    const [refresh] = api.sent("/api/auth/refresh", "POST");
    expect(bearer(refresh)).toBe(TEST_TOKEN);
    const session = storedSession()!;
    expect(session.expiresAt).toBeGreaterThan(firstExpiry + 29 * MINUTE);
    expect(session.expiresAt).toBeLessThanOrEqual(Date.now() + 60 * MINUTE);
    expect(session.renewAt).toBe(session.expiresAt - 30 * MINUTE);

    // The next call carries the new token; nothing loaded was dropped (no account reload).
    await act(() => queryClient.refetchQueries({ queryKey: ["tickets"] }));
    expect(bearer(api.sent("/api/tickets").at(-1)!)).toBe("renewed-1");
    expect(api.sent("/api/auth/me")).toHaveLength(accountLoads);

    // Past the first token's expiry the console is still signed in, renewing as it goes.
    await advance(45 * MINUTE);
    await waitFor(() => expect(api.sent("/api/auth/refresh").length).toBeGreaterThanOrEqual(2));
    expect(router.state.location.pathname).toBe("/tickets");
    expect(storedSession()?.accessToken).toMatch(/^renewed-/);
    expect(screen.getByRole("link", { name: "Cannot log in" })).toBeInTheDocument();
  });

  it("leaves a refused renewal alone: the session ends when its token expires", async () => {
    const api = backend(() => problem(401, "Session too old", "the session began more than 12 hours ago: sign in again"));
    const { router } = renderApp("/tickets");
    expect(await screen.findByRole("link", { name: "Cannot log in" })).toBeInTheDocument();

    await advance(31 * MINUTE);
    await waitFor(() => expect(api.sent("/api/auth/refresh")).toHaveLength(1));
    // Still signed in with the same token, which is still good.
    expect(storedSession()?.accessToken).toBe(TEST_TOKEN);
    expect(router.state.location.pathname).toBe("/tickets");

    await advance(28 * MINUTE);
    expect(api.sent("/api/auth/refresh")).toHaveLength(1); // not asked again
    expect(router.state.location.pathname).toBe("/tickets");

    await advance(2 * MINUTE);
    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(new URLSearchParams(router.state.location.search).get("next")).toBe("/tickets");
    expect(await screen.findByText("Your session has ended. Sign in again to continue.")).toBeInTheDocument();
    expect(storedSession()).toBeNull();
  });

  it("stops renewing once a renewal no longer moves the expiry (the session's maximum)", async () => {
    let sessionEnds = 0;
    const api = backend(() =>
      json({ access_token: TEST_TOKEN, token_type: "bearer", expires_in: Math.round((sessionEnds - Date.now()) / 1000) }),
    );
    const { router } = renderApp("/tickets");
    sessionEnds = storedSession()!.expiresAt;
    expect(await screen.findByRole("link", { name: "Cannot log in" })).toBeInTheDocument();

    await advance(31 * MINUTE);
    await waitFor(() => expect(api.sent("/api/auth/refresh")).toHaveLength(1));
    await waitFor(() => expect(storedSession()?.renewAt).toBeNull());
    await advance(28 * MINUTE);
    expect(api.sent("/api/auth/refresh")).toHaveLength(1);

    await advance(2 * MINUTE);
    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
  });

  it("tries again every 30 seconds while the network is down", async () => {
    let down = true;
    const api = backend(() => {
      if (down) throw new TypeError("Failed to fetch");
      return json({ access_token: "renewed-after-outage", token_type: "bearer", expires_in: 1800 });
    });
    renderApp("/tickets");
    expect(await screen.findByRole("link", { name: "Cannot log in" })).toBeInTheDocument();

    await advance(31 * MINUTE);
    await waitFor(() => expect(api.sent("/api/auth/refresh")).toHaveLength(1));
    await advance(30_000);
    await waitFor(() => expect(api.sent("/api/auth/refresh")).toHaveLength(2));
    expect(storedSession()?.accessToken).toBe(TEST_TOKEN);

    down = false;
    await advance(30_000);
    await waitFor(() => expect(storedSession()?.accessToken).toBe("renewed-after-outage"));
    expect(api.sent("/api/auth/refresh")).toHaveLength(3);
  });
});
