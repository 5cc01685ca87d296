import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { loadStoredSession, SESSION_STORAGE_KEY, startSession } from "../../api/session";
import { FakeApi, json, problem, TEST_TOKEN } from "../../test/fakeApi";
import { aReply, aTicket, theAgent, theCustomer } from "../../test/fixtures";
import { renderApp } from "../../test/renderApp";

function storedSession(): { accessToken: string; expiresAt: number } | null {
  const raw = window.localStorage.getItem(SESSION_STORAGE_KEY);
  return raw ? (JSON.parse(raw) as { accessToken: string; expiresAt: number }) : null;
}

/** A backend whose ticket list needs the test token, as the real one does. */
function fakeBackend(account = theAgent) {
  return new FakeApi({ account })
    .on("GET", "/api/users", () => json([account], { headers: { "X-Total-Count": "1" } }))
    .on("GET", "/api/tickets", ({ headers }) =>
      headers.get("Authorization") === `Bearer ${TEST_TOKEN}`
        ? json([aTicket({ id: 7, title: "Cannot log in", requester_id: account.id })], { headers: { "X-Total-Count": "1" } })
        : problem(401, "Unauthorized", "sign in first"),
    );
}

async function signIn(email: string, password: string) {
  const user = userEvent.setup({ delay: null });
  await user.type(await screen.findByRole("textbox", { name: "Email" }), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  return user;
}

describe("signing in", () => {
  it("sends a signed-out visitor to the sign-in page and back to where they were going", async () => {
    const api = fakeBackend().on("POST", "/api/auth/token", () =>
      json({ access_token: TEST_TOKEN, token_type: "bearer", expires_in: 1800 }),
    );
    const { router } = renderApp("/tickets?status=open", { signedIn: false });

    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(new URLSearchParams(router.state.location.search).get("next")).toBe("/tickets?status=open");
    expect(api.sent("/api/tickets")).toHaveLength(0);

    const before = Date.now();
    await signIn("agnes@example.com", "correct horse");

    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    expect(router.state.location.search).toBe("?status=open");
    expect(await screen.findByRole("link", { name: "Cannot log in" })).toBeInTheDocument();

    // The OAuth2 password form, with the e-mail as the username.
    const [tokenRequest] = api.sent("/api/auth/token", "POST");
    expect(tokenRequest.headers.get("Content-Type")).toBe("application/x-www-form-urlencoded");
    expect(tokenRequest.body).toEqual({ username: "agnes@example.com", password: "correct horse" });
    // The token is kept with its expiry, and sent with every call.
    const session = storedSession();
    expect(session?.accessToken).toBe(TEST_TOKEN);
    expect(session?.expiresAt).toBeGreaterThanOrEqual(before + 1800 * 1000);
    expect(session?.expiresAt).toBeLessThanOrEqual(Date.now() + 1800 * 1000);
    expect(api.sent("/api/tickets").at(-1)?.headers.get("Authorization")).toBe(`Bearer ${TEST_TOKEN}`);
    expect(api.sent("/api/auth/me")[0].headers.get("Authorization")).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("says when the e-mail address or password is wrong (401), and stays signed out", async () => {
    const api = fakeBackend().on("POST", "/api/auth/token", () =>
      problem(401, "Sign-in failed", "the e-mail address or password is not right"),
    );
    const { router } = renderApp("/login", { signedIn: false });

    await signIn("agnes@example.com", "wrong password");

    expect(await screen.findByText("The e-mail address or password is not right.")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
    expect(screen.getByLabelText("Password")).toHaveValue("");
    expect(storedSession()).toBeNull();
    expect(api.sent("/api/auth/me")).toHaveLength(0);
  });

  it("tells a throttled visitor (429) how long to wait, counting down", async () => {
    new FakeApi().on(
      "POST",
      "/api/auth/token",
      () =>
        new Response(JSON.stringify({ type: "about:blank", title: "Too many attempts", status: 429, detail: "too many failed sign-ins; try again in 42 seconds" }), {
          status: 429,
          headers: { "Content-Type": "application/problem+json", "Retry-After": "42" },
        }),
    );
    renderApp("/login", { signedIn: false });

    await signIn("agnes@example.com", "guess");

    expect(await screen.findByText("Too many failed sign-ins. Try again in 42 s.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeDisabled();
    expect(await screen.findByText("Too many failed sign-ins. Try again in 41 s.", {}, { timeout: 3000 })).toBeInTheDocument();
    expect(storedSession()).toBeNull();
  });

  it("lands a customer on their own tickets", async () => {
    fakeBackend(theCustomer).on("POST", "/api/auth/token", () => json({ access_token: TEST_TOKEN, token_type: "bearer", expires_in: 1800 }));
    const { router } = renderApp("/login", { signedIn: false });
    await signIn("carl@example.com", "correct horse");
    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    expect(await screen.findByRole("heading", { name: "My tickets" })).toBeInTheDocument();
  });
});

describe("the session", () => {
  it("ends on any 401 from the API, then signing in again comes back to the same page", async () => {
    let tokenValid = true;
    const api = new FakeApi()
      .on("GET", "/api/users", () => json([theAgent], { headers: { "X-Total-Count": "1" } }))
      .on("GET", "/api/tickets/:id/replies", () => json([aReply({ id: 3, ticket_id: 4, author_id: 90 })]))
      .on("GET", "/api/tickets/:id/activity", () => json([]))
      .on("GET", "/api/tickets/:id", () => (tokenValid ? json(aTicket({ id: 4, title: "Printer on fire" })) : problem(401, "Unauthorized", "sign in first")))
      .on("POST", "/api/auth/token", () => json({ access_token: TEST_TOKEN, token_type: "bearer", expires_in: 1800 }));
    const { router, queryClient } = renderApp("/tickets/4");
    expect(await screen.findByRole("heading", { name: "#4 Printer on fire" })).toBeInTheDocument();

    // The token is revoked (deactivated account, server restart with a new key...): the next call answers 401.
    tokenValid = false;
    await act(() => queryClient.refetchQueries({ queryKey: ["tickets", "detail", 4], exact: true }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(new URLSearchParams(router.state.location.search).get("next")).toBe("/tickets/4");
    expect(await screen.findByText("Your session has ended. Sign in again to continue.")).toBeInTheDocument();
    expect(storedSession()).toBeNull();
    expect(queryClient.getQueryData(["tickets", "detail", 4])).toBeUndefined();

    tokenValid = true;
    await signIn("agnes@example.com", "correct horse");
    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets/4"));
    expect(await screen.findByRole("heading", { name: "#4 Printer on fire" })).toBeInTheDocument();
    expect(api.sent("/api/tickets/4").at(-1)?.headers.get("Authorization")).toBe(`Bearer ${TEST_TOKEN}`);
  });

  it("drops a stored token that has expired instead of sending it", async () => {
    window.localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ accessToken: "old-token", expiresAt: Date.now() - 1000 }));
    loadStoredSession();
    const api = fakeBackend();
    const { router } = renderApp("/tickets", { signedIn: false });

    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(storedSession()).toBeNull();
    // Nothing but the sign-in page's question whether sign-up is open, which needs no token.
    expect(api.requests.filter((request) => request.url.pathname !== "/api/auth/options")).toHaveLength(0);
    expect(api.requests.every((request) => !request.headers.has("Authorization"))).toBe(true);
  });

  it("ends when the token expires while the console is open", async () => {
    const api = fakeBackend();
    startSession({ access_token: TEST_TOKEN, expires_in: 3 });
    const { router } = renderApp("/tickets", { signedIn: false });
    // Signed in at first: the list was asked for, with the token.
    await waitFor(() => expect(api.sent("/api/tickets").length).toBeGreaterThan(0));

    await waitFor(() => expect(router.state.location.pathname).toBe("/login"), { timeout: 15_000 });
    expect(new URLSearchParams(router.state.location.search).get("next")).toBe("/tickets");
    expect(storedSession()).toBeNull();
    expect(api.sent("/api/tickets").every((request) => request.headers.get("Authorization") === `Bearer ${TEST_TOKEN}`)).toBe(true);
  });

  it("shows who is signed in, and signs out to the sign-in page", async () => {
    fakeBackend();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets");

    const account = await screen.findByRole("group", { name: "Signed-in account" });
    expect(within(account).getByText("Agnes Agent")).toBeInTheDocument();
    expect(within(account).getByText("Agent")).toBeInTheDocument();
    await user.click(within(account).getByRole("button", { name: "Sign out" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(router.state.location.search).toBe("");
    expect(storedSession()).toBeNull();
    expect(screen.queryByText("Your session has ended. Sign in again to continue.")).not.toBeInTheDocument();
  });
});

describe("signing up", () => {
  async function fillSignUp(password = "a long passphrase") {
    const user = userEvent.setup({ delay: null });
    await user.type(await screen.findByRole("textbox", { name: "Name" }), "Carl Customer");
    await user.type(screen.getByRole("textbox", { name: "Email" }), "carl@example.com");
    await user.type(screen.getByLabelText("Password"), password);
    await user.type(screen.getByLabelText("Repeat the password"), password);
    await user.click(screen.getByRole("button", { name: "Create account" }));
  }

  it("creates a customer account and signs it in", async () => {
    const api = fakeBackend(theCustomer)
      .on("POST", "/api/auth/signup", () => json(theCustomer, { status: 201 }))
      .on("POST", "/api/auth/token", () => json({ access_token: TEST_TOKEN, token_type: "bearer", expires_in: 1800 }));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/login", { signedIn: false });
    await user.click(await screen.findByRole("link", { name: "Create an account" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/signup"));

    await fillSignUp();

    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    expect(api.sent("/api/auth/signup", "POST")[0].body).toEqual({ name: "Carl Customer", email: "carl@example.com", password: "a long passphrase" });
    expect(api.sent("/api/auth/token", "POST")[0].body).toEqual({ username: "carl@example.com", password: "a long passphrase" });
    expect(await screen.findByRole("heading", { name: "My tickets" })).toBeInTheDocument();
  });

  it("offers sign-up on the sign-in page only when the server says it is open", async () => {
    const api = new FakeApi().on("GET", "/api/auth/options", () => json({ signup_open: false }));
    renderApp("/login", { signedIn: false });

    expect(await screen.findByText("No account yet? Ask an administrator for one.")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Create an account" })).not.toBeInTheDocument();
    expect(api.sent("/api/auth/options", "GET")[0].headers.has("Authorization")).toBe(false);
  });

  it("offers no sign-up while it is not known whether it is open", async () => {
    const api = new FakeApi().on("GET", "/api/auth/options", () => problem(503, "Service unavailable", "the database is not reachable right now"));
    renderApp("/login", { signedIn: false });

    expect(await screen.findByRole("button", { name: "Sign in" })).toBeInTheDocument();
    await waitFor(() => expect(api.sent("/api/auth/options")).toHaveLength(1));
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(screen.queryByRole("link", { name: "Create an account" })).not.toBeInTheDocument();
  });

  it("says at once on the sign-up page when sign-up is closed", async () => {
    const api = new FakeApi().on("GET", "/api/auth/options", () => json({ signup_open: false }));
    renderApp("/signup", { signedIn: false });

    expect(await screen.findByText("Sign-up is closed")).toBeInTheDocument();
    expect(screen.getByText("Ask an administrator for an account.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Create account" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
    expect(api.sent("/api/auth/signup")).toHaveLength(0);
  });

  it("says so when sign-up is closed (403)", async () => {
    const api = new FakeApi().on("POST", "/api/auth/signup", () =>
      problem(403, "Forbidden", "sign-up is closed; ask an administrator for an account"),
    );
    const { router } = renderApp("/signup", { signedIn: false });

    await fillSignUp();

    expect(await screen.findByText("Sign-up is closed")).toBeInTheDocument();
    expect(screen.getByText("Sign-up is closed; ask an administrator for an account.")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/signup");
    expect(api.sent("/api/auth/token")).toHaveLength(0);
  });
});
