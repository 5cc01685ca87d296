import { useQuery } from "@tanstack/react-query";
import { List, Skeleton, Space } from "antd";
import { Link } from "react-router-dom";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { listTickets, ticketKeys } from "../../tickets/api";
import { SlaBadge } from "../../tickets/components/SlaBadge";
import { PriorityTag } from "../../tickets/components/TicketBadges";

const QUERY = { sla: "at_risk", sort: "-priority", page: 1, page_size: 10 } as const;

/** Open tickets whose SLA falls due soon (now, whatever the range), most urgent first. */
export function AtRiskTickets() {
  const tickets = useQuery({ queryKey: ticketKeys.list(QUERY), queryFn: () => listTickets(QUERY) });
  if (tickets.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (tickets.error) return <ErrorAlert error={tickets.error} title="Could not load the tickets at risk" onRetry={() => void tickets.refetch()} />;
  return (
    <section aria-label="Tickets at risk">
    <List
      size="small"
      dataSource={tickets.data.items}
      locale={{ emptyText: "No ticket is at risk" }}
      footer={
        <Space size="middle">
          {tickets.data.total > tickets.data.items.length ? <Link to="/tickets?sla=at_risk">All {tickets.data.total} at risk</Link> : null}
          <Link to="/tickets?sla=breached">Breached tickets</Link>
        </Space>
      }
      renderItem={(ticket) => (
        <List.Item key={ticket.id} style={{ paddingInline: 0 }}>
          <Space direction="vertical" size={2}>
            <Link to={`/tickets/${ticket.id}`}>
              #{ticket.id} {ticket.title}
            </Link>
            <Space size={4}>
              <PriorityTag priority={ticket.priority} />
              <SlaBadge ticket={ticket} compact />
            </Space>
          </Space>
        </List.Item>
      )}
    />
    </section>
  );
}
