import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Ticket } from "../../../api/types";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { aReply, aTicket, aUser, anActivityEntry, theAgent } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

const requester = aUser({ id: 1, name: "Rita Requester" });
const agent = aUser({ id: 2, name: "Andy Agent", role: "agent" });

// Deliberately not in chronological order: the page must sort them.
const replies = [
  aReply({ id: 12, author_id: 2, content: "Escalating to hardware team.", internal: true, created_at: "2025-01-02T12:00:00Z" }),
  aReply({ id: 10, author_id: 2, content: "Have you tried turning it off?", created_at: "2025-01-02T10:30:00Z" }),
  aReply({ id: 11, author_id: 1, content: "Yes, still smoking.", created_at: "2025-01-02T11:15:00Z" }),
];

function fakeBackend(ticket: Ticket = aTicket({ id: 4, version: 3, requester_id: 1 })) {
  let current = ticket;
  const api = new FakeApi()
    .on("GET", "/api/users", ({ url }) => {
      const ids = url.searchParams.get("ids")?.split(",").map(Number);
      const found = [requester, agent, theAgent].filter((user) => !ids || ids.includes(user.id));
      return json(found, { headers: { "X-Total-Count": String(found.length) } });
    })
    .on("GET", "/api/tickets/:id", () => json(current, { headers: { ETag: `"${current.version}"` } }))
    .on("GET", "/api/tickets/:id/replies", () => json(replies))
    .on("GET", "/api/tickets/:id/activity", () => json([]));
  const changeTicket = (next: Ticket) => {
    current = next;
  };
  return { api, changeTicket };
}

