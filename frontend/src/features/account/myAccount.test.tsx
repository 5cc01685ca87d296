import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { SESSION_STORAGE_KEY, currentSession } from "../../api/session";
import type { User } from "../../api/types";
import { FakeApi, json, problem, TEST_TOKEN, type RecordedRequest } from "../../test/fakeApi";
import { aTicket, theAdmin, theAgent, theCustomer } from "../../test/fixtures";
import { renderApp } from "../../test/renderApp";

const NEW_TOKEN = "token-of-the-new-session";

function storedToken(): string | null {
  const raw = window.localStorage.getItem(SESSION_STORAGE_KEY);
  return raw ? (JSON.parse(raw) as { accessToken: string }).accessToken : null;
}

function bearerOf(request: RecordedRequest): string | null {
  return request.headers.get("Authorization");
}

/**
 * A backend that, like the real one, stops accepting the old token once the password is
 * changed, and accepts the token its answer carried.
 */
function accountBackend(account: User = theAgent) {
  let me = account;
  let validToken = TEST_TOKEN;
  const api = new FakeApi({ account })
    .on("GET", "/api/auth/me", ({ headers }) => (headers.get("Authorization") === `Bearer ${validToken}` ? json(me) : problem(401, "Unauthorized", "sign in first")))
    .on("PATCH", "/api/users/:id", ({ body }) => {
      me = { ...me, name: (body as { name: string }).name };
      return json(me);
    })
    .on("GET", "/api/tickets", ({ headers }) =>
      headers.get("Authorization") === `Bearer ${validToken}`
        ? json([aTicket({ id: 7, title: "Cannot log in", requester_id: account.id })], { headers: { "X-Total-Count": "1" } })
        : problem(401, "Unauthorized", "sign in first"),
    )
    .on("GET", "/api/users", () => json([me], { headers: { "X-Total-Count": "1" } }))
    .on("POST", "/api/auth/password", ({ body }) => {
      const { current_password, new_password } = body as { current_password: string; new_password: string };
      if (current_password !== "my current password") {
        return problem(400, "Wrong password", "the current password is not right", [{ field: "current_password", message: "is not your current password" }]);
      }
      if (new Set(new_password).size === 1) {
        return problem(422, "Invalid input", "new_password: must not be one repeated character", [
          { field: "new_password", message: "must not be one repeated character" },
        ]);
      }
      validToken = NEW_TOKEN;
      return json({ access_token: NEW_TOKEN, token_type: "bearer", expires_in: 1800 });
    });
  return api;
}

async function fillPassword(user: UserEvent, current: string, next: string, repeated = next) {
  await user.type(await screen.findByLabelText("Current password"), current);
  await user.type(screen.getByLabelText("New password"), next);
  await user.type(screen.getByLabelText("Repeat the new password"), repeated);
  await user.click(screen.getByRole("button", { name: "Change password" }));
}

function fieldOf(label: string): HTMLElement {
  return screen.getByLabelText(label).closest(".ant-form-item") as HTMLElement;
}

