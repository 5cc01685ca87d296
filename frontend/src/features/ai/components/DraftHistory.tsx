import { Tag, Typography } from "antd";
import type { Draft } from "../../../api/types";
import { formatShortDateTime } from "../../../shared/format";
import { DRAFT_STATUS_COLORS, DRAFT_STATUS_LABELS, formatShare, isExtractive } from "../aiPresentation";

/** What became of the draft, in a few words. */
function outcome(draft: Draft): string | null {
  switch (draft.status) {
    case "edited":
      return `${formatShare(draft.changed_share)} changed`;
    case "rejected":
      return draft.reject_reason ? `“${draft.reject_reason}”` : null;
    case "failed":
      return draft.failure_reason;
    default:
      return null;
  }
}

/** Earlier drafts of the ticket, newest first, one line each: status, model, when, and what became of it. */
export function DraftHistory({ drafts }: { drafts: readonly Draft[] }) {
  if (drafts.length === 0) return null;
  return (
    <ol aria-label="Earlier drafts" style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: 4 }}>
      {drafts.map((draft) => {
        const said = outcome(draft);
        return (
          <li key={draft.id} aria-label={`Draft #${draft.id}`} style={{ fontSize: 12 }}>
            <Tag color={DRAFT_STATUS_COLORS[draft.status]}>{DRAFT_STATUS_LABELS[draft.status]}</Tag>
            <Typography.Text type="secondary">
              #{draft.id} · {isExtractive(draft) ? "extractive" : draft.model} · {formatShortDateTime(draft.created_at)}
              {said ? ` · ${said}` : ""}
            </Typography.Text>
          </li>
        );
      })}
    </ol>
  );
}
