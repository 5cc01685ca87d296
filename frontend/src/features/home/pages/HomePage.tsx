import { Card, Col, List, Row, Space, Typography } from "antd";
import { Link } from "react-router-dom";
import type { Ticket, TicketListQuery } from "../../../api/types";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { formatDateTime } from "../../../shared/format";
import { PageHeader } from "../../../shared/PageHeader";
import { PriorityTag, StatusTag } from "../../tickets/components/TicketBadges";
import { useTickets } from "../../tickets/hooks/useTickets";

const ATTENTION_LIST_SIZE = 8;
/** How many of the newest tickets are looked at when some must be filtered out here. */
const FILTERED_FETCH_SIZE = 100;

const isUnresolved = (ticket: Ticket) => ticket.status !== "resolved" && ticket.status !== "closed";

interface AttentionCardProps {
  title: string;
  query: TicketListQuery;
  /** Link to the full, filtered ticket list. */
  listHref: string;
  emptyText: string;
  /** Keeps only some of the fetched tickets (when the API cannot filter them out). */
  keep?: (ticket: Ticket) => boolean;
}

function TicketSummary({ ticket }: { ticket: Ticket }) {
  return (
    <List.Item>
      <List.Item.Meta
        title={
          <Link to={`/tickets/${ticket.id}`}>
            #{ticket.id} {ticket.title}
          </Link>
        }
        description={
          <Space size="small" wrap>
            <StatusTag status={ticket.status} />
            <PriorityTag priority={ticket.priority} />
            <Typography.Text type="secondary">{formatDateTime(ticket.created_at)}</Typography.Text>
          </Space>
        }
      />
    </List.Item>
  );
}

/** A short, newest-first list of tickets needing attention, with the total. */
function AttentionCard({ title, query, listHref, emptyText, keep }: AttentionCardProps) {
  const tickets = useTickets({ ...query, page: 1, page_size: keep ? FILTERED_FETCH_SIZE : ATTENTION_LIST_SIZE, sort: "-created_at" });
  const kept = keep ? (tickets.data?.items ?? []).filter(keep) : (tickets.data?.items ?? []);
  const total = tickets.data === undefined ? undefined : keep ? kept.length : tickets.data.total;
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{total === undefined ? title : `${title} (${total})`}</h2>}
      extra={<Link to={listHref}>View all</Link>}
    >
      {tickets.error ? (
        <ErrorAlert error={tickets.error} title="Could not load tickets" onRetry={() => void tickets.refetch()} />
      ) : (
        <List<Ticket>
          aria-label={title}
          loading={tickets.isPending}
          dataSource={kept.slice(0, ATTENTION_LIST_SIZE)}
          locale={{ emptyText }}
          renderItem={(ticket) => <TicketSummary ticket={ticket} />}
        />
      )}
    </Card>
  );
}

export function HomePage() {
  return (
    <>
      <PageHeader title="What needs attention" subtitle="Open tickets and unresolved urgent tickets, newest first" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <AttentionCard title="Open tickets" query={{ status: "open" }} listHref="/tickets?status=open" emptyText="No open tickets" />
        </Col>
        <Col xs={24} xl={12}>
          <AttentionCard
            title="Urgent tickets"
            query={{ priority: "urgent" }}
            keep={isUnresolved}
            listHref="/tickets?priority=urgent"
            emptyText="No unresolved urgent tickets"
          />
        </Col>
      </Row>
    </>
  );
}
