import { useQuery } from "@tanstack/react-query";
import { getTicket, listActivity, listReplies, ticketKeys } from "../api";

export function useTicket(id: number) {
  return useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => getTicket(id) });
}

/** The ticket's conversation, oldest first. */
export function useReplies(ticketId: number) {
  return useQuery({ queryKey: ticketKeys.replies(ticketId), queryFn: () => listReplies(ticketId) });
}

/** The ticket's activity log, oldest first; only for accounts that may read it. */
export function useActivity(ticketId: number, options: { enabled: boolean }) {
  return useQuery({ queryKey: ticketKeys.activity(ticketId), queryFn: () => listActivity(ticketId), enabled: options.enabled });
}
