import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { User } from "../../../api/types";
import { FakeApi, json } from "../../../test/fakeApi";
import { aTicket, aUser } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";
import { setScreenWidth } from "../../../test/screen";

const alice = aUser({ id: 1, name: "Alice Agent" });
const bob = aUser({ id: 2, name: "Bob Buyer" });

function usersByIds(users: User[]) {
  return (request: { url: URL }) => {
    const ids = (request.url.searchParams.get("ids") ?? "").split(",").filter(Boolean).map(Number);
    const found = ids.length > 0 ? users.filter((user) => ids.includes(user.id)) : users;
    return json(found, { headers: { "X-Total-Count": String(found.length) } });
  };
}

function fakeBackend() {
  return new FakeApi()
    .on("GET", "/api/users", usersByIds([alice, bob]))
    .on("GET", "/api/tickets", () =>
      json(
        [
          aTicket({ id: 7, title: "Cannot log in", status: "open", priority: "urgent", tags: ["login", "web"], requester_id: 2 }),
          aTicket({ id: 5, title: "Refund request", status: "pending", priority: "low", category: "billing", requester_id: 1 }),
        ],
        { headers: { "X-Total-Count": "42", Link: '</api/tickets?page=2>; rel="next"' } },
      ),
    );
}

describe("ticket list", () => {
  it("shows a row per ticket, requester names from one users request, and the total from X-Total-Count", async () => {
    const api = fakeBackend();
    renderApp("/tickets");

    const loginRow = (await screen.findByRole("link", { name: "Cannot log in" })).closest("tr");
    expect(loginRow).not.toBeNull();
    const cells = within(loginRow as HTMLElement);
    expect(cells.getByText("Open")).toBeInTheDocument();
    expect(cells.getByText("Urgent")).toBeInTheDocument();
    expect(cells.getByText("login")).toBeInTheDocument();
    expect(cells.getByText("web")).toBeInTheDocument();
    expect(await cells.findByRole("link", { name: "Bob Buyer" })).toBeInTheDocument();

    const refundRow = screen.getByRole("link", { name: "Refund request" }).closest("tr") as HTMLElement;
    expect(within(refundRow).getByText("billing")).toBeInTheDocument();
    expect(within(refundRow).getByText("Pending")).toBeInTheDocument();

    expect(screen.getByText("1–20 of 42 tickets")).toBeInTheDocument();
    // 42 tickets at 20 a page: three pages.
    expect(screen.getByTitle("3")).toBeInTheDocument();

    const requesterLookups = api.sent("/api/users", "GET").filter((request) => request.url.searchParams.has("ids"));
    expect(requesterLookups).toHaveLength(1);
    expect(requesterLookups[0].url.searchParams.get("ids")).toBe("1,2");
    expect(api.sent("/api/tickets")[0].url.searchParams.get("sort")).toBe("-created_at");
  });

  it("puts filters in the URL and sends them to the server", async () => {
    const api = fakeBackend();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets");
    await screen.findByRole("link", { name: "Cannot log in" });

    await user.click(screen.getByRole("combobox", { name: "Status" }));
    await user.click(await screen.findByTitle("Pending"));
    await waitFor(() => expect(router.state.location.search).toBe("?status=pending"));

    await user.type(screen.getByRole("searchbox", { name: "Search" }), "printer{Enter}");
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("q")).toBe("printer"));
    expect(new URLSearchParams(router.state.location.search).get("status")).toBe("pending");

    await waitFor(() => {
      const last = api.sent("/api/tickets").at(-1);
      expect(last?.url.searchParams.get("status")).toBe("pending");
      expect(last?.url.searchParams.get("q")).toBe("printer");
    });
  });

  it("restores a shared view from the URL", async () => {
    const api = fakeBackend();
    renderApp("/tickets?status=open&priority=urgent&tag=login&requester_id=2&q=log&page=2&sort=priority");
    await screen.findByRole("link", { name: "Cannot log in" });

    const query = api.sent("/api/tickets")[0].url.searchParams;
    expect(Object.fromEntries(query)).toEqual({
      status: "open",
      priority: "urgent",
      tag: "login",
      requester_id: "2",
      q: "log",
      page: "2",
      page_size: "20",
      sort: "priority",
    });
    expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("log");
    expect(screen.getByRole("searchbox", { name: "Tag" })).toHaveValue("login");
    expect(screen.getByText("21–40 of 42 tickets")).toBeInTheDocument();
  });

  it("opens a ticket when its row is clicked", async () => {
    fakeBackend().on("GET", "/api/tickets/:id", () => json(aTicket({ id: 5 }))).on("GET", "/api/tickets/:id/replies", () => json([]));
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets");
    const row = (await screen.findByRole("link", { name: "Refund request" })).closest("tr") as HTMLElement;
    await user.click(within(row).getByText("billing"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets/5"));
  });

  it("shows each ticket as one readable cell on a phone: title, status, priority and SLA, no sideways scrolling", async () => {
    setScreenWidth(390);
    const api = new FakeApi()
      .on("GET", "/api/users", usersByIds([alice, bob]))
      .on("GET", "/api/tickets", () =>
        json(
          [
            aTicket({
              id: 7,
              title: "Cannot log in",
              status: "open",
              priority: "urgent",
              tags: ["login"],
              requester_id: 2,
              first_response_due_at: "2025-01-02T11:00:00Z",
            }),
          ],
          { headers: { "X-Total-Count": "42" } },
        ),
      );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets");

    await screen.findByRole("link", { name: "Cannot log in" });
    // The phone layout replaces the table once the breakpoint is known: take the row after that.
    await waitFor(() => expect(screen.getAllByRole("columnheader").map((header) => header.textContent)).toEqual(["Ticket"]));
    const row = screen.getByRole("link", { name: "Cannot log in" }).closest("tr") as HTMLElement;
    const cell = within(row);
    expect(cell.getByText("Open")).toBeInTheDocument();
    expect(cell.getByText("Urgent")).toBeInTheDocument();
    expect(row.querySelector('[data-sla="breached"]')).toHaveTextContent(/^Breached/);
    expect(await cell.findByText(/#7 · Bob Buyer ·/)).toBeInTheDocument();
    // The low-value columns are gone, and the table is not given a width wider than the screen.
    expect(cell.queryByText("login")).not.toBeInTheDocument();
    expect(row.closest("table")?.style.width).toBe("");
    expect(document.querySelector(".ant-table-content")).not.toHaveStyle({ overflowX: "auto" });

    // Sorting moves to a select; paging keeps the chosen order.
    await user.click(screen.getByRole("combobox", { name: "Sort" }));
    await user.click(await screen.findByTitle("Most urgent first"));
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("sort")).toBe("-priority"));
    await user.click(screen.getByTitle("2"));
    await waitFor(() => expect(api.sent("/api/tickets").at(-1)?.url.searchParams.get("page")).toBe("2"));
    expect(api.sent("/api/tickets").at(-1)?.url.searchParams.get("sort")).toBe("-priority");
  });

  it("shows every filter at once on a desktop, with no Filters button", async () => {
    fakeBackend();
    renderApp("/tickets?status=open&priority=high");
    await screen.findByRole("link", { name: "Cannot log in" });

    const form = screen.getByRole("form", { name: "Ticket filters" });
    for (const name of ["Status", "Priority", "SLA", "Requester"]) {
      expect(within(form).getByRole("combobox", { name })).toBeInTheDocument();
    }
    expect(within(form).getByRole("searchbox", { name: "Search" })).toBeInTheDocument();
    expect(within(form).getByRole("searchbox", { name: "Tag" })).toBeInTheDocument();
    expect(within(form).getByRole("button", { name: "Clear filters" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Filters/ })).not.toBeInTheDocument();
  });

  it("on a phone keeps the search and folds the other filters behind a Filters button counting those set", async () => {
    setScreenWidth(390);
    const api = fakeBackend();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/tickets?status=open&priority=high");
    await screen.findByRole("link", { name: "Cannot log in" });

    // The phone layout replaces the desktop one once the breakpoint is known.
    const toggle = await screen.findByRole("button", { name: "Filters (2)" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByRole("searchbox", { name: "Search" })).toBeInTheDocument();
    for (const name of ["Status", "Priority", "SLA", "Requester"]) {
      expect(screen.queryByRole("combobox", { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByRole("searchbox", { name: "Tag" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Clear filters" })).not.toBeInTheDocument();

    // The search works without opening the panel, and is not counted: it is always in sight.
    await user.type(screen.getByRole("searchbox", { name: "Search" }), "printer{Enter}");
    await waitFor(() => expect(api.sent("/api/tickets").at(-1)?.url.searchParams.get("q")).toBe("printer"));
    expect(screen.getByRole("button", { name: "Filters (2)" })).toBeInTheDocument();

    // The keyboard opens the panel in place; it holds the URL's values.
    act(() => toggle.focus());
    await user.keyboard("{Enter}");
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const panel = screen.getByRole("group", { name: "More filters" });
    expect(toggle).toHaveAttribute("aria-controls", panel.id);
    expect(within(panel).getByRole("combobox", { name: "Status" }).closest(".ant-select")).toHaveTextContent("Open");
    expect(within(panel).getByRole("combobox", { name: "Priority" }).closest(".ant-select")).toHaveTextContent("High");
    expect(within(panel).getByRole("combobox", { name: "Requester" })).toBeInTheDocument();
    expect(within(panel).getByRole("searchbox", { name: "Tag" })).toBeInTheDocument();

    // A filter chosen in the panel goes to the URL and the request, next to the others.
    await user.click(within(panel).getByRole("combobox", { name: "SLA" }));
    await user.click(await screen.findByTitle("Breached"));
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("sla")).toBe("breached"));
    await waitFor(() => {
      const query = api.sent("/api/tickets").at(-1)?.url.searchParams;
      expect(query?.get("sla")).toBe("breached");
      expect(query?.get("status")).toBe("open");
      expect(query?.get("priority")).toBe("high");
      expect(query?.get("q")).toBe("printer");
    });
    expect(screen.getByRole("button", { name: "Filters (3)" })).toHaveAttribute("aria-expanded", "true");

    // Clearing empties the URL and the count; pressing Filters again folds the panel away.
    await user.click(within(panel).getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(router.state.location.search).toBe(""));
    await waitFor(() => expect(api.sent("/api/tickets").at(-1)?.url.searchParams.has("status")).toBe(false));
    expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("");
    await user.click(screen.getByRole("button", { name: "Filters" }));
    expect(screen.getByRole("button", { name: "Filters" })).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("combobox", { name: "Status" })).not.toBeInTheDocument();
  });

  it("says so when no ticket matches", async () => {
    new FakeApi().on("GET", "/api/users", () => json([])).on("GET", "/api/tickets", () => json([], { headers: { "X-Total-Count": "0" } }));
    renderApp("/tickets?status=closed");
    expect(await screen.findByText("No tickets match these filters")).toBeInTheDocument();
  });
});
