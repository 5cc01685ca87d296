import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Reply, Ticket, TicketAi } from "../../../api/types";
import { FakeApi, json, problem } from "../../../test/fakeApi";
import { aDraft, aReply, aTicket, aTicketAi, aTriage, aUser, theAgent } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";
import { AI_POLL_INTERVAL_MS } from "../hooks/useTicketAi";

const requester = aUser({ id: 1, name: "Rita Requester" });

/** A ticket page backend whose AI answer and replies a test can change as the server would. */
function fakeBackend(ai: TicketAi, ticket: Ticket = aTicket({ id: 4, version: 3, requester_id: 1 })) {
  const state = { ai, ticket, replies: [] as Reply[] };
  const api = new FakeApi()
    .on("GET", "/api/users", () => json([requester, theAgent], { headers: { "X-Total-Count": "2" } }))
    .on("GET", "/api/tickets/:id", () => json(state.ticket))
    .on("GET", "/api/tickets/:id/replies", () => json(state.replies))
    .on("GET", "/api/tickets/:id/activity", () => json([]))
    .on("GET", "/api/tickets/:id/ai", () => json(state.ai));
  return { api, state };
}

const aiPanel = () => screen.findByRole("region", { name: "AI draft" });
const triagePanel = () => screen.findByRole("region", { name: "AI triage" });

