import type { ActivityEntry, TicketPriority, TicketStatus } from "../../api/types";
import { TICKET_PRIORITIES, TICKET_STATUSES } from "../../api/types";
import { PRIORITY_LABELS, STATUS_LABELS } from "./ticketPresentation";

/** A person's name for an account id; null is the system (no signed-in actor). */
export type NameOf = (userId: number | null) => string;

interface FieldChange {
  from: unknown;
  to: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFieldChange(value: unknown): value is FieldChange {
  return isRecord(value) && "from" in value && "to" in value;
}

function quoted(value: unknown): string {
  return `“${String(value)}”`;
}

function statusText(value: unknown): string {
  const status = TICKET_STATUSES.find((candidate) => candidate === value) as TicketStatus | undefined;
  return status ? STATUS_LABELS[status].toLowerCase() : String(value);
}

function priorityText(value: unknown): string {
  const priority = TICKET_PRIORITIES.find((candidate) => candidate === value) as TicketPriority | undefined;
  return priority ? PRIORITY_LABELS[priority].toLowerCase() : String(value);
}

function tagList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string" && value) return value.split(",").map((tag) => tag.trim()).filter(Boolean);
  return [];
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function tagChange(change: FieldChange): string {
  const before = tagList(change.from);
  const after = tagList(change.to);
  const added = after.filter((tag) => !before.includes(tag));
  const removed = before.filter((tag) => !after.includes(tag));
  const parts: string[] = [];
  if (added.length > 0) parts.push(`added the ${added.length === 1 ? "tag" : "tags"} ${listInWords(added)}`);
  if (removed.length > 0) parts.push(`removed the ${removed.length === 1 ? "tag" : "tags"} ${listInWords(removed)}`);
  return parts.length > 0 ? parts.join(" and ") : "reordered the tags";
}

function userId(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

/** One change of an update, as a phrase without its subject ("changed status from open to resolved"). */
function changePhrase(field: string, change: FieldChange, nameOf: NameOf): string {
  switch (field) {
    case "status":
      return `changed status from ${statusText(change.from)} to ${statusText(change.to)}`;
    case "priority":
      return `changed priority from ${priorityText(change.from)} to ${priorityText(change.to)}`;
    case "title":
      return `changed the title from ${quoted(change.from)} to ${quoted(change.to)}`;
    case "content":
      return "edited the description";
    case "tags":
      return tagChange(change);
    case "category":
      if (change.from === null || change.from === "") return `set the category to ${quoted(change.to)}`;
      if (change.to === null || change.to === "") return `cleared the category (was ${quoted(change.from)})`;
      return `changed the category from ${quoted(change.from)} to ${quoted(change.to)}`;
    case "assignee_id": {
      const from = userId(change.from);
      const to = userId(change.to);
      if (from === null && to !== null) return `assigned the ticket to ${nameOf(to)}`;
      if (to === null && from !== null) return `unassigned ${nameOf(from)}`;
      return `reassigned the ticket from ${nameOf(from)} to ${nameOf(to)}`;
    }
    default:
      return `changed ${field.replace(/_/g, " ")} from ${JSON.stringify(change.from)} to ${JSON.stringify(change.to)}`;
  }
}

const FIELD_ORDER = ["status", "priority", "assignee_id", "title", "content", "category", "tags"];

function fieldRank(field: string): number {
  const rank = FIELD_ORDER.indexOf(field);
  return rank === -1 ? FIELD_ORDER.length : rank;
}

/** "changed status … and changed priority …" reads better as "changed status … and priority …". */
function joinPhrases(phrases: string[]): string {
  const shortened = phrases.map((phrase, index) =>
    index > 0 && phrases[index - 1].startsWith("changed ") && phrase.startsWith("changed ") ? phrase.slice("changed ".length) : phrase,
  );
  return listInWords(shortened);
}

function percent(value: unknown): string | null {
  return typeof value === "number" ? `${Math.round(value * 100)} %` : null;
}

/** "category “billing”, priority high and the tags a and b": what the AI suggested or applied. */
function aiSuggestions(details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof details.category === "string" && details.category) parts.push(`category ${quoted(details.category)}`);
  if (typeof details.priority === "string" && details.priority) parts.push(`priority ${priorityText(details.priority)}`);
  const tags = tagList(details.tags);
  if (tags.length > 0) parts.push(`the ${tags.length === 1 ? "tag" : "tags"} ${listInWords(tags)}`);
  return parts.length > 0 ? listInWords(parts) : "nothing";
}

/**
 * The AI pipeline's entries. Background jobs have no actor ("The system"); an agent who asked
 * for new suggestions (Regenerate) is named.
 */
function describeAiActivity(entry: ActivityEntry, actor: string): string | null {
  const details: Record<string, unknown> = entry.details;
  const draft = typeof details.draft_id === "number" ? `AI draft #${details.draft_id}` : "an AI draft";
  const askedBy = entry.actor_id === null ? "" : ` (asked by ${actor})`;
  switch (entry.action) {
    case "ai_triaged":
      return `The AI triaged the ticket${askedBy}: suggested ${aiSuggestions(details)}`;
    case "ai_drafted": {
      const model = typeof details.model === "string" ? ` with ${details.model === "extractive" ? "the extractive drafter" : details.model}` : "";
      return `The AI wrote ${draft}${model}${askedBy}`;
    }
    case "ai_draft_failed":
      return `The AI could not write ${draft}${askedBy}${typeof details.reason === "string" ? `: ${details.reason}` : ""}`;
    case "ai_applied": {
      const threshold = percent(details.threshold);
      return `The AI applied ${aiSuggestions(details)}${threshold ? ` (confidence above ${threshold})` : ""}`;
    }
    case "ai_draft_accepted": {
      const changed = percent(details.changed_share);
      return details.status === "edited"
        ? `${actor} sent ${draft} as a reply, edited${changed ? ` (${changed} changed)` : ""}`
        : `${actor} sent ${draft} as a reply`;
    }
    case "ai_draft_rejected":
      return `${actor} rejected ${draft}${typeof details.reason === "string" ? `: ${quoted(details.reason)}` : ""}`;
    default:
      return null;
  }
}

/** An activity entry as one sentence: "Agnes changed status from open to resolved". */
export function describeActivity(entry: ActivityEntry, nameOf: NameOf): string {
  const actor = nameOf(entry.actor_id);
  const details: Record<string, unknown> = entry.details;
  switch (entry.action) {
    case "created":
      return `${actor} created the ticket`;
    case "replied":
      return `${actor} replied`;
    case "note_added":
      return `${actor} added an internal note`;
    case "reply_deleted": {
      const what = details.internal === true ? "an internal note" : "a reply";
      const author = userId(details.author_id);
      return author === null ? `${actor} deleted ${what}` : `${actor} deleted ${what} by ${nameOf(author)}`;
    }
    case "updated": {
      const phrases = Object.entries(details)
        .filter((item): item is [string, FieldChange] => isFieldChange(item[1]))
        .sort(([a], [b]) => fieldRank(a) - fieldRank(b))
        .map(([field, change]) => changePhrase(field, change, nameOf));
      return phrases.length > 0 ? `${actor} ${joinPhrases(phrases)}` : `${actor} updated the ticket`;
    }
    case "imported": {
      const replies = typeof details.replies === "number" ? details.replies : 0;
      return `${actor} imported the ticket${replies > 0 ? ` with ${replies} ${replies === 1 ? "reply" : "replies"}` : ""}`;
    }
    default:
      return describeAiActivity(entry, actor) ?? `${actor}: ${entry.action.replace(/_/g, " ")}`;
  }
}

/** The account ids an entry mentions (its actor, assignees, reply authors), to look their names up. */
export function peopleInActivity(entry: ActivityEntry): number[] {
  const ids: number[] = [];
  if (entry.actor_id !== null) ids.push(entry.actor_id);
  const details: Record<string, unknown> = entry.details;
  const authorId = userId(details.author_id);
  if (authorId !== null) ids.push(authorId);
  const assignee = details.assignee_id;
  if (isFieldChange(assignee)) {
    for (const value of [assignee.from, assignee.to]) {
      const id = userId(value);
      if (id !== null) ids.push(id);
    }
  }
  return ids;
}

/** What a deleted reply said, kept by the log (shown under the sentence). */
export function deletedReplyContent(entry: ActivityEntry): string | null {
  const content = (entry.details as Record<string, unknown>).content;
  return entry.action === "reply_deleted" && typeof content === "string" ? content : null;
}
