import type { SlaStatus, TicketListQuery, TicketPriority, TicketSort, TicketStatus } from "../../api/types";
import { SLA_STATUSES, TICKET_PRIORITIES, TICKET_SORTS, TICKET_STATUSES } from "../../api/types";

/** What the ticket list shows; kept in the URL query string so a view can be shared or reloaded. */
export interface TicketListView {
  status?: TicketStatus;
  priority?: TicketPriority;
  sla?: SlaStatus;
  requesterId?: number;
  tag?: string;
  q?: string;
  page: number;
  pageSize: number;
  sort: TicketSort;
}

export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_SORT: TicketSort = "-created_at";
export const PAGE_SIZES = [10, 20, 50, 100] as const;

function oneOf<T extends string>(allowed: readonly T[], raw: string | null): T | undefined {
  return allowed.find((value) => value === raw);
}

function positiveInteger(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const value = Number.parseInt(raw, 10);
  return value > 0 ? value : undefined;
}

function nonBlank(raw: string | null): string | undefined {
  const value = raw?.trim();
  return value ? value : undefined;
}

export function parseTicketListView(params: URLSearchParams): TicketListView {
  const pageSize = positiveInteger(params.get("page_size"));
  return {
    status: oneOf(TICKET_STATUSES, params.get("status")),
    priority: oneOf(TICKET_PRIORITIES, params.get("priority")),
    sla: oneOf(SLA_STATUSES, params.get("sla")),
    requesterId: positiveInteger(params.get("requester_id")),
    tag: nonBlank(params.get("tag")),
    q: nonBlank(params.get("q")),
    page: positiveInteger(params.get("page")) ?? 1,
    pageSize: pageSize !== undefined && pageSize <= 100 ? pageSize : DEFAULT_PAGE_SIZE,
    sort: oneOf(TICKET_SORTS, params.get("sort")) ?? DEFAULT_SORT,
  };
}

/** The URL query string of a view; defaults are left out so URLs stay short. */
export function ticketListViewToSearch(view: TicketListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.status) params.set("status", view.status);
  if (view.priority) params.set("priority", view.priority);
  if (view.sla) params.set("sla", view.sla);
  if (view.requesterId !== undefined) params.set("requester_id", String(view.requesterId));
  if (view.tag) params.set("tag", view.tag);
  if (view.q) params.set("q", view.q);
  if (view.page !== 1) params.set("page", String(view.page));
  if (view.pageSize !== DEFAULT_PAGE_SIZE) params.set("page_size", String(view.pageSize));
  if (view.sort !== DEFAULT_SORT) params.set("sort", view.sort);
  return params;
}

export function ticketListViewToQuery(view: TicketListView): TicketListQuery {
  const query: TicketListQuery = { page: view.page, page_size: view.pageSize, sort: view.sort };
  if (view.status) query.status = view.status;
  if (view.priority) query.priority = view.priority;
  if (view.sla) query.sla = view.sla;
  if (view.requesterId !== undefined) query.requester_id = view.requesterId;
  if (view.tag) query.tag = view.tag;
  if (view.q) query.q = view.q;
  return query;
}

export type TicketListFilters = Pick<TicketListView, "status" | "priority" | "sla" | "requesterId" | "tag" | "q">;

export function hasFilters(view: TicketListView): boolean {
  return Boolean(view.status || view.priority || view.sla || view.requesterId !== undefined || view.tag || view.q);
}
