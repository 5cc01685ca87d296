import type { ActivityEntry, AiSuggestion, AiTriage, ClassifierStatus, Draft, Reply, SlaPolicy, Ticket, TicketAi, User } from "../api/types";

/** An account; a customer unless told otherwise. */
export function aUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? 1;
  return {
    id,
    name: `User ${id}`,
    email: `user${id}@example.com`,
    role: "customer",
    active: true,
    created_at: "2025-01-01T09:00:00Z",
    ...overrides,
  };
}

/** The signed-in account of most tests: an agent. */
export const theAgent = aUser({ id: 90, name: "Agnes Agent", email: "agnes@example.com", role: "agent" });
export const theAdmin = aUser({ id: 91, name: "Ada Admin", email: "ada@example.com", role: "admin" });
export const theCustomer = aUser({ id: 92, name: "Carl Customer", email: "carl@example.com", role: "customer" });

export function aTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 1,
    title: "Printer on fire",
    content: "Smoke is coming out of the printer.",
    status: "open",
    priority: "medium",
    tags: [],
    category: null,
    requester_id: 1,
    assignee_id: null,
    created_at: "2025-01-02T10:00:00Z",
    updated_at: "2025-01-02T10:00:00Z",
    resolved_at: null,
    version: 1,
    first_response_due_at: null,
    first_responded_at: null,
    resolution_due_at: null,
    resolution_paused_at: null,
    ...overrides,
  };
}

export function aReply(overrides: Partial<Reply> = {}): Reply {
  return {
    id: 1,
    ticket_id: 1,
    author_id: 1,
    content: "Looking into it.",
    internal: false,
    created_at: "2025-01-02T11:00:00Z",
    ai_assisted: false,
    ...overrides,
  };
}

export function anActivityEntry(overrides: Partial<ActivityEntry> = {}): ActivityEntry {
  return {
    id: 1,
    ticket_id: 1,
    actor_id: 90,
    action: "created",
    details: {},
    created_at: "2025-01-02T10:00:00Z",
    ...overrides,
  };
}

export function aSuggestion(overrides: Partial<AiSuggestion> = {}): AiSuggestion {
  return { value: "hardware", source: "model", reason: "like 12 labelled tickets", confidence: 0.91, abstained: false, ...overrides };
}

export function aTriage(overrides: Partial<AiTriage> = {}): AiTriage {
  return {
    id: 1,
    ticket_id: 1,
    ticket_version: 1,
    category: aSuggestion(),
    priority: aSuggestion({ value: "high", source: "rules", reason: "mentions smoke", confidence: null }),
    tags: [aSuggestion({ value: "printer", source: "rules", reason: "mentions a printer", confidence: null })],
    created_at: "2025-01-02T10:00:01Z",
    ...overrides,
  };
}

export function aDraft(overrides: Partial<Draft> = {}): Draft {
  return {
    id: 7,
    ticket_id: 1,
    ticket_version: 1,
    status: "pending",
    text: "Hello,\n\nUnplug the printer and keep clear of it [1].\n\nBest regards",
    model: "extractive",
    language: "en",
    latency_ms: 42.4,
    prompt_tokens: null,
    completion_tokens: null,
    citations: [
      { marker: 1, document_id: "printer-safety", chunk_id: "printer-safety:0", ticket_id: null, title: "Printer safety", snippet: "Unplug the printer first." },
    ],
    fallback_reason: null,
    failure_reason: null,
    attempts: 1,
    reject_reason: null,
    reply_id: null,
    changed_share: null,
    created_at: "2025-01-02T10:00:01Z",
    decided_at: null,
    decided_by: null,
    ...overrides,
  };
}

export function aTicketAi(overrides: Partial<TicketAi> = {}): TicketAi {
  return {
    ticket_id: 1,
    triage: aTriage(),
    drafts: [aDraft()],
    job: { status: "done", attempts: 1, error: null, updated_at: "2025-01-02T10:00:01Z" },
    ...overrides,
  };
}

export function anUntrainedClassifier(overrides: Partial<ClassifierStatus> = {}): ClassifierStatus {
  return {
    status: "untrained",
    method: null,
    trained_at: null,
    examples: 0,
    categories: [],
    metrics: null,
    confused: [],
    notes: [],
    error: null,
    ...overrides,
  };
}

/** The server's default SLA policy (no business hours) and at-risk window (60 minutes). */
export function aSlaPolicy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  const target = (firstHours: number, resolutionHours: number) => ({
    first_response_minutes: firstHours * 60,
    resolution_minutes: resolutionHours * 60,
    business_hours: false,
  });
  return {
    targets: { urgent: target(1, 4), high: target(4, 24), medium: target(8, 72), low: target(24, 168) },
    business_hours: null,
    at_risk_minutes: 60,
    ...overrides,
  };
}