describe("My account", () => {
  it("is reached from the header by every role and shows who the account is", async () => {
    for (const account of [theCustomer, theAgent, theAdmin]) {
      accountBackend(account);
      const user = userEvent.setup({ delay: null });
      const { router, unmount } = renderApp(account.role === "customer" ? "/tickets" : "/");

      const header = await screen.findByRole("group", { name: "Signed-in account" });
      await user.click(within(header).getByRole("link", { name: "My account" }));

      await waitFor(() => expect(router.state.location.pathname).toBe("/account"));
      expect(await screen.findByRole("heading", { name: "My account" })).toBeInTheDocument();
      const profile = screen.getByRole("heading", { name: "Profile" }).closest(".ant-card") as HTMLElement;
      expect(within(profile).getAllByText(account.email).length).toBeGreaterThan(0);
      expect(within(profile).getByRole("textbox", { name: "Name" })).toHaveValue(account.name);
      expect(within(profile).getByText({ customer: "Customer", agent: "Agent", admin: "Admin" }[account.role])).toBeInTheDocument();
      unmount();
    }
  });

  it("saves the name through the account itself, and the header follows", async () => {
    const api = accountBackend();
    const user = userEvent.setup({ delay: null });
    renderApp("/account");

    const name = await screen.findByRole("textbox", { name: "Name" });
    await user.clear(name);
    await user.type(name, "  Agnes Renamed ");
    await user.click(screen.getByRole("button", { name: "Save name" }));

    expect(await screen.findByText("Your name is saved")).toBeInTheDocument();
    expect(api.sent(`/api/users/${theAgent.id}`, "PATCH").map((request) => request.body)).toEqual([{ name: "Agnes Renamed" }]);
    const header = screen.getByRole("group", { name: "Signed-in account" });
    await waitFor(() => expect(within(header).getByText("Agnes Renamed")).toBeInTheDocument());
    expect(api.sent("/api/auth/password")).toHaveLength(0);
  });

  it("changes the password, keeps this console signed in with the new token, and says other sessions ended", async () => {
    const api = accountBackend();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/account");
    const sessionId = currentSession()?.id;

    await fillPassword(user, "my current password", "a brand new passphrase");

    expect(await screen.findByText("Your password is changed")).toBeInTheDocument();
    expect(screen.getByText(/Every other session of your account \(other browsers and devices\) was signed out/)).toBeInTheDocument();
    expect(api.sent("/api/auth/password", "POST").map((request) => request.body)).toEqual([
      { current_password: "my current password", new_password: "a brand new passphrase" },
    ]);
    expect(bearerOf(api.sent("/api/auth/password", "POST")[0])).toBe(`Bearer ${TEST_TOKEN}`);
    // The new session's token replaced the old one, in the same console session (nothing reloaded).
    expect(storedToken()).toBe(NEW_TOKEN);
    expect(currentSession()?.id).toBe(sessionId);
    expect(screen.getByLabelText("Current password")).toHaveValue("");
    expect(router.state.location.pathname).toBe("/account");

    // Still signed in: the next page is loaded with the new token.
    await user.click(screen.getByRole("link", { name: "Tickets" }));
    expect(await screen.findByRole("link", { name: "Cannot log in" })).toBeInTheDocument();
    expect(bearerOf(api.sent("/api/tickets").at(-1) as RecordedRequest)).toBe(`Bearer ${NEW_TOKEN}`);
    expect(router.state.location.pathname).toBe("/tickets");
  });

  it("shows a wrong current password on its field, and changes nothing", async () => {
    const api = accountBackend();
    const user = userEvent.setup({ delay: null });
    renderApp("/account");

    await fillPassword(user, "a guess", "a brand new passphrase");

    await waitFor(() => expect(fieldOf("Current password")).toHaveTextContent("is not your current password"));
    expect(screen.queryByText("Your password is changed")).not.toBeInTheDocument();
    expect(storedToken()).toBe(TEST_TOKEN);
    expect(api.sent("/api/auth/password", "POST")).toHaveLength(1);
  });

  it("shows the server's rules for the new password on its field", async () => {
    accountBackend();
    const user = userEvent.setup({ delay: null });
    renderApp("/account");

    await fillPassword(user, "my current password", "zzzzzzzzzz");

    await waitFor(() => expect(fieldOf("New password")).toHaveTextContent("must not be one repeated character"));
    expect(storedToken()).toBe(TEST_TOKEN);
  });

  it("checks the repeated password before asking the server", async () => {
    const api = accountBackend();
    const user = userEvent.setup({ delay: null });
    renderApp("/account");

    await fillPassword(user, "my current password", "a brand new passphrase", "a brand new passphrasf");

    await waitFor(() => expect(fieldOf("Repeat the new password")).toHaveTextContent("The passwords differ"));
    expect(api.sent("/api/auth/password")).toHaveLength(0);
  });

  it("says how long to wait once too many wrong passwords blocked the account (429)", async () => {
    accountBackend().on(
      "POST",
      "/api/auth/password",
      () =>
        new Response(JSON.stringify({ type: "about:blank", title: "Too many attempts", status: 429, detail: "too many failed sign-ins; try again in 42 seconds" }), {
          status: 429,
          headers: { "Content-Type": "application/problem+json", "Retry-After": "42" },
        }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/account");

    await fillPassword(user, "a guess", "a brand new passphrase");

    expect(await screen.findByText("Too many wrong passwords (they count as failed sign-ins). Try again in 42 s.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Change password" })).toBeDisabled();
    expect(storedToken()).toBe(TEST_TOKEN);
  });
});
