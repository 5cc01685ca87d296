import type { Reply, Ticket, User } from "../api/types";

export function aUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? 1;
  return { id, name: `User ${id}`, email: `user${id}@example.com`, created_at: "2025-01-01T09:00:00Z", ...overrides };
}

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
    ...overrides,
  };
}
