import { Flex, Grid, Select, Table, Typography } from "antd";
import type { ColumnsType, SorterResult } from "antd/es/table/interface";
import type { SortOrder } from "antd/es/table/interface";
import { Link, useNavigate } from "react-router-dom";
import { TICKET_SORTS, type Ticket, type TicketSort, type User } from "../../../api/types";
import { formatShortDateTime } from "../../../shared/format";
import { navigateOnRowClick } from "../../../shared/rowNavigation";
import { DEFAULT_SORT, PAGE_SIZES } from "../ticketListSearch";
import { SlaBadge } from "./SlaBadge";
import { PriorityTag, StatusTag, TicketTags } from "./TicketBadges";

export interface TicketTablePaging {
  page: number;
  pageSize: number;
  sort: TicketSort;
}

interface TicketTableProps extends TicketTablePaging {
  tickets: Ticket[];
  total: number;
  loading: boolean;
  usersById: ReadonlyMap<number, User>;
  onChange: (paging: TicketTablePaging) => void;
  emptyText?: string;
  /** Off where every ticket has the same requester (a user's page). */
  showRequester?: boolean;
}

type SortableField = "created_at" | "updated_at" | "priority";

function sortOrderOf(sort: TicketSort, field: SortableField): SortOrder {
  if (sort === field) return "ascend";
  if (sort === `-${field}`) return "descend";
  return null;
}

function sortFrom(sorter: SorterResult<Ticket> | SorterResult<Ticket>[]): TicketSort {
  const single = Array.isArray(sorter) ? sorter[0] : sorter;
  const field = single?.columnKey;
  if (!single?.order || (field !== "created_at" && field !== "updated_at" && field !== "priority")) return DEFAULT_SORT;
  return single.order === "ascend" ? field : `-${field}`;
}

/** With the other columns, the staff table fits a 1366 px screen beside the open menu without scrolling sideways (at 1280 px it scrolls a little). */
const MIN_TITLE_WIDTH = 180;

interface ColumnChoice {
  showRequester: boolean;
  showCategory: boolean;
}

function ticketColumns(sort: TicketSort, usersById: ReadonlyMap<number, User>, choice: ColumnChoice): ColumnsType<Ticket> {
  const columns: ColumnsType<Ticket> = [
    { title: "ID", dataIndex: "id", key: "id", width: 56 },
    {
      title: "Title",
      dataIndex: "title",
      key: "title",
      ellipsis: true,
      // The column that matters: it takes the room the others leave (at least MIN_TITLE_WIDTH).
      render: (title: string, ticket) => <Link to={`/tickets/${ticket.id}`}>{title}</Link>,
    },
    { title: "Status", dataIndex: "status", key: "status", width: 100, render: (_, ticket) => <StatusTag status={ticket.status} /> },
    {
      title: "Priority",
      dataIndex: "priority",
      key: "priority",
      width: 95,
      sorter: true,
      sortOrder: sortOrderOf(sort, "priority"),
      render: (_, ticket) => <PriorityTag priority={ticket.priority} />,
    },
    { title: "SLA", key: "sla", width: 140, render: (_, ticket) => <SlaBadge ticket={ticket} compact /> },
    { title: "Tags", dataIndex: "tags", key: "tags", width: 130, render: (_, ticket) => <TicketTags tags={ticket.tags} /> },
    {
      title: "Category",
      dataIndex: "category",
      key: "category",
      width: 100,
      ellipsis: true,
      render: (category: string | null) => category ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: "Requester",
      dataIndex: "requester_id",
      key: "requester",
      width: 130,
      ellipsis: true,
      render: (requesterId: number) => {
        const requester = usersById.get(requesterId);
        return requester ? <Link to={`/users/${requester.id}`}>{requester.name}</Link> : `User #${requesterId}`;
      },
    },
    {
      title: "Created",
      dataIndex: "created_at",
      key: "created_at",
      width: 140,
      sorter: true,
      sortOrder: sortOrderOf(sort, "created_at"),
      sortDirections: ["descend", "ascend"],
      render: (createdAt: string) => <time dateTime={createdAt}>{formatShortDateTime(createdAt)}</time>,
    },
  ];
  return columns.filter(
    (column) =>
      (choice.showRequester || column.key !== "requester") &&
      (choice.showCategory || column.key !== "category"),
  );
}

