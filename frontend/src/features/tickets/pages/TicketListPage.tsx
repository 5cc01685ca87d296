import { PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { Button, Card, Space } from "antd";
import { useMemo } from "react";
import { useNavigate } from "react-router-dom";
import { ErrorAlert } from "../../../shared/ErrorAlert";
import { PageHeader } from "../../../shared/PageHeader";
import { usePermissions } from "../../auth/currentAccount";
import { usePeople } from "../../users/hooks/usePeople";
import { TicketFilters } from "../components/TicketFilters";
import { TicketTable } from "../components/TicketTable";
import { useTicketListView } from "../hooks/useTicketListView";
import { useTickets } from "../hooks/useTickets";
import { hasFilters, ticketListViewToQuery } from "../ticketListSearch";

export function TicketListPage() {
  const { view, changeView, changeFilters, clearFilters } = useTicketListView();
  const tickets = useTickets(useMemo(() => ticketListViewToQuery(view), [view]));
  const requesterIds = useMemo(() => (tickets.data?.items ?? []).map((ticket) => ticket.requester_id), [tickets.data]);
  const { usersById } = usePeople(requesterIds);
  const { seeAllTickets } = usePermissions();
  const filtered = hasFilters(view);
  const navigate = useNavigate();

  return (
    <>
      <PageHeader
        title={seeAllTickets ? "Tickets" : "My tickets"}
        extra={
          <>
            <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void tickets.refetch()} loading={tickets.isRefetching}>
              Refresh
            </Button>
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate("/tickets/new")}>
              New ticket
            </Button>
          </>
        }
      />
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Card size="small">
          <TicketFilters filters={view} onChange={changeFilters} onClear={clearFilters} filtered={filtered} showRequester={seeAllTickets} />
        </Card>
        {tickets.error ? (
          <ErrorAlert error={tickets.error} title="Could not load tickets" onRetry={() => void tickets.refetch()} />
        ) : null}
        <Card size="small">
          <TicketTable
            tickets={tickets.data?.items ?? []}
            total={tickets.data?.total ?? 0}
            loading={tickets.isFetching}
            usersById={usersById}
            page={view.page}
            pageSize={view.pageSize}
            sort={view.sort}
            onChange={(paging) => changeView({ ...view, ...paging })}
            emptyText={filtered ? "No tickets match these filters" : seeAllTickets ? "No tickets yet" : "You have not opened any tickets yet"}
            showRequester={seeAllTickets}
          />
        </Card>
      </Space>
    </>
  );
}
