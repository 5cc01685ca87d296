import { useQuery } from "@tanstack/react-query";
import { getTicket, listReplies, ticketKeys } from "../api";

export function useTicket(id: number) {
  return useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => getTicket(id) });
}

/** The ticket's conversation, oldest first. */
export function useReplies(ticketId: number) {
  return useQuery({ queryKey: ticketKeys.replies(ticketId), queryFn: () => listReplies(ticketId) });
}
