import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { User, UserUpdate } from "../../../api/types";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { aUser, theAdmin } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

const carl = aUser({ id: 5, name: "Carl Customer", email: "carl@example.com", role: "customer" });
const dora = aUser({ id: 6, name: "Dora Departed", email: "dora@example.com", role: "agent", active: false });

/** An admin's view of the accounts; PATCHes change the fake's accounts as the server would. */
function adminBackend() {
  const accounts = new Map<number, User>([theAdmin, carl, dora].map((user) => [user.id, user]));
  const api = new FakeApi({ account: theAdmin })
    .on("GET", "/api/users", () => {
      const all = [...accounts.values()];
      return json(all, { headers: { "X-Total-Count": String(all.length) } });
    })
    .on("PATCH", "/api/users/:id", ({ body }, { id }) => {
      const changes = body as UserUpdate;
      if (changes.password !== undefined && new Set(changes.password).size === 1) {
        return problem(422, "Invalid input", "password: must not be one repeated character", [
          { field: "password", message: "must not be one repeated character" },
        ]);
      }
      const updated: User = { ...(accounts.get(Number(id)) as User) };
      if (changes.role !== undefined) updated.role = changes.role;
      if (changes.active !== undefined) updated.active = changes.active;
      accounts.set(updated.id, updated);
      return json(updated);
    });
  return api;
}

/** Clicks an option of the open dropdown (a selected value elsewhere may carry the same title). */
async function pickOption(user: UserEvent, title: string) {
  const options = await screen.findAllByTitle(title);
  const option = options.find((element) => element.classList.contains("ant-select-item-option"));
  if (!option) throw new Error(`No open dropdown offers ${title}`);
  await user.click(option);
}

async function rowOf(name: string): Promise<HTMLElement> {
  return (await screen.findByRole("link", { name })).closest("tr") as HTMLElement;
}

describe("account administration", () => {
  it("changes a role from the users table", async () => {
    const api = adminBackend();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/users");

    const row = await rowOf("Carl Customer");
    await user.click(within(row).getByRole("combobox", { name: "Role of Carl Customer" }));
    await pickOption(user, "Agent");

    await waitFor(() => expect(api.sent("/api/users/5", "PATCH")).toHaveLength(1));
    expect(api.sent("/api/users/5", "PATCH")[0].body).toEqual({ role: "agent" });
    expect(await screen.findByText("Carl Customer is now an agent")).toBeInTheDocument();
    // Choosing in the row's controls does not open the account.
    expect(router.state.location.pathname).toBe("/users");
  });

  it("deactivates after asking, and reactivates", async () => {
    const api = adminBackend();
    const user = userEvent.setup({ delay: null });
    renderApp("/users");

    await user.click(within(await rowOf("Carl Customer")).getByRole("button", { name: "Deactivate Carl Customer" }));
    const confirmation = await screen.findByRole("dialog");
    expect(confirmation).toHaveTextContent("Deactivate Carl Customer?");
    await user.click(within(confirmation).getByRole("button", { name: "Deactivate" }));
    await waitFor(() => expect(api.sent("/api/users/5", "PATCH")).toHaveLength(1));
    expect(api.sent("/api/users/5", "PATCH")[0].body).toEqual({ active: false });
    await waitFor(async () => expect(within(await rowOf("Carl Customer")).getByText("Deactivated")).toBeInTheDocument());

    await user.click(within(await rowOf("Dora Departed")).getByRole("button", { name: "Reactivate Dora Departed" }));
    await waitFor(() => expect(api.sent("/api/users/6", "PATCH")).toHaveLength(1));
    expect(api.sent("/api/users/6", "PATCH")[0].body).toEqual({ active: true });
    expect(await screen.findByText("Dora Departed reactivated")).toBeInTheDocument();
  });

  it("sets a password, with the server's rules on the field", async () => {
    const api = adminBackend();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/users");

    await user.click(within(await rowOf("Carl Customer")).getByRole("button", { name: "Set password for Carl Customer" }));
    const dialog = await screen.findByRole("dialog", { name: "Set a password for Carl Customer" });
    const password = within(dialog).getByLabelText("New password");
    const repeated = within(dialog).getByLabelText("Repeat the password");
    await user.type(password, "zzzzzzzzzz");
    await user.type(repeated, "zzzzzzzzzz");
    await user.click(within(dialog).getByRole("button", { name: "Set password" }));
    const passwordField = password.closest(".ant-form-item") as HTMLElement;
    await waitFor(() => expect(passwordField).toHaveTextContent("must not be one repeated character"));

    await user.clear(password);
    await user.type(password, "a new secret");
    await user.clear(repeated);
    await user.type(repeated, "a new secret");
    await user.click(within(dialog).getByRole("button", { name: "Set password" }));
    await waitFor(() => expect(api.sent("/api/users/5", "PATCH")).toHaveLength(2));
    expect(api.sent("/api/users/5", "PATCH")[1].body).toEqual({ password: "a new secret" });
    expect(await screen.findByText("Password set for Carl Customer")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/users");
  });

  it("keeps admins from demoting or deactivating themselves, and sends them to My account for their password", async () => {
    const api = adminBackend();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/users");
    const row = await rowOf("Ada Admin");
    expect(within(row).getByRole("combobox", { name: "Role of Ada Admin" })).toBeDisabled();
    expect(within(row).getByRole("button", { name: "Deactivate Ada Admin" })).toBeDisabled();
    // Their own password needs the current one: not a "Set password" here, a way to My account.
    expect(within(row).queryByRole("button", { name: "Set password for Ada Admin" })).not.toBeInTheDocument();
    expect(within(await rowOf("Carl Customer")).getByRole("button", { name: "Set password for Carl Customer" })).toBeEnabled();
    await user.click(within(row).getByRole("link", { name: "Change your password on My account" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/account"));
    expect(await screen.findByRole("heading", { name: "My account" })).toBeInTheDocument();
    expect(api.sent("/api/users/91", "PATCH")).toHaveLength(0);
  });

  it("creates staff accounts with a role and a password", async () => {
    const api = adminBackend().on("POST", "/api/users", () => json(aUser({ id: 7, name: "Agnes", role: "agent" }), { status: 201 }));
    api.on("GET", "/api/users/:id", () => json(aUser({ id: 7, name: "Agnes", role: "agent" })));
    api.on("GET", "/api/tickets", () => json([], { headers: { "X-Total-Count": "0" } }));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/users");

    await user.click(await screen.findByRole("button", { name: "New user" }));
    const dialog = await screen.findByRole("dialog", { name: "New user" });
    await user.type(within(dialog).getByRole("textbox", { name: "Name" }), "Agnes");
    await user.type(within(dialog).getByRole("textbox", { name: "Email" }), "agnes@example.com");
    await user.click(within(dialog).getByRole("combobox", { name: "Role" }));
    await pickOption(user, "Agent");
    await user.type(within(dialog).getByLabelText("Password"), "agnes secret 1");
    await user.click(within(dialog).getByRole("button", { name: "Create user" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/users/7"));
    expect(api.sent("/api/users", "POST")[0].body).toEqual({ name: "Agnes", email: "agnes@example.com", role: "agent", password: "agnes secret 1" });
  });
});
