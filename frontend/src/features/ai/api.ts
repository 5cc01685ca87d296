import { api } from "../../api/client";
import { fetchData } from "../../api/request";
import type {
  CategoryDescription,
  ChatResponse,
  ChatTurn,
  ClassifierStatus,
  Draft,
  DraftAccept,
  DraftAccepted,
  ProviderInfo,
  SuggestResponse,
  TicketAi,
} from "../../api/types";

export const aiKeys = {
  all: ["ai"] as const,
  ticket: (ticketId: number) => [...aiKeys.all, "ticket", ticketId] as const,
  classifier: () => [...aiKeys.all, "classifier"] as const,
  categories: () => [...aiKeys.all, "categories"] as const,
  provider: () => [...aiKeys.all, "provider"] as const,
};

/** Everything the AI did for a ticket: triage, drafts (newest first) and the background job. */
export function getTicketAi(ticketId: number): Promise<TicketAi> {
  return fetchData(api.GET("/api/tickets/{ticket_id}/ai", { params: { path: { ticket_id: ticketId } } }));
}

/**
 * Sends a draft as the agent's reply (`public: false`: as an internal note). Without `text` it
 * goes out as drafted ("accepted"); with text that differs the server records it as "edited"
 * with how much was changed. Either way the reply is marked AI-assisted. 409 when the draft was
 * already decided.
 */
export function acceptDraft(ticketId: number, draftId: number, body: DraftAccept): Promise<DraftAccepted> {
  return fetchData(
    api.POST("/api/tickets/{ticket_id}/drafts/{draft_id}/accept", { params: { path: { ticket_id: ticketId, draft_id: draftId } }, body }),
  );
}

export function rejectDraft(ticketId: number, draftId: number, reason: string): Promise<Draft> {
  return fetchData(
    api.POST("/api/tickets/{ticket_id}/drafts/{draft_id}/reject", {
      params: { path: { ticket_id: ticketId, draft_id: draftId } },
      body: { reason },
    }),
  );
}

/** Runs triage and drafting again now, and records both. */
export function regenerate(ticketId: number): Promise<SuggestResponse> {
  return fetchData(api.POST("/api/ai/tickets/{ticket_id}/suggest", { params: { path: { ticket_id: ticketId } } }));
}

export function getClassifier(): Promise<ClassifierStatus> {
  return fetchData(api.GET("/api/ai/classifier"));
}

/** Starts training in the background (202); poll `getClassifier` for the outcome. */
export function trainClassifier(): Promise<{ status: string }> {
  return fetchData(api.POST("/api/ai/classifier/train"));
}

export async function getCategories(): Promise<CategoryDescription[]> {
  return (await fetchData(api.GET("/api/ai/categories"))).items;
}

export async function saveCategories(items: CategoryDescription[]): Promise<CategoryDescription[]> {
  return (await fetchData(api.PUT("/api/ai/categories", { body: { items } }))).items;
}

export function getProvider(): Promise<ProviderInfo> {
  return fetchData(api.GET("/api/ai/provider"));
}

/** The most earlier turns the server takes with a question. */
export const CHAT_HISTORY_LIMIT = 20;
/** How many knowledge-base passages an answer draws on (the server's default). */
const CHAT_PASSAGES = 5;

/** One question to the knowledge base, with the conversation so far (the latest 20 turns). */
export function chat(query: string, history: ChatTurn[]): Promise<ChatResponse> {
  return fetchData(api.POST("/api/ai/chat", { body: { query, history: history.slice(-CHAT_HISTORY_LIMIT), n_results: CHAT_PASSAGES } }));
}
