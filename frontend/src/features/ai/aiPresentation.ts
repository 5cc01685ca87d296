import type { AiSuggestion, Draft, DraftStatus } from "../../api/types";

/** The drafter the server uses when no language model is configured. */
export const EXTRACTIVE_MODEL = "extractive";

export function isExtractive(draft: Pick<Draft, "model">): boolean {
  return draft.model === EXTRACTIVE_MODEL;
}

export const DRAFT_STATUS_LABELS: Record<DraftStatus, string> = {
  pending: "Pending",
  accepted: "Accepted",
  edited: "Edited",
  rejected: "Rejected",
  failed: "Failed",
};

export const DRAFT_STATUS_COLORS: Record<DraftStatus, string> = {
  pending: "blue",
  accepted: "green",
  edited: "cyan",
  rejected: "default",
  failed: "red",
};

export const SUGGESTION_SOURCE_LABELS: Record<AiSuggestion["source"], string> = {
  model: "learned model",
  "zero-shot": "category descriptions",
  rules: "rules",
  llm: "language model",
};

/** A share 0..1 as a whole percentage ("87 %"); a dash when unknown. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? "—" : `${Math.round(share * 100)} %`;
}

/** A number to a fixed number of decimals, or a dash. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? "—" : value.toFixed(digits);
}
