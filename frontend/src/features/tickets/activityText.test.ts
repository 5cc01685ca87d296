import { describe, expect, it } from "vitest";
import { anActivityEntry } from "../../test/fixtures";
import { describeActivity, listInWords, peopleInActivity } from "./activityText";

const names: Record<number, string> = { 1: "Rita", 2: "Agnes", 3: "Bert" };
const nameOf = (id: number | null) => (id === null ? "The system" : (names[id] ?? `User #${id}`));
const entry = (overrides: Parameters<typeof anActivityEntry>[0]) => anActivityEntry({ actor_id: 2, ...overrides });
const updated = (details: Record<string, unknown>, actor_id: number | null = 2) => entry({ action: "updated", actor_id, details });

describe("activity in words", () => {
  it("names who did what", () => {
    expect(describeActivity(anActivityEntry({ action: "created", actor_id: 1 }), nameOf)).toBe("Rita created the ticket");
    expect(describeActivity(entry({ action: "replied" }), nameOf)).toBe("Agnes replied");
    expect(describeActivity(entry({ action: "note_added" }), nameOf)).toBe("Agnes added an internal note");
    expect(describeActivity(entry({ action: "reply_deleted", details: { author_id: 1, internal: false } }), nameOf)).toBe(
      "Agnes deleted a reply by Rita",
    );
    expect(describeActivity(entry({ action: "reply_deleted", details: { author_id: 3, internal: true } }), nameOf)).toBe(
      "Agnes deleted an internal note by Bert",
    );
  });

  it("reads field changes with their old and new values", () => {
    expect(describeActivity(updated({ status: { from: "open", to: "resolved" } }), nameOf)).toBe("Agnes changed status from open to resolved");
    expect(describeActivity(updated({ status: { from: "pending", to: "in_progress" } }), nameOf)).toBe(
      "Agnes changed status from pending to in progress",
    );
    expect(describeActivity(updated({ title: { from: "Printer", to: "Printer on fire" } }), nameOf)).toBe(
      "Agnes changed the title from “Printer” to “Printer on fire”",
    );
    expect(describeActivity(updated({ content: { from: "a", to: "b" } }), nameOf)).toBe("Agnes edited the description");
    expect(describeActivity(updated({ category: { from: null, to: "billing" } }), nameOf)).toBe("Agnes set the category to “billing”");
    expect(describeActivity(updated({ category: { from: "billing", to: null } }), nameOf)).toBe("Agnes cleared the category (was “billing”)");
    expect(describeActivity(updated({ tags: { from: ["printer", "web"], to: ["printer", "office", "urgent"] } }), nameOf)).toBe(
      "Agnes added the tags office and urgent and removed the tag web",
    );
  });

  it("names assignees", () => {
    expect(describeActivity(updated({ assignee_id: { from: null, to: 3 } }), nameOf)).toBe("Agnes assigned the ticket to Bert");
    expect(describeActivity(updated({ assignee_id: { from: 3, to: null } }), nameOf)).toBe("Agnes unassigned Bert");
    expect(describeActivity(updated({ assignee_id: { from: 3, to: 2 } }), nameOf)).toBe("Agnes reassigned the ticket from Bert to Agnes");
    expect(peopleInActivity(updated({ assignee_id: { from: 3, to: 1 } }))).toEqual([2, 3, 1]);
  });

  it("joins several changes in one sentence, status first", () => {
    expect(
      describeActivity(updated({ priority: { from: "medium", to: "urgent" }, status: { from: "open", to: "pending" } }, null), nameOf),
    ).toBe("The system changed status from open to pending and priority from medium to urgent");
    expect(listInWords(["a", "b", "c"])).toBe("a, b and c");
  });

  it("still says something about actions it does not know", () => {
    expect(describeActivity(anActivityEntry({ action: "merged_into", actor_id: 9 }), nameOf)).toBe("User #9: merged into");
    expect(describeActivity(updated({}), nameOf)).toBe("Agnes updated the ticket");
  });

  it("tells what the AI did, and who acted on its drafts", () => {
    const system = (action: string, details: Record<string, unknown>) => anActivityEntry({ action, actor_id: null, details });
    expect(describeActivity(system("ai_triaged", { triage_id: 1, category: "billing", priority: "high", tags: ["refund", "card"] }), nameOf)).toBe(
      "The AI triaged the ticket: suggested category “billing”, priority high and the tags refund and card",
    );
    expect(describeActivity(entry({ action: "ai_triaged", details: { category: null, priority: null, tags: [] } }), nameOf)).toBe(
      "The AI triaged the ticket (asked by Agnes): suggested nothing",
    );
    expect(describeActivity(system("ai_drafted", { draft_id: 4, model: "extractive" }), nameOf)).toBe("The AI wrote AI draft #4 with the extractive drafter");
    expect(describeActivity(system("ai_draft_failed", { draft_id: 5, model: "openai/gpt-4o-mini", reason: "timed out" }), nameOf)).toBe(
      "The AI could not write AI draft #5: timed out",
    );
    expect(describeActivity(system("ai_applied", { category: "billing", tags: ["refund"], threshold: 0.9 }), nameOf)).toBe(
      "The AI applied category “billing” and the tag refund (confidence above 90 %)",
    );
    expect(describeActivity(entry({ action: "ai_draft_accepted", details: { draft_id: 4, reply_id: 9, status: "edited", changed_share: 0.113 } }), nameOf)).toBe(
      "Agnes sent AI draft #4 as a reply, edited (11 % changed)",
    );
    expect(describeActivity(entry({ action: "ai_draft_accepted", details: { draft_id: 4, reply_id: 9, status: "accepted", changed_share: 0 } }), nameOf)).toBe(
      "Agnes sent AI draft #4 as a reply",
    );
    expect(describeActivity(entry({ action: "ai_draft_rejected", details: { draft_id: 4, reason: "Wrong product" } }), nameOf)).toBe(
      "Agnes rejected AI draft #4: “Wrong product”",
    );
    expect(describeActivity(entry({ action: "imported", details: { replies: 2 } }), nameOf)).toBe("Agnes imported the ticket with 2 replies");
  });
});