describe("the AI panels of a ticket", () => {
  it("polls while the job is queued or running, then shows the triage and the cited draft and stops", async () => {
    const { api, state } = fakeBackend(aTicketAi({ ticket_id: 4, triage: null, drafts: [], job: { status: "queued", attempts: 0, error: null, updated_at: "2025-01-02T10:00:00Z" } }));
    renderApp("/tickets/4");

    expect(await screen.findByText("Waiting for the AI…")).toBeInTheDocument();
    expect(screen.getByText("Triaging…")).toBeInTheDocument();
    await waitFor(() => expect(api.sent("/api/tickets/4/ai").length).toBeGreaterThanOrEqual(2));
    state.ai = aTicketAi({ ticket_id: 4, triage: null, drafts: [], job: { status: "running", attempts: 1, error: null, updated_at: "2025-01-02T10:00:00Z" } });
    expect(await screen.findByText("Drafting a reply…")).toBeInTheDocument();
    state.ai = aTicketAi({ ticket_id: 4 });

    const panel = await aiPanel();
    const draft = await within(panel).findByRole("article", { name: "Draft #7" });
    expect(within(draft).getByLabelText("Draft text")).toHaveTextContent("Unplug the printer and keep clear of it [1].");
    expect(within(draft).getByText("Extractive draft")).toBeInTheDocument();
    const citations = within(draft).getByRole("list", { name: "Cited passages" });
    expect(within(citations).getByRole("listitem", { name: "[1] Printer safety" })).toHaveTextContent("[1] Printer safetyUnplug the printer first.");

    const triage = await triagePanel();
    expect(within(triage).getByRole("listitem", { name: "Category hardware" })).toHaveTextContent("91 % confident");
    expect(within(triage).getByRole("listitem", { name: "Category hardware" })).toHaveTextContent("learned model: like 12 labelled tickets");
    expect(within(triage).getByRole("listitem", { name: "Priority high" })).toHaveTextContent("rules: mentions smoke");
    expect(within(triage).getByRole("listitem", { name: "Tag printer" })).toHaveTextContent("mentions a printer");

    // Done: no more polling.
    const asked = api.sent("/api/tickets/4/ai").length;
    await new Promise((resolve) => setTimeout(resolve, AI_POLL_INTERVAL_MS * 2));
    expect(api.sent("/api/tickets/4/ai")).toHaveLength(asked);
  });

  it("names the draft's language rather than showing its code", async () => {
    fakeBackend(aTicketAi({ ticket_id: 4, drafts: [aDraft({ language: "de" })] }));
    renderApp("/tickets/4");

    const draft = await within(await aiPanel()).findByRole("article", { name: "Draft #7" });
    expect(within(draft).getByText("German")).toHaveAttribute("title", "Language: de");
    expect(within(draft).queryByText("de")).not.toBeInTheDocument();
    // An extractive draft takes no time worth showing (its latency_ms here is 42.4).
    expect(draft).not.toHaveTextContent(/written in|\d ms/);
  });

  it("says how long a language model took to write a draft", async () => {
    fakeBackend(aTicketAi({ ticket_id: 4, drafts: [aDraft({ id: 8, model: "openai/gpt-4o-mini", latency_ms: 2440 })] }));
    renderApp("/tickets/4");

    const written = await within(await aiPanel()).findByRole("article", { name: "Draft #8" });
    expect(within(written).getByText("written in 2.4 s")).toBeInTheDocument();
  });

  it("applies the category, priority and a tag with If-Match, and overrides the category", async () => {
    const { api, state } = fakeBackend(aTicketAi({ ticket_id: 4 }));
    api.on("GET", "/api/ai/categories", () => json({ items: [{ name: "billing", description: "Invoices and payments" }] }));
    api.on("PATCH", "/api/tickets/:id", ({ body }) => {
      state.ticket = { ...state.ticket, ...(body as Partial<Ticket>), version: state.ticket.version + 1 };
      return json(state.ticket);
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");
    const triage = await triagePanel();

    await user.click(within(triage).getByRole("button", { name: "Apply Category hardware" }));
    await waitFor(() => expect(api.sent("/api/tickets/4", "PATCH")).toHaveLength(1));
    expect(await within(triage).findByRole("listitem", { name: "Category hardware" })).toHaveTextContent("Applied");

    await user.click(within(triage).getByRole("button", { name: "Apply Priority high" }));
    await waitFor(() => expect(api.sent("/api/tickets/4", "PATCH")).toHaveLength(2));
    await user.click(await within(triage).findByRole("button", { name: "Apply Tag printer" }));
    await waitFor(() => expect(api.sent("/api/tickets/4", "PATCH")).toHaveLength(3));

    await user.click(within(triage).getByRole("combobox", { name: "Override the category" }));
    await user.click(await screen.findByTitle("billing"));
    await waitFor(() => expect(api.sent("/api/tickets/4", "PATCH")).toHaveLength(4));

    const patches = api.sent("/api/tickets/4", "PATCH");
    expect(patches.map((patch) => patch.body)).toEqual([{ category: "hardware" }, { priority: "high" }, { tags: ["printer"] }, { category: "billing" }]);
    expect(patches.map((patch) => patch.headers.get("If-Match"))).toEqual(['"3"', '"4"', '"5"', '"6"']);
    expect(await screen.findByText("Category set to billing")).toBeInTheDocument();
  });

  it("sends an inserted, edited draft through its accept, marked AI-assisted, and lists the draft as edited", async () => {
    const { api, state } = fakeBackend(aTicketAi({ ticket_id: 4 }));
    api.on("POST", "/api/tickets/:id/drafts/:draftId/accept", ({ body }) => {
      const { text } = body as { text: string };
      const reply = aReply({ id: 30, ticket_id: 4, author_id: theAgent.id, content: text, ai_assisted: true });
      const draft = aDraft({ status: "edited", changed_share: 0.23, reply_id: 30 });
      state.replies = [reply];
      state.ai = aTicketAi({ ticket_id: 4, drafts: [draft] });
      return json({ draft, reply }, { status: 201 });
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    const panel = await aiPanel();
    await user.click(await within(panel).findByRole("button", { name: "Insert into reply" }));
    const message = screen.getByRole("textbox", { name: "Message" });
    await waitFor(() => expect(message).toHaveValue(aDraft().text));
    expect(screen.getByText("Written from AI draft #7")).toBeInTheDocument();
    await user.type(message, " Thanks!");
    await user.click(screen.getByRole("button", { name: "Send reply" }));

    await waitFor(() => expect(api.sent("/api/tickets/4/drafts/7/accept", "POST")).toHaveLength(1));
    expect(api.sent("/api/tickets/4/drafts/7/accept", "POST")[0].body).toEqual({ text: `${aDraft().text} Thanks!`, public: true });
    expect(api.sent("/api/tickets/4/replies", "POST")).toHaveLength(0);

    const conversation = await screen.findByRole("list", { name: "Conversation" });
    const reply = await within(conversation).findByRole("listitem", { name: "Reply" });
    expect(reply).toHaveTextContent("Best regards Thanks!");
    expect(within(reply).getByText("AI-assisted")).toBeInTheDocument();
    const earlier = await within(panel).findByRole("list", { name: "Earlier drafts" });
    expect(within(earlier).getByRole("listitem", { name: "Draft #7" })).toHaveTextContent("Edited#7 · extractive");
    expect(within(earlier).getByRole("listitem", { name: "Draft #7" })).toHaveTextContent("23 % changed");
    expect(message).toHaveValue("");
    expect(screen.queryByText("Written from AI draft #7")).not.toBeInTheDocument();
  });

  it("sends an ordinary reply once the agent writes without the draft", async () => {
    const { api } = fakeBackend(aTicketAi({ ticket_id: 4 }));
    api.on("POST", "/api/tickets/:id/replies", ({ body }) => json(aReply({ id: 31, ticket_id: 4, content: (body as { content: string }).content }), { status: 201 }));
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    await user.click(await within(await aiPanel()).findByRole("button", { name: "Insert into reply" }));
    await user.click(await screen.findByRole("button", { name: "Write without the draft" }));
    await user.click(screen.getByRole("button", { name: "Send reply" }));

    await waitFor(() => expect(api.sent("/api/tickets/4/replies", "POST")).toHaveLength(1));
    expect(api.sent("/api/tickets/4/replies", "POST")[0].body).toEqual({ content: aDraft().text, internal: false });
    expect(api.sent("/api/tickets/4/drafts/7/accept")).toHaveLength(0);
  });

  it("accepts and sends a draft as it is, after confirming", async () => {
    const { api } = fakeBackend(aTicketAi({ ticket_id: 4 }));
    api.on("POST", "/api/tickets/:id/drafts/:draftId/accept", () =>
      json({ draft: aDraft({ status: "accepted" }), reply: aReply({ id: 30, ai_assisted: true }) }, { status: 201 }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    await user.click(await within(await aiPanel()).findByRole("button", { name: "Accept and send" }));
    await user.click(await screen.findByRole("button", { name: "Send" }));

    await waitFor(() => expect(api.sent("/api/tickets/4/drafts/7/accept", "POST")).toHaveLength(1));
    expect(api.sent("/api/tickets/4/drafts/7/accept")[0].body).toEqual({ public: true });
    expect(await screen.findByText("Draft sent as the reply")).toBeInTheDocument();
  });

  it("rejects a draft only with a reason", async () => {
    const { api, state } = fakeBackend(aTicketAi({ ticket_id: 4 }));
    api.on("POST", "/api/tickets/:id/drafts/:draftId/reject", ({ body }) => {
      const draft = aDraft({ status: "rejected", reject_reason: (body as { reason: string }).reason });
      state.ai = aTicketAi({ ticket_id: 4, drafts: [draft] });
      return json(draft);
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    const panel = await aiPanel();
    await user.click(await within(panel).findByRole("button", { name: "Reject" }));
    const dialog = await screen.findByRole("dialog", { name: "Reject draft #7" });
    await user.click(within(dialog).getByRole("button", { name: "Reject draft" }));
    expect(await within(dialog).findByText("Say why the draft is rejected")).toBeInTheDocument();
    expect(api.sent("/api/tickets/4/drafts/7/reject")).toHaveLength(0);

    await user.type(within(dialog).getByRole("textbox", { name: "Reason" }), "Wrong printer model");
    await user.click(within(dialog).getByRole("button", { name: "Reject draft" }));

    await waitFor(() => expect(api.sent("/api/tickets/4/drafts/7/reject", "POST")).toHaveLength(1));
    expect(api.sent("/api/tickets/4/drafts/7/reject")[0].body).toEqual({ reason: "Wrong printer model" });
    const earlier = await within(panel).findByRole("list", { name: "Earlier drafts" });
    expect(within(earlier).getByRole("listitem", { name: "Draft #7" })).toHaveTextContent("Rejected");
    expect(within(earlier).getByRole("listitem", { name: "Draft #7" })).toHaveTextContent("“Wrong printer model”");
    expect(within(panel).getByText("No draft waiting for review")).toBeInTheDocument();
  });

  it("shows a failed job with its reason, and Retry regenerates", async () => {
    const failedDraft = aDraft({ id: 8, status: "failed", model: "openai/gpt-4o-mini", failure_reason: "timed out after 30 s", text: "" });
    const { api, state } = fakeBackend(
      aTicketAi({ ticket_id: 4, triage: aTriage({ ticket_id: 4 }), drafts: [failedDraft], job: { status: "failed", attempts: 3, error: "timed out after 30 s", updated_at: "2025-01-02T10:01:00Z" } }),
    );
    api.on("POST", "/api/ai/tickets/:id/suggest", () => {
      const draft = aDraft({ id: 9, model: "openai/gpt-4o-mini", prompt_tokens: 812, completion_tokens: 95, text: "Hi Rita, unplug it [1]." });
      state.ai = aTicketAi({ ticket_id: 4, drafts: [draft, failedDraft] });
      return json({ ticket_id: 4, draft_id: 9, draft, triage: aTriage(), category: "hardware", confidence: 0.91, abstained: false, suggested_priority: "high", suggested_tags: [], ai_reply: draft.text, kb_snippets: [], citations: draft.citations });
    });
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    const panel = await aiPanel();
    expect(await within(panel).findByText("Failed: timed out after 30 s")).toBeInTheDocument();
    expect(within(panel).getByRole("listitem", { name: "Draft #8" })).toHaveTextContent("Failed#8 · openai/gpt-4o-mini");
    await user.click(within(panel).getByRole("button", { name: "Retry" }));

    await waitFor(() => expect(api.sent("/api/ai/tickets/4/suggest", "POST")).toHaveLength(1));
    const draft = await within(panel).findByRole("article", { name: "Draft #9" });
    expect(within(draft).getByText("openai/gpt-4o-mini")).toBeInTheDocument();
    expect(within(draft).queryByText("Extractive draft")).not.toBeInTheDocument();
    expect(draft).toHaveTextContent("812 + 95 tokens");
    expect(within(panel).queryByText(/^Failed:/)).not.toBeInTheDocument();
  });

  it("shows the server's 409 when the draft was decided meanwhile", async () => {
    const { api } = fakeBackend(aTicketAi({ ticket_id: 4 }));
    api.on("POST", "/api/tickets/:id/drafts/:draftId/accept", () => problem(409, "Conflict", "Draft 7 was already accepted."));
    const user = userEvent.setup({ delay: null });
    renderApp("/tickets/4");

    await user.click(await within(await aiPanel()).findByRole("button", { name: "Insert into reply" }));
    await user.click(screen.getByRole("button", { name: "Send reply" }));

    expect(await screen.findByText("Draft 7 was already accepted.")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue(aDraft().text);
  });
});