/** On a phone a ticket is one cell: title, then status, priority and SLA, then id, requester and created time. */
function compactColumns(usersById: ReadonlyMap<number, User>, showRequester: boolean): ColumnsType<Ticket> {
  return [
    {
      title: "Ticket",
      key: "ticket",
      render: (_, ticket) => {
        const requester = usersById.get(ticket.requester_id);
        return (
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <Link to={`/tickets/${ticket.id}`} style={{ fontWeight: 500, overflowWrap: "anywhere" }}>
              {ticket.title}
            </Link>
            <Flex wrap="wrap" gap={4} align="center">
              <StatusTag status={ticket.status} />
              <PriorityTag priority={ticket.priority} />
              <SlaBadge ticket={ticket} compact />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              #{ticket.id}
              {showRequester ? ` · ${requester ? requester.name : `User #${ticket.requester_id}`}` : null} ·{" "}
              <time dateTime={ticket.created_at}>{formatShortDateTime(ticket.created_at)}</time>
            </Typography.Text>
          </Flex>
        );
      },
    },
  ];
}

const SORT_LABELS: Record<TicketSort, string> = {
  "-created_at": "Newest first",
  created_at: "Oldest first",
  "-updated_at": "Recently updated",
  updated_at: "Least recently updated",
  "-priority": "Most urgent first",
  priority: "Least urgent first",
};

function tableWidth(columns: ColumnsType<Ticket>): number {
  return columns.reduce((total, column) => total + (typeof column.width === "number" ? column.width : MIN_TITLE_WIDTH), 0);
}

/**
 * Tickets with server-side pagination and sorting; a row opens the ticket. On a phone (below
 * 768 px) each ticket is one compact cell that fits the screen, sorted with a select.
 */
export function TicketTable(props: TicketTableProps) {
  const { tickets, total, loading, usersById, page, pageSize, sort, onChange, emptyText, showRequester = true } = props;
  const navigate = useNavigate();
  // Below 1200 px (a laptop with the menu folded) the category gives its room to the title.
  const screens = Grid.useBreakpoint();
  const showCategory = screens.xl !== false;
  const phone = screens.md === false;
  const columns = phone ? compactColumns(usersById, showRequester) : ticketColumns(sort, usersById, { showRequester, showCategory });
  return (
    <Table<Ticket>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={tickets}
      loading={loading}
      scroll={phone ? undefined : { x: tableWidth(columns) }}
      title={
        phone
          ? () => (
              <Select<TicketSort>
                aria-label="Sort"
                size="small"
                value={sort}
                onChange={(nextSort) => onChange({ page: 1, pageSize, sort: nextSort })}
                options={TICKET_SORTS.map((value) => ({ value, label: SORT_LABELS[value] }))}
                style={{ width: 190 }}
              />
            )
          : undefined
      }
      onRow={(ticket) => navigateOnRowClick(() => navigate(`/tickets/${ticket.id}`))}
      locale={{ emptyText: emptyText ?? "No tickets" }}
      onChange={(pagination, _filters, sorter) => {
        const nextPageSize = pagination.pageSize ?? pageSize;
        // The phone's single column has no sorter: its select sorts, and paging keeps that order.
        const nextSort = phone ? sort : sortFrom(sorter);
        const startOver = nextPageSize !== pageSize || nextSort !== sort;
        onChange({ page: startOver ? 1 : (pagination.current ?? 1), pageSize: nextPageSize, sort: nextSort });
      }}
      pagination={{
        size: phone ? "small" : "default",
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES.map(String),
        showTotal: (count, [from, to]) => `${from}–${to} of ${count} ${count === 1 ? "ticket" : "tickets"}`,
      }}
    />
  );
}
