import type { Role } from "../../api/types";

/**
 * What the console offers an account, by role. The server enforces every rule; this only
 * keeps the console from showing what would be refused.
 */
export interface Permissions {
  /** Agents and admins. */
  staff: boolean;
  /** Every ticket, the home page's queues, the users pages and people's names. */
  seeAllTickets: boolean;
  seeUsers: boolean;
  /** Choose the requester of a new ticket (customers file for themselves). */
  chooseRequester: boolean;
  /** Status, priority, category, assignee, the edit modal, deleting tickets. */
  manageTickets: boolean;
  writeInternalNotes: boolean;
  deleteReplies: boolean;
  seeActivity: boolean;
  /** Add customer accounts (no password). */
  addCustomers: boolean;
  /** Roles, passwords, deactivation, staff accounts, deleting accounts. */
  manageAccounts: boolean;
  /** The Knowledge Base page: search articles (agents and admins). */
  searchKnowledge: boolean;
  /** Add, upload and delete knowledge-base documents (admins). */
  manageKnowledge: boolean;
  /** "Similar tickets" on a ticket (agents and admins). */
  seeSimilarTickets: boolean;
  /** The dashboard's figures and its CSV (agents and admins). */
  seeDashboard: boolean;
  /** The SLA policy page, read-only, and the server's at-risk window for SLA badges (agents and admins). */
  seeSlaPolicy: boolean;
  /** Change the SLA targets and business hours (admins). */
  manageSla: boolean;
  /** The AI panel on tickets (suggestions, drafts) and the AI chat (agents and admins). */
  aiAssistant: boolean;
  /** The AI settings page: classifier training and metrics, category descriptions, provider (admins). */
  manageAi: boolean;
}

export function permissionsOf(role: Role): Permissions {
  const staff = role === "agent" || role === "admin";
  return {
    staff,
    seeAllTickets: staff,
    seeUsers: staff,
    chooseRequester: staff,
    manageTickets: staff,
    writeInternalNotes: staff,
    deleteReplies: staff,
    seeActivity: staff,
    addCustomers: staff,
    manageAccounts: role === "admin",
    searchKnowledge: staff,
    manageKnowledge: role === "admin",
    seeSimilarTickets: staff,
    seeDashboard: staff,
    seeSlaPolicy: staff,
    manageSla: role === "admin",
    aiAssistant: staff,
    manageAi: role === "admin",
  };
}

export const ROLE_LABELS: Record<Role, string> = { customer: "Customer", agent: "Agent", admin: "Admin" };
export const ROLE_COLORS: Record<Role, string> = { customer: "default", agent: "blue", admin: "purple" };

/** Where an account lands after signing in, and where pages it may not use send it. */
export function homePathFor(role: Role): string {
  return role === "customer" ? "/tickets" : "/";
}
