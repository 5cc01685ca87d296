import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TicketAi } from "../../../api/types";
import { ticketKeys } from "../../tickets/api";
import { acceptDraft, aiKeys, getTicketAi, regenerate, rejectDraft } from "../api";

/** How often the panel asks again while the AI is still working on the ticket. */
export const AI_POLL_INTERVAL_MS = 1000;
/** A ticket this young may not have its job recorded yet: keep asking for a little while. */
const NEW_TICKET_GRACE_MS = 30_000;

/** Whether the AI is still working on the ticket, so the panel should ask again. */
export function aiIsWorking(ai: TicketAi | undefined, ticketCreatedAt: string, now = Date.now()): boolean {
  if (!ai) return false;
  if (ai.job) return ai.job.status === "queued" || ai.job.status === "running";
  const nothingYet = ai.triage === null && ai.drafts.length === 0;
  return nothingYet && now - Date.parse(ticketCreatedAt) < NEW_TICKET_GRACE_MS;
}

/** The ticket's AI panel data, polled while its job is queued or running and not after. */
export function useTicketAi(ticketId: number, ticketCreatedAt: string) {
  return useQuery({
    queryKey: aiKeys.ticket(ticketId),
    queryFn: () => getTicketAi(ticketId),
    refetchInterval: (query) => (aiIsWorking(query.state.data, ticketCreatedAt) ? AI_POLL_INTERVAL_MS : false),
  });
}

/** After a draft became a reply: the conversation, the activity, the ticket's version and the AI panel change. */
function useRefreshTicket(ticketId: number) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) }),
      queryClient.invalidateQueries({ queryKey: aiKeys.ticket(ticketId) }),
    ]);
}

/** Sends a draft as a reply: as drafted, or (with `text`) edited by the agent. */
export function useAcceptDraft(ticketId: number) {
  const refresh = useRefreshTicket(ticketId);
  return useMutation({
    mutationFn: ({ draftId, text, internal = false }: { draftId: number; text?: string; internal?: boolean }) =>
      acceptDraft(ticketId, draftId, text === undefined ? { public: !internal } : { text, public: !internal }),
    onSuccess: refresh,
    // A 409 means someone else decided the draft meanwhile: show the panel as it is now.
    onError: refresh,
  });
}

export function useRejectDraft(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ draftId, reason }: { draftId: number; reason: string }) => rejectDraft(ticketId, draftId, reason),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: aiKeys.ticket(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) }),
      ]),
  });
}

/** Triage and a new draft, now (`POST /api/ai/tickets/{id}/suggest`). */
export function useRegenerate(ticketId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => regenerate(ticketId),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: aiKeys.ticket(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) }),
      ]),
  });
}
