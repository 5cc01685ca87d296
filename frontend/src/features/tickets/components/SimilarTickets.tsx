import { useQuery } from "@tanstack/react-query";
import { Button, List, Skeleton, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { TICKET_STATUSES, type SimilarTicket, type TicketStatus } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatShortDateTime, pluralise } from "../../../shared/format";
import { knowledgeKeys, similarTickets } from "../../knowledge/api";
import { StatusTag } from "./TicketBadges";

/** A match is "close" from the server's `close_match` (SIMILAR_TICKET_MIN_SCORE: what grounds an AI draft). */
type Closeness = "close" | "weak";

const CLOSENESS: Record<Closeness, { label: string; color: string }> = {
  close: { label: "Close match", color: "green" },
  weak: { label: "Weak match", color: "default" },
};

function SimilarTicketList({ tickets, closeness }: { tickets: SimilarTicket[]; closeness?: Closeness }) {
  return (
    <List
      size="small"
      dataSource={tickets}
      renderItem={(ticket) => (
        <List.Item key={ticket.id} style={{ paddingInline: 0 }}>
          <Space direction="vertical" size={2} style={{ width: "100%" }}>
            <Link to={`/tickets/${ticket.id}`}>
              #{ticket.id} {ticket.title}
            </Link>
            <Space size={4} wrap>
              {TICKET_STATUSES.find((status) => status === ticket.status) ? <StatusTag status={ticket.status as TicketStatus} /> : <Tag>{ticket.status}</Tag>}
              {closeness ? (
                <Tag color={CLOSENESS[closeness].color} title={`Similarity ${ticket.score.toFixed(2)}`}>
                  {CLOSENESS[closeness].label}
                </Tag>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {ticket.resolved_at ? `resolved ${formatShortDateTime(ticket.resolved_at)}` : `opened ${formatShortDateTime(ticket.created_at)}`}
              </Typography.Text>
            </Space>
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * Past tickets like this one, resolved ones first (staff). With the server's `close_match` (the
 * score from which a ticket is about the same problem), close matches are listed and weak ones
 * folded behind "Show N weaker matches", which always says how many there are. Without one (an
 * embedding model whose scale nobody measured) every match is listed in the server's order.
 */
export function SimilarTickets({ ticketId }: { ticketId: number }) {
  const similar = useQuery({ queryKey: knowledgeKeys.similar(ticketId), queryFn: () => similarTickets(ticketId), staleTime: 60_000 });
  const [showWeak, setShowWeak] = useState(false);
  if (similar.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (similar.error) return <ErrorAlert error={similar.error} title="Could not find similar tickets" onRetry={() => void similar.refetch()} />;
  const { similar: found, closeMatch } = similar.data;
  if (found.length === 0) return <Typography.Text type="secondary">No similar tickets yet.</Typography.Text>;
  if (closeMatch <= 0) {
    return (
      <section aria-label="Similar tickets">
        <SimilarTicketList tickets={found} />
      </section>
    );
  }
  const close = found.filter((ticket) => ticket.score >= closeMatch);
  const weak = found.filter((ticket) => ticket.score < closeMatch);
  const weaker = pluralise(weak.length, "weaker match", "weaker matches");
  return (
    <section aria-label="Similar tickets">
      {close.length > 0 ? (
        <SimilarTicketList tickets={close} closeness="close" />
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          No close matches.
        </Typography.Paragraph>
      )}
      {weak.length > 0 ? (
        <>
          <Button type="link" size="small" style={{ paddingInline: 0 }} aria-expanded={showWeak} onClick={() => setShowWeak((shown) => !shown)}>
            {showWeak ? `Hide ${weaker}` : `Show ${weaker}`}
          </Button>
          {showWeak ? <SimilarTicketList tickets={weak} closeness="weak" /> : null}
        </>
      ) : null}
    </section>
  );
}
