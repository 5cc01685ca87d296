import { useQuery } from "@tanstack/react-query";
import { Button, List, Skeleton, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { TICKET_STATUSES, type SimilarTicket, type TicketStatus } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatShortDateTime, pluralise } from "../../../shared/format";
import { knowledgeKeys, similarTickets } from "../../knowledge/api";
import { StatusTag } from "./TicketBadges";

/**
 * How alike two tickets are, by the similarity the server reports (0..1). Set for the packaged
 * embedding model, where tickets about the same problem score 0.43-0.86 and unrelated ones
 * 0.07-0.29; the server's own floor for drafts (SIMILAR_TICKET_MIN_SCORE) is 0.35. The API
 * does not report that floor, so the console uses the same figure.
 */
export const POSSIBLE_MATCH_SCORE = 0.35;
export const STRONG_MATCH_SCORE = 0.5;

type Strength = "strong" | "possible" | "weak";

const STRENGTHS: Record<Strength, { label: string; color: string }> = {
  strong: { label: "Strong match", color: "green" },
  possible: { label: "Possible match", color: "blue" },
  weak: { label: "Weak match", color: "default" },
};

export function matchStrength(score: number): Strength {
  if (score >= STRONG_MATCH_SCORE) return "strong";
  if (score >= POSSIBLE_MATCH_SCORE) return "possible";
  return "weak";
}

function SimilarTicketList({ tickets }: { tickets: SimilarTicket[] }) {
  return (
    <List
      size="small"
      dataSource={tickets}
      renderItem={(ticket) => {
        const strength = STRENGTHS[matchStrength(ticket.score)];
        return (
          <List.Item key={ticket.id} style={{ paddingInline: 0 }}>
            <Space direction="vertical" size={2} style={{ width: "100%" }}>
              <Link to={`/tickets/${ticket.id}`}>
                #{ticket.id} {ticket.title}
              </Link>
              <Space size={4} wrap>
                {TICKET_STATUSES.find((status) => status === ticket.status) ? <StatusTag status={ticket.status as TicketStatus} /> : <Tag>{ticket.status}</Tag>}
                <Tag color={strength.color} title={`Similarity ${ticket.score.toFixed(2)}`}>
                  {strength.label}
                </Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {ticket.resolved_at ? `resolved ${formatShortDateTime(ticket.resolved_at)}` : `opened ${formatShortDateTime(ticket.created_at)}`}
                </Typography.Text>
              </Space>
            </Space>
          </List.Item>
        );
      }}
    />
  );
}

/**
 * Past tickets like this one, resolved ones first (staff). Strong and possible matches are
 * listed; weak ones (below POSSIBLE_MATCH_SCORE) are folded behind "Show N weaker matches",
 * which always says how many there are.
 */
export function SimilarTickets({ ticketId }: { ticketId: number }) {
  const similar = useQuery({ queryKey: knowledgeKeys.similar(ticketId), queryFn: () => similarTickets(ticketId), staleTime: 60_000 });
  const [showWeak, setShowWeak] = useState(false);
  if (similar.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (similar.error) return <ErrorAlert error={similar.error} title="Could not find similar tickets" onRetry={() => void similar.refetch()} />;
  if (similar.data.length === 0) return <Typography.Text type="secondary">No similar tickets yet.</Typography.Text>;
  const close = similar.data.filter((ticket) => matchStrength(ticket.score) !== "weak");
  const weak = similar.data.filter((ticket) => matchStrength(ticket.score) === "weak");
  return (
    <section aria-label="Similar tickets">
      {close.length > 0 ? (
        <SimilarTicketList tickets={close} />
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          No close matches.
        </Typography.Paragraph>
      )}
      {weak.length > 0 ? (
        <>
          <Button type="link" size="small" style={{ paddingInline: 0 }} aria-expanded={showWeak} onClick={() => setShowWeak((shown) => !shown)}>
            {showWeak ? `Hide ${pluralise(weak.length, "weaker match", "weaker matches")}` : `Show ${pluralise(weak.length, "weaker match", "weaker matches")}`}
          </Button>
          {showWeak ? <SimilarTicketList tickets={weak} /> : null}
        </>
      ) : null}
    </section>
  );
}
