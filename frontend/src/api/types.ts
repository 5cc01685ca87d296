/**
 * Names the console uses for the API's types. The generated schema's component names are
 * the backend's business: adapt only this file when they change.
 */
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type User = Schemas["User"];
export type UserCreate = Schemas["UserCreate"];
export type UserUpdate = Schemas["UserUpdate"];
export type Role = Schemas["Role"];
export type AccessToken = Schemas["AccessToken"];
export type SignUpRequest = Schemas["SignUpRequest"];
export type ChangePasswordRequest = Schemas["ChangePasswordRequest"];
export type AuthOptions = Schemas["AuthOptions"];
export type ActivityEntry = Schemas["ActivityEntry"];
export type Ticket = Schemas["Ticket"];
export type TicketCreate = Schemas["TicketCreate"];
export type TicketUpdate = Schemas["TicketUpdate"];
export type TicketStatus = Ticket["status"];
export type TicketPriority = Ticket["priority"];
export type Reply = Schemas["Reply"];
export type ReplyCreate = Schemas["ReplyCreate"];

export type TicketListQuery = NonNullable<paths["/api/tickets"]["get"]["parameters"]["query"]>;
export type TicketSort = NonNullable<TicketListQuery["sort"]>;
export type UserListQuery = NonNullable<paths["/api/users"]["get"]["parameters"]["query"]>;

export const ROLES: readonly Role[] = ["customer", "agent", "admin"];
export const TICKET_STATUSES: readonly TicketStatus[] = ["open", "in_progress", "pending", "resolved", "closed"];
export const TICKET_PRIORITIES: readonly TicketPriority[] = ["low", "medium", "high", "urgent"];
export const TICKET_SORTS: readonly TicketSort[] = [
  "created_at",
  "-created_at",
  "updated_at",
  "-updated_at",
  "priority",
  "-priority",
];

/** A page of a list endpoint: the items and the total the server reported. */
export interface Page<T> {
  items: T[];
  total: number;
}

// Knowledge base
export type KbDocumentSummary = Schemas["DocumentSummary"];
export type KbDocument = Schemas["DocumentOut"];
export type KbChunk = Schemas["ChunkOut"];
export type IngestRequest = Schemas["IngestRequest"];
export type IngestResponse = Schemas["IngestResponse"];
export type KbMatch = Schemas["Match"];
export type KbSearchResponse = Schemas["SearchResponse"];
export type Suggestion = Schemas["knowledge_Suggestion"];
export type SimilarTicket = Schemas["SimilarTicket"];

// SLA, satisfaction, dashboard
export type SlaStatus = Schemas["SlaStatus"];
export const SLA_STATUSES: readonly SlaStatus[] = ["breached", "at_risk", "ok"];
/** The SLA policy as the server answers it (with its read-only `at_risk_minutes`) ... */
export type SlaPolicy = Schemas["SlaPolicyOut"];
/** ... and as an admin's PUT sends it (without). */
export type SlaPolicyUpdate = Schemas["SlaPolicyBody"];
export type SlaTarget = Schemas["SlaTarget"];
export type SlaBusinessHours = Schemas["BusinessHoursBody"];
export type SlaWeek = Schemas["Week"];
export type SlaWorkingInterval = Schemas["WorkingInterval"];
export type Rating = Schemas["Rating"];
export type RatingCreate = Schemas["RatingCreate"];
export type TicketSatisfaction = Schemas["satisfaction_Satisfaction"];
export type Dashboard = Schemas["Dashboard"];
export type DashboardQuery = NonNullable<paths["/api/stats/dashboard"]["get"]["parameters"]["query"]>;
export type DashboardRatings = Schemas["Ratings"];

// AI: triage, drafts and their review, the classifier, category descriptions, the chat, the provider
export type TicketAi = Schemas["TicketAi"];
export type AiTriage = Schemas["ai_pipeline_Triage"];
export type AiSuggestion = Schemas["ai_pipeline_Suggestion"];
export type AiJob = Schemas["AiJob"];
export type Draft = Schemas["Draft"];
export type DraftStatus = Draft["status"];
export type DraftAccept = Schemas["DraftAccept"];
export type DraftAccepted = Schemas["DraftAccepted"];
export type Citation = Schemas["Citation"];
export type SuggestResponse = Schemas["ai_pipeline_SuggestResponse"];
export type ProviderInfo = Schemas["Provider"];
export type ClassifierStatus = Schemas["ClassifierStatusOut"];
export type ClassifierMetrics = Schemas["ClassifierMetricsOut"];
export type ConfusedPair = Schemas["ConfusedPair"];
export type CategoryDescription = Schemas["CategoryItem"];
export type ChatRequest = Schemas["ChatRequest"];
export type ChatResponse = Schemas["ChatResponse"];
export type ChatTurn = Schemas["ChatTurn"];
export type KbSource = Schemas["KbSource"];
