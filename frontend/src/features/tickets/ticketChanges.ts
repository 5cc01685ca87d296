import type { Ticket, TicketUpdate } from "../../api/types";
import type { TicketFormValues } from "./components/TicketFormFields";
import { normaliseTags } from "./ticketPresentation";

export function ticketToFormValues(ticket: Ticket): TicketFormValues {
  return {
    title: ticket.title,
    content: ticket.content,
    assignee_id: ticket.assignee_id,
    status: ticket.status,
    priority: ticket.priority,
    tags: [...ticket.tags],
    category: ticket.category,
  };
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, index) => tag === b[index]);
}

/** Only what the agent changed, so a partial update does not overwrite anyone else's fields. */
export function ticketChanges(ticket: Ticket, values: TicketFormValues): TicketUpdate {
  const changes: TicketUpdate = {};
  const title = values.title.trim();
  const content = values.content.trim();
  const tags = normaliseTags(values.tags);
  const category = values.category?.trim() || null;
  const assigneeId = values.assignee_id ?? null;
  if (title !== ticket.title) changes.title = title;
  if (content !== ticket.content) changes.content = content;
  if (values.status !== ticket.status) changes.status = values.status;
  if (values.priority !== ticket.priority) changes.priority = values.priority;
  if (!sameTags(tags, ticket.tags)) changes.tags = tags;
  if (category !== ticket.category) changes.category = category;
  if (assigneeId !== ticket.assignee_id) changes.assignee_id = assigneeId;
  return changes;
}
