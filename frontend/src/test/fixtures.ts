import type { ActivityEntry, Reply, Ticket, User } from "../api/types";

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
