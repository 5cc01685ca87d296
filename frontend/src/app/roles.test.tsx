import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { User } from "../api/types";
import { FakeApi, json } from "../test/fakeApi";
import { aReply, aTicket, aUser, theAgent, theCustomer } from "../test/fixtures";
import { renderApp } from "../test/renderApp";

const requester = aUser({ id: 1, name: "Rita Requester" });

/** What the real backend gives a customer: their own tickets, public replies only. */
function customerBackend() {
  return new FakeApi({ account: theCustomer })
    .on("GET", "/api/tickets", () =>
      json([aTicket({ id: 4, title: "My printer", requester_id: theCustomer.id })], { headers: { "X-Total-Count": "1" } }),
    )
    .on("GET", "/api/tickets/:id", () => json(aTicket({ id: 4, title: "My printer", requester_id: theCustomer.id, assignee_id: theAgent.id })))
    .on("GET", "/api/tickets/:id/replies", () =>
      json([
        aReply({ id: 10, ticket_id: 4, author_id: theAgent.id, content: "Have you tried turning it off?", ai_assisted: true }),
        aReply({ id: 11, ticket_id: 4, author_id: theCustomer.id, content: "Yes, still smoking.", created_at: "2025-01-02T11:30:00Z" }),
      ]),
    );
}

function staffBackend(account: User = theAgent) {
  return new FakeApi({ account })
    .on("GET", "/api/users", ({ url }) => {
      const ids = url.searchParams.get("ids")?.split(",").map(Number);
      const found = [requester, theAgent].filter((user) => !ids || ids.includes(user.id));
      return json(found, { headers: { "X-Total-Count": String(found.length) } });
    })
    .on("GET", "/api/tickets", () => json([aTicket({ id: 4, requester_id: 1 })], { headers: { "X-Total-Count": "1" } }))
    .on("GET", "/api/tickets/:id", () => json(aTicket({ id: 4, requester_id: 1 })))
    .on("GET", "/api/tickets/:id/replies", () =>
      json([aReply({ id: 10, ticket_id: 4, author_id: 90 }), aReply({ id: 12, ticket_id: 4, author_id: 90, internal: true, content: "VIP" })]),
    )
    .on("GET", "/api/tickets/:id/activity", () => json([]));
}

const mainMenu = () => screen.findByRole("navigation", { name: "Main" });

