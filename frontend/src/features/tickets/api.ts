import { api, entityTag, readTotalCount } from "../../api/client";
import { fetchData, send } from "../../api/request";
import type {
  ActivityEntry,
  Page,
  Rating,
  RatingCreate,
  Reply,
  ReplyCreate,
  Ticket,
  TicketCreate,
  TicketListQuery,
  TicketSatisfaction,
  TicketUpdate,
} from "../../api/types";

export const ticketKeys = {
  all: ["tickets"] as const,
  lists: () => [...ticketKeys.all, "list"] as const,
  list: (query: TicketListQuery) => [...ticketKeys.lists(), query] as const,
  detail: (id: number) => [...ticketKeys.all, "detail", id] as const,
  replies: (id: number) => [...ticketKeys.detail(id), "replies"] as const,
  activity: (id: number) => [...ticketKeys.detail(id), "activity"] as const,
};

export async function listTickets(query: TicketListQuery): Promise<Page<Ticket>> {
  const { data, response } = await send(api.GET("/api/tickets", { params: { query } }));
  return { items: data, total: readTotalCount(response, data.length) };
}

export function getTicket(id: number): Promise<Ticket> {
  return fetchData(api.GET("/api/tickets/{ticket_id}", { params: { path: { ticket_id: id } } }));
}

export function createTicket(body: TicketCreate): Promise<Ticket> {
  return fetchData(api.POST("/api/tickets", { body }));
}

/** A partial update of the ticket as the agent saw it at `version` (412 if it changed since). */
export function updateTicket(id: number, version: number, changes: TicketUpdate): Promise<Ticket> {
  return fetchData(
    api.PATCH("/api/tickets/{ticket_id}", {
      params: { path: { ticket_id: id }, header: { "If-Match": entityTag(version) } },
      body: changes,
    }),
  );
}

export async function deleteTicket(id: number, version: number): Promise<void> {
  await send(
    api.DELETE("/api/tickets/{ticket_id}", {
      params: { path: { ticket_id: id }, header: { "If-Match": entityTag(version) } },
    }),
  );
}

export async function listReplies(ticketId: number): Promise<Reply[]> {
  const replies = await fetchData(api.GET("/api/tickets/{ticket_id}/replies", { params: { path: { ticket_id: ticketId } } }));
  return [...replies].sort(byCreationTime);
}

/** A reply (or internal note) written by the signed-in account. */
export function createReply(ticketId: number, body: Omit<ReplyCreate, "author_id">): Promise<Reply> {
  return fetchData(api.POST("/api/tickets/{ticket_id}/replies", { params: { path: { ticket_id: ticketId } }, body }));
}

/** Removes a reply or note (staff; the activity log keeps what it said). */
export async function deleteReply(ticketId: number, replyId: number): Promise<void> {
  await send(api.DELETE("/api/tickets/{ticket_id}/replies/{reply_id}", { params: { path: { ticket_id: ticketId, reply_id: replyId } } }));
}

/** Who changed what on the ticket and when, oldest first (staff). */
export async function listActivity(ticketId: number): Promise<ActivityEntry[]> {
  const entries = await fetchData(api.GET("/api/tickets/{ticket_id}/activity", { params: { path: { ticket_id: ticketId } } }));
  return [...entries].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
}

/** Oldest first; replies written in the same instant keep the order the server gave them ids in. */
function byCreationTime(a: Reply, b: Reply): number {
  const difference = Date.parse(a.created_at) - Date.parse(b.created_at);
  return difference !== 0 && Number.isFinite(difference) ? difference : a.id - b.id;
}

export const satisfactionKey = (ticketId: number) => [...ticketKeys.detail(ticketId), "satisfaction"] as const;

/** The rating of the ticket's current resolution (if any) and every earlier one. */
export function getSatisfaction(ticketId: number): Promise<TicketSatisfaction> {
  return fetchData(api.GET("/api/tickets/{ticket_id}/satisfaction", { params: { path: { ticket_id: ticketId } } }));
}

/** The requester rates a resolved ticket, 1..5, once per resolution. */
export function rateTicket(ticketId: number, body: RatingCreate): Promise<Rating> {
  return fetchData(api.POST("/api/tickets/{ticket_id}/satisfaction", { params: { path: { ticket_id: ticketId } }, body }));
}
