import { Typography } from "antd";
import { Link } from "react-router-dom";
import type { Citation } from "../../../api/types";

/** The passages a draft cites, by their marker: [1] title, then the quoted snippet. */
export function CitationList({ citations }: { citations: readonly Citation[] }) {
  if (citations.length === 0) return <Typography.Text type="secondary">No passages cited.</Typography.Text>;
  return (
    <ol aria-label="Cited passages" style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: 8 }}>
      {[...citations]
        .sort((a, b) => a.marker - b.marker)
        .map((citation) => (
          <li key={citation.marker} aria-label={`[${citation.marker}] ${citation.title}`}>
            <Typography.Text strong>[{citation.marker}] </Typography.Text>
            {citation.ticket_id !== null ? (
              <Link to={`/tickets/${citation.ticket_id}`}>{citation.title}</Link>
            ) : (
              <Typography.Text strong>{citation.title}</Typography.Text>
            )}
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12, whiteSpace: "pre-wrap" }}>
              {citation.snippet}
            </Typography.Paragraph>
          </li>
        ))}
    </ol>
  );
}