describe("a customer", () => {
  it("starts at their own tickets, with no staff menus, filters or columns", async () => {
    const api = customerBackend();
    const { router } = renderApp("/");

    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    expect(await screen.findByRole("heading", { name: "My tickets" })).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "My printer" })).toBeInTheDocument();
    const menu = await mainMenu();
    expect(within(menu).getByRole("link", { name: "My tickets" })).toBeInTheDocument();
    expect(within(menu).queryByRole("link", { name: "Users" })).not.toBeInTheDocument();
    expect(within(menu).queryByRole("link", { name: "Home" })).not.toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: "Requester" })).not.toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: "Requester" })).not.toBeInTheDocument();
    const account = screen.getByRole("group", { name: "Signed-in account" });
    expect(account).toHaveTextContent("Carl Customer");
    expect(account).toHaveTextContent("Customer");
    // Customers may not list accounts: the console does not try.
    expect(api.sent("/api/users")).toHaveLength(0);
  });

  it("is sent from staff-only pages to their own tickets", async () => {
    const api = customerBackend();
    const { router } = renderApp("/users/1");
    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    expect(await screen.findByRole("heading", { name: "My tickets" })).toBeInTheDocument();
    expect(api.sent("/api/users/1")).toHaveLength(0);
  });

  it("sees the conversation and a reply box, without any staff controls", async () => {
    const api = customerBackend().on("POST", "/api/tickets/:id/replies", () =>
      json(aReply({ id: 13, ticket_id: 4, author_id: theCustomer.id, content: "Thanks" }), { status: 201 }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    expect(await screen.findByRole("heading", { name: "#4 My printer" })).toBeInTheDocument();
    const items = within(await screen.findByRole("list", { name: "Conversation" })).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Support team");
    expect(items[1]).toHaveTextContent("Carl Customer");
    expect(within(items[1]).queryByRole("link")).not.toBeInTheDocument();
    for (const name of ["Edit", "Delete", "Delete reply"]) {
      expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByRole("combobox", { name: "Status" })).not.toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: "Priority" })).not.toBeInTheDocument();
    expect(screen.queryByRole("switch", { name: "Internal note" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Activity" })).not.toBeInTheDocument();
    expect(screen.queryByText("Assignee")).not.toBeInTheDocument();
    // No AI data for customers: no panels, no "AI-assisted" mark, not even a request for it.
    expect(screen.queryByRole("region", { name: "AI draft" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "AI triage" })).not.toBeInTheDocument();
    expect(screen.queryByText("AI-assisted")).not.toBeInTheDocument();
    expect(api.sent("/api/tickets/4/ai")).toHaveLength(0);
    expect(within(await mainMenu()).queryByRole("link", { name: "AI chat" })).not.toBeInTheDocument();

    await user.type(screen.getByRole("textbox", { name: "Message" }), "Thanks");
    await user.click(screen.getByRole("button", { name: "Send reply" }));
    await waitFor(() => expect(api.sent("/api/tickets/4/replies", "POST")).toHaveLength(1));
    expect(api.sent("/api/tickets/4/replies", "POST")[0].body).toEqual({ content: "Thanks", internal: false });
    expect(api.sent("/api/tickets/4/activity")).toHaveLength(0);
    expect(api.sent("/api/users")).toHaveLength(0);
  });

  it("files a new ticket for themselves: no requester, status or category", async () => {
    const api = customerBackend().on("POST", "/api/tickets", () => json(aTicket({ id: 4, requester_id: theCustomer.id }), { status: 201 }));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets/new");

    await user.type(await screen.findByRole("textbox", { name: "Title" }), "Printer jammed");
    await user.type(screen.getByRole("textbox", { name: "Content" }), "Paper stuck.");
    for (const name of ["Requester", "Status"]) {
      expect(screen.queryByRole("combobox", { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByRole("textbox", { name: "Category" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create ticket" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets/4"));
    expect(api.sent("/api/tickets", "POST")[0].body).toEqual({ title: "Printer jammed", content: "Paper stuck.", priority: "medium", tags: [] });
  });
});

describe("an agent", () => {
  it("has the users menu and every ticket control, including the activity and deleting replies", async () => {
    staffBackend();
    renderApp("/tickets/4");

    expect(await screen.findByRole("heading", { name: "#4 Printer on fire" })).toBeInTheDocument();
    expect(within(await mainMenu()).getByRole("link", { name: "Users" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Edit" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete" })).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Status" })).toBeInTheDocument();
    expect(screen.getByRole("switch", { name: "Internal note" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Activity" })).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Delete reply" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete internal note" })).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Signed-in account" })).toHaveTextContent("Agnes AgentAgent");
    // The AI panels and the AI chat, but not the admins' AI settings.
    expect(await screen.findByRole("region", { name: "AI draft" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "AI triage" })).toBeInTheDocument();
    expect(within(await mainMenu()).getByRole("link", { name: "AI chat" })).toBeInTheDocument();
    expect(within(await mainMenu()).queryByRole("link", { name: "AI settings" })).not.toBeInTheDocument();
  });

  it("sees accounts and adds customers, but manages no roles, passwords or deletions", async () => {
    const api = staffBackend().on("GET", "/api/users/:id", () => json(requester));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/users");

    const row = (await screen.findByRole("link", { name: "Rita Requester" })).closest("tr") as HTMLElement;
    expect(within(row).getByText("Customer")).toBeInTheDocument();
    expect(within(row).getByText("Active")).toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: /^Role of/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Deactivate/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Set password/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "New user" }));
    const dialog = await screen.findByRole("dialog", { name: "New user" });
    expect(within(dialog).queryByRole("combobox", { name: "Role" })).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText("Password")).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

    await user.click(within(row).getByRole("link", { name: "Rita Requester" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/users/1"));
    expect(await screen.findByRole("heading", { name: "Rita Requester" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete user" })).not.toBeInTheDocument();
    expect(api.sent("/api/users/1", "PATCH")).toHaveLength(0);
  });
});
