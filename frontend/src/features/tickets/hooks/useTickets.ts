import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TicketListQuery } from "../../../api/types";
import { listTickets, ticketKeys } from "../api";

/** A page of tickets and the total the server reported in X-Total-Count. */
export function useTickets(query: TicketListQuery) {
  return useQuery({
    queryKey: ticketKeys.list(query),
    queryFn: () => listTickets(query),
    placeholderData: keepPreviousData,
  });
}