describe("ticket detail", () => {
  it("shows the conversation oldest first, with author names, internal notes set apart", async () => {
    fakeBackend();
    renderApp("/tickets/4");

    expect(await screen.findByRole("heading", { name: "#4 Printer on fire" })).toBeInTheDocument();
    const conversation = await screen.findByRole("list", { name: "Conversation" });
    const items = within(conversation).getAllByRole("listitem");
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining("Have you tried turning it off?"),
      expect.stringContaining("Yes, still smoking."),
      expect.stringContaining("Escalating to hardware team."),
    ]);
    await waitFor(() => expect(within(items[0]).getByRole("link", { name: "Andy Agent" })).toBeInTheDocument());
    expect(within(items[1]).getByRole("link", { name: "Rita Requester" })).toBeInTheDocument();

    const note = items[2];
    expect(note).toHaveAccessibleName("Internal note");
    expect(within(note).getByText("Internal note")).toBeInTheDocument();
    expect(note.querySelector(".ant-card")).toHaveStyle({ background: "#fffbe6" });
    expect(items[0].querySelector(".ant-card")).not.toHaveStyle({ background: "#fffbe6" });
    expect(within(items[0]).queryByText("Internal note")).not.toBeInTheDocument();
  });

  it("tells the agent when someone else changed the ticket (412) and reloads it", async () => {
    const { api, changeTicket } = fakeBackend();
    api.on("PATCH", "/api/tickets/:id", () => {
      changeTicket(aTicket({ id: 4, version: 4, title: "Printer on fire (building 2)" }));
      return problem(412, "Precondition Failed", "The ticket was changed since version 3.");
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    await user.click(await screen.findByRole("button", { name: "Edit" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit ticket #4" });
    const title = within(dialog).getByRole("textbox", { name: "Title" });
    await user.clear(title);
    await user.type(title, "Printer smoking");
    await user.click(within(dialog).getByRole("button", { name: "Save changes" }));

    expect(await within(dialog).findByText("This ticket was changed by someone else")).toBeInTheDocument();
    expect(within(dialog).getByText(/Someone else changed this ticket/)).toBeInTheDocument();

    const [patch] = api.sent("/api/tickets/4", "PATCH");
    expect(patch.headers.get("If-Match")).toBe('"3"');
    expect(patch.body).toEqual({ title: "Printer smoking" });

    // Reloaded: the page and the form now show the other agent's version.
    expect(await screen.findByRole("heading", { name: "#4 Printer on fire (building 2)" })).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByRole("textbox", { name: "Title" })).toHaveValue("Printer on fire (building 2)"));
  });

  it("changes the status in place with If-Match", async () => {
    const { api } = fakeBackend();
    api.on("PATCH", "/api/tickets/:id", () => json(aTicket({ id: 4, version: 4, status: "resolved" })));
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    await user.click(await screen.findByRole("combobox", { name: "Status" }));
    await user.click(await screen.findByTitle("Resolved"));

    await waitFor(() => expect(api.sent("/api/tickets/4", "PATCH")).toHaveLength(1));
    const [patch] = api.sent("/api/tickets/4", "PATCH");
    expect(patch.body).toEqual({ status: "resolved" });
    expect(patch.headers.get("If-Match")).toBe('"3"');
    expect(await screen.findByText("Status changed to Resolved")).toBeInTheDocument();
  });

  it("names what a deletion takes with it before deleting", async () => {
    const { api } = fakeBackend();
    api.on("DELETE", "/api/tickets/:id", () => new Response(null, { status: 204 }));
    api.on("GET", "/api/tickets", () => json([], { headers: { "X-Total-Count": "0" } }));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets/4");
    await screen.findByRole("list", { name: "Conversation" });

    await user.click(screen.getByRole("button", { name: "Delete" }));
    const confirmation = await screen.findByRole("dialog");
    expect(confirmation).toHaveTextContent("Delete ticket #4?");
    expect(confirmation).toHaveTextContent("This deletes ticket #4 “Printer on fire” and its 3 replies (1 internal note).");
    await user.click(within(confirmation).getByRole("button", { name: "Delete" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    expect(api.sent("/api/tickets/4", "DELETE")[0].headers.get("If-Match")).toBe('"3"');
  });

  it("sends an internal note as the signed-in agent, without choosing an author", async () => {
    const { api } = fakeBackend();
    api.on("POST", "/api/tickets/:id/replies", () => json(aReply({ id: 13, internal: true }), { status: 201 }));
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");
    await screen.findByRole("list", { name: "Conversation" });

    expect(screen.queryByRole("combobox", { name: "Author" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("switch", { name: "Internal note" }));
    await user.type(screen.getByRole("textbox", { name: "Message" }), "Customer is a VIP.");
    await user.click(screen.getByRole("button", { name: "Add internal note" }));

    await waitFor(() => expect(api.sent("/api/tickets/4/replies", "POST")).toHaveLength(1));
    const [post] = api.sent("/api/tickets/4/replies", "POST");
    expect(post.body).toEqual({ content: "Customer is a VIP.", internal: true });
    expect(post.headers.get("Authorization")).toBe("Bearer test-token");
    expect(await screen.findByText("Internal note added")).toBeInTheDocument();
  });

  it("deletes a reply after asking, and refreshes the conversation and the activity", async () => {
    const { api } = fakeBackend();
    api.on("DELETE", "/api/tickets/:id/replies/:replyId", () => new Response(null, { status: 204 }));
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");
    const conversation = await screen.findByRole("list", { name: "Conversation" });

    const note = within(conversation).getAllByRole("listitem")[2];
    await user.click(within(note).getByRole("button", { name: "Delete internal note" }));
    const confirmation = await screen.findByRole("dialog");
    expect(confirmation).toHaveTextContent("Delete this internal note?");
    const repliesLoads = api.sent("/api/tickets/4/replies", "GET").length;
    const activityLoads = api.sent("/api/tickets/4/activity", "GET").length;
    await user.click(within(confirmation).getByRole("button", { name: "Delete" }));

    await waitFor(() => expect(api.sent("/api/tickets/4/replies/12", "DELETE")).toHaveLength(1));
    expect(await screen.findByText("Internal note deleted")).toBeInTheDocument();
    await waitFor(() => expect(api.sent("/api/tickets/4/replies", "GET").length).toBeGreaterThan(repliesLoads));
    await waitFor(() => expect(api.sent("/api/tickets/4/activity", "GET").length).toBeGreaterThan(activityLoads));
  });

  it("shows the activity as sentences with people's names", async () => {
    const { api } = fakeBackend(aTicket({ id: 4, version: 3, requester_id: 1, assignee_id: 2 }));
    api.on("GET", "/api/tickets/:id/activity", () =>
      json([
        anActivityEntry({ id: 1, ticket_id: 4, actor_id: 1, action: "created", details: { status: "open", priority: "medium" } }),
        anActivityEntry({ id: 2, ticket_id: 4, actor_id: 90, action: "updated", details: { status: { from: "open", to: "resolved" } }, created_at: "2025-01-02T12:00:00Z" }),
        anActivityEntry({ id: 3, ticket_id: 4, actor_id: 90, action: "updated", details: { assignee_id: { from: null, to: 2 } }, created_at: "2025-01-02T12:30:00Z" }),
        anActivityEntry({ id: 4, ticket_id: 4, actor_id: 2, action: "reply_deleted", details: { reply_id: 9, author_id: 1, internal: false, content: "Never mind." }, created_at: "2025-01-02T13:00:00Z" }),
      ]),
    );
    renderApp("/tickets/4");

    const timeline = await screen.findByRole("list", { name: "Activity" });
    await waitFor(() =>
      expect(within(timeline).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
        expect.stringContaining("Rita Requester created the ticket"),
        expect.stringContaining("Agnes Agent changed status from open to resolved"),
        expect.stringContaining("Agnes Agent assigned the ticket to Andy Agent"),
        expect.stringContaining("Andy Agent deleted a reply by Rita Requester"),
      ]),
    );
    expect(within(timeline).getByText("Never mind.")).toBeInTheDocument();
  });

  it("shows the details people read, without the internal version counter", async () => {
    fakeBackend(aTicket({ id: 4, version: 3, requester_id: 1, category: "hardware" }));
    renderApp("/tickets/4");

    const details = (await screen.findByText("Details")).closest(".ant-card") as HTMLElement;
    expect(await within(details).findByRole("link", { name: "Rita Requester" })).toBeInTheDocument();
    expect(within(details).getByText("hardware")).toBeInTheDocument();
    expect(within(details).getByText("Created")).toBeInTheDocument();
    // The version is the ETag sent back as If-Match (see the 412 test), not a field to read.
    expect(within(details).queryByText("Version")).not.toBeInTheDocument();
    expect(screen.queryByText(/Version/)).not.toBeInTheDocument();
  });

  it("says when the ticket does not exist", async () => {
    new FakeApi().on("GET", "/api/tickets/:id", () => problem(404, "Not Found", "Ticket 404 does not exist."));
    renderApp("/tickets/404");
    expect(await screen.findByText("Ticket not found")).toBeInTheDocument();
  });
});
