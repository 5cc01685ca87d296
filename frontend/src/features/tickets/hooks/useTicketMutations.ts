import { useMutation, useQueryClient } from "@tanstack/react-query";
import { isApiError } from "../../../api/problem";
import type { ReplyCreate, Ticket, TicketCreate, TicketUpdate } from "../../../api/types";
import { createReply, createTicket, deleteReply, deleteTicket, ticketKeys, updateTicket } from "../api";

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreate) => createTicket(body),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
      return queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}

/**
 * A partial update sent with If-Match for the version the agent saw. When someone else
 * changed the ticket meanwhile (412) the ticket is reloaded, and the error is passed on
 * so the page can tell the agent.
 */
export function useUpdateTicket(ticket: Ticket) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: TicketUpdate) => updateTicket(ticket.id, ticket.version, changes),
    onSuccess: (updated) => {
      queryClient.setQueryData(ticketKeys.detail(updated.id), updated);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.activity(updated.id) }),
      ]);
    },
    onError: (error) => {
      if (isApiError(error, 412)) {
        return queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id), exact: true });
      }
    },
  });
}

export function useDeleteTicket(ticket: Ticket | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => {
      if (!ticket) throw new Error("The ticket has not loaded yet.");
      return deleteTicket(ticket.id, ticket.version);
    },
    onSuccess: () => {
      if (!ticket) return;
      queryClient.removeQueries({ queryKey: ticketKeys.detail(ticket.id) });
      return queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
    onError: (error) => {
      if (ticket && isApiError(error, 412)) {
        return queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) });
      }
    },
  });
}

export function useCreateReply(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<ReplyCreate, "author_id">) => createReply(ticketId, body),
    // Invalidating the ticket refetches its replies and activity too, and its version in case a reply touched it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
  });
}

export function useDeleteReply(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (replyId: number) => deleteReply(ticketId, replyId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.replies(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) }),
      ]),
  });
}

/** The message shown when the ticket changed under the agent's feet. */
export const STALE_TICKET_MESSAGE =
  "Someone else changed this ticket while you were looking at it. The latest version has been loaded: check it and try again.";
