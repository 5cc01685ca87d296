import type { TicketPriority, TicketStatus } from "../../api/types";

export const STATUS_LABELS: Record<TicketStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  pending: "Pending",
  resolved: "Resolved",
  closed: "Closed",
};

export const STATUS_COLORS: Record<TicketStatus, string> = {
  open: "blue",
  in_progress: "purple",
  pending: "orange",
  resolved: "green",
  closed: "default",
};

export const PRIORITY_LABELS: Record<TicketPriority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

export const PRIORITY_COLORS: Record<TicketPriority, string> = {
  low: "default",
  medium: "cyan",
  high: "orange",
  urgent: "red",
};

const TAG_PALETTE = ["magenta", "volcano", "gold", "lime", "green", "cyan", "blue", "geekblue", "purple", "orange"] as const;

/** The same tag always gets the same colour, on every page. */
export function tagColor(tag: string): string {
  let hash = 0;
  for (const character of tag) {
    hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  }
  return TAG_PALETTE[hash % TAG_PALETTE.length];
}

/** Tags as typed: "billing, Urgent" or ["billing", "urgent"] -> trimmed, lower-cased, unique. */
export function normaliseTags(raw: readonly string[] | string | undefined): string[] {
  const items = typeof raw === "string" ? [raw] : (raw ?? []);
  const tags = items.flatMap((item) => item.split(",")).map((tag) => tag.trim().toLowerCase());
  return [...new Set(tags.filter((tag) => tag.length > 0))];
}
