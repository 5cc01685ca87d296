import { useQuery } from "@tanstack/react-query";
import { List, Skeleton, Space, Tag, Typography } from "antd";
import { Link } from "react-router-dom";
import { TICKET_STATUSES, type TicketStatus } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatShortDateTime } from "../../../shared/format";
import { knowledgeKeys, similarTickets } from "../../knowledge/api";
import { StatusTag } from "./TicketBadges";

/** Past tickets like this one, resolved ones first, each with its similarity (staff). */
export function SimilarTickets({ ticketId }: { ticketId: number }) {
  const similar = useQuery({ queryKey: knowledgeKeys.similar(ticketId), queryFn: () => similarTickets(ticketId), staleTime: 60_000 });
  if (similar.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (similar.error) return <ErrorAlert error={similar.error} title="Could not find similar tickets" onRetry={() => void similar.refetch()} />;
  if (similar.data.length === 0) return <Typography.Text type="secondary">No similar tickets yet.</Typography.Text>;
  return (
    <section aria-label="Similar tickets">
    <List
      size="small"
      dataSource={similar.data}
      renderItem={(ticket) => (
        <List.Item key={ticket.id} style={{ paddingInline: 0 }}>
          <Space direction="vertical" size={2} style={{ width: "100%" }}>
            <Link to={`/tickets/${ticket.id}`}>
              #{ticket.id} {ticket.title}
            </Link>
            <Space size={4} wrap>
              {TICKET_STATUSES.find((status) => status === ticket.status) ? <StatusTag status={ticket.status as TicketStatus} /> : <Tag>{ticket.status}</Tag>}
              <Tag color="blue">score {ticket.score.toFixed(2)}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {ticket.resolved_at ? `resolved ${formatShortDateTime(ticket.resolved_at)}` : `opened ${formatShortDateTime(ticket.created_at)}`}
              </Typography.Text>
            </Space>
          </Space>
        </List.Item>
      )}
    />
    </section>
  );
}
