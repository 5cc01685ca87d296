import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { parseTicketListView, ticketListViewToSearch, type TicketListFilters, type TicketListView } from "../ticketListSearch";

/** The ticket list's view, read from and written to the URL query string. */
export function useTicketListView() {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = useMemo(() => parseTicketListView(searchParams), [searchParams]);

  const changeView = useCallback(
    (next: TicketListView) => setSearchParams(ticketListViewToSearch(next)),
    [setSearchParams],
  );

  /** A new filter shows its results from the first page. */
  const changeFilters = useCallback(
    (filters: Partial<TicketListFilters>) => changeView({ ...view, ...filters, page: 1 }),
    [changeView, view],
  );

  const clearFilters = useCallback(
    () =>
      changeView({ ...view, status: undefined, priority: undefined, sla: undefined, requesterId: undefined, tag: undefined, q: undefined, page: 1 }),
    [changeView, view],
  );

  return { view, changeView, changeFilters, clearFilters };
}
