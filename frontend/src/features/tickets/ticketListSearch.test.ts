import { describe, expect, it } from "vitest";
import { parseTicketListView, ticketListViewToQuery, ticketListViewToSearch } from "./ticketListSearch";

describe("ticket list URL", () => {
  it("round-trips a view and leaves defaults out", () => {
    const view = parseTicketListView(new URLSearchParams("status=pending&tag=vpn&page=3&page_size=50&sort=priority"));
    expect(ticketListViewToSearch(view).toString()).toBe("status=pending&tag=vpn&page=3&page_size=50&sort=priority");
    expect(ticketListViewToSearch(parseTicketListView(new URLSearchParams())).toString()).toBe("");
  });

  it("ignores values the API would refuse", () => {
    const view = parseTicketListView(new URLSearchParams("status=sleeping&priority=meh&page=-2&page_size=5000&sort=title&requester_id=x"));
    expect(ticketListViewToQuery(view)).toEqual({ page: 1, page_size: 20, sort: "-created_at" });
  });
});
