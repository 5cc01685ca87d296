import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Dashboard } from "../../../api/types";
import { FakeApi, json } from "../../../test/fakeApi";
import { aTicket, theCustomer } from "../../../test/fixtures";
import { renderApp } from "../../../test/renderApp";

const durations = { count: 0, median_seconds: null, p90_seconds: null };

function aDashboard(groupBy: "day" | "week" = "day"): Dashboard {
  return {
    range: {
      from: "2025-03-01",
      to: "2025-03-03",
      group_by: groupBy,
      category: null,
      priority: null,
      starts_at: "2025-03-01T00:00:00Z",
      ends_at: "2025-03-04T00:00:00Z",
    },
    generated_at: "2025-03-03T12:00:00Z",
    totals: {
      created: 12,
      resolved: 7,
      open_now: 5,
      by_status: { open: 3, in_progress: 1, pending: 1, resolved: 6, closed: 1 },
      by_priority: { low: 2, medium: 6, high: 3, urgent: 1 },
      by_category: [
        { category: "billing", count: 8 },
        { category: null, count: 4 },
      ],
    },
    trend: [
      { start: "2025-03-01T00:00:00Z", end: "2025-03-02T00:00:00Z", created: 4, resolved: 2 },
      { start: "2025-03-02T00:00:00Z", end: "2025-03-03T00:00:00Z", created: 5, resolved: 3 },
      { start: "2025-03-03T00:00:00Z", end: "2025-03-04T00:00:00Z", created: 3, resolved: 2 },
    ],
    sla: {
      first_response: { met: 7, breached: 1, met_pct: 87.5, count: 8, median_seconds: 1800, p90_seconds: 7200 },
      resolution: { met: 5, breached: 2, met_pct: 71.4, count: 7, median_seconds: 90000, p90_seconds: 180000 },
      tickets_breached: 3,
      at_risk_now: 2,
      breached_open_now: 1,
    },
    satisfaction: {
      overall: { count: 4, average: 4.25, distribution: { "1": 0, "2": 0, "3": 1, "4": 1, "5": 2 } },
      ai_assisted: { count: 0, average: null, distribution: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } },
      not_ai_assisted: { count: 4, average: 4.25, distribution: { "1": 0, "2": 0, "3": 1, "4": 1, "5": 2 } },
    },
    ai: {
      triage: { triaged: 0, abstained: 0, abstention_pct: null, judged: 0, agreed: 0, accuracy_pct: null },
      drafts: { decided: 0, accepted: 0, edited: 0, rejected: 0, accepted_pct: null, edited_pct: null, rejected_pct: null, sent: 0, mean_changed_pct: null },
      first_response_with_draft: durations,
      first_response_without_draft: durations,
    },
  };
}

function fakeDashboard() {
  return new FakeApi()
    .on("GET", "/api/stats/dashboard", ({ url }) => json(aDashboard(url.searchParams.get("group_by") === "week" ? "week" : "day")))
    .on("GET", "/api/tickets", () =>
      json([aTicket({ id: 41, title: "Refund overdue", priority: "high", first_response_due_at: new Date(Date.now() + 20 * 60_000).toISOString() })], {
        headers: { "X-Total-Count": "1" },
      }),
    );
}

const figure = (name: string) => screen.getByRole("group", { name });

describe("dashboard", () => {
  it("shows the figures of the server's answer", async () => {
    const api = fakeDashboard();
    renderApp("/dashboard");

    expect(await screen.findByRole("group", { name: "Created" })).toHaveTextContent("12");
    expect(figure("Resolved")).toHaveTextContent("7");
    expect(figure("Open now")).toHaveTextContent("5");
    expect(figure("First response SLA met")).toHaveTextContent("87.5 %");
    expect(figure("First response SLA met")).toHaveTextContent("7 met, 1 breached");
    expect(figure("Resolution SLA met")).toHaveTextContent("71.4 %");
    expect(figure("Satisfaction")).toHaveTextContent("4.25");
    expect(figure("Satisfaction")).toHaveTextContent("4 ratings");
    expect(screen.getByText("Figures of 2025-03-01 to 2025-03-03 (UTC), as of", { exact: false })).toBeInTheDocument();
    expect(screen.getByText("At risk now").closest("tr")).toHaveTextContent("2");
    expect(screen.getByText("First response, median").closest("tr")).toHaveTextContent("30 min");
    expect(screen.getByText("Resolution, median").closest("tr")).toHaveTextContent("1 d 1 h");
    expect(screen.getByText("Drafts decided").closest("tr")).toHaveTextContent("0");
    expect(screen.getByText("Triage category accuracy").closest("tr")).toHaveTextContent("—");

    const atRisk = await screen.findByRole("region", { name: "Tickets at risk" });
    expect(within(atRisk).getByRole("link", { name: "#41 Refund overdue" })).toHaveAttribute("href", "/tickets/41");
    expect(within(atRisk).getByText(/At risk · \d+ min left/)).toBeInTheDocument();
    expect(api.sent("/api/tickets")[0].url.searchParams.get("sla")).toBe("at_risk");
  });

  it("asks for weeks and keeps the choice in the URL", async () => {
    const api = fakeDashboard();
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/dashboard?from=2025-03-01&to=2025-03-03");
    await screen.findByRole("group", { name: "Created" });
    expect(api.sent("/api/stats/dashboard")[0].url.searchParams.get("from")).toBe("2025-03-01");

    await user.click(screen.getByText("Week"));
    await waitFor(() => expect(api.sent("/api/stats/dashboard").at(-1)?.url.searchParams.get("group_by")).toBe("week"));
    expect(router.state.location.search).toContain("group_by=week");
    expect(await screen.findByText("Created vs resolved, by week")).toBeInTheDocument();
  });

  it("downloads the CSV with the bearer token", async () => {
    const api = fakeDashboard().on(
      "GET",
      "/api/stats/dashboard.csv",
      () => new Response("section,figure,key,value\r\n", { headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="dashboard-2025-03-01-2025-03-03.csv"' } }),
    );
    const createObjectURL = vi.fn(() => "blob:csv");
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    const user = userEvent.setup({ delay: null });
    renderApp("/dashboard");

    await user.click(await screen.findByRole("button", { name: "Download CSV" }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const [sent] = api.sent("/api/stats/dashboard.csv");
    expect(sent.headers.get("Authorization")).toBe("Bearer test-token");
    expect(createObjectURL).toHaveBeenCalled();
    expect(await screen.findByText("Downloaded dashboard-2025-03-01-2025-03-03.csv")).toBeInTheDocument();
    click.mockRestore();
  });

  it("is not for customers", async () => {
    new FakeApi({ account: theCustomer }).on("GET", "/api/tickets", () => json([], { headers: { "X-Total-Count": "0" } }));
    const { router } = renderApp("/dashboard");
    await waitFor(() => expect(router.state.location.pathname).toBe("/tickets"));
    expect(screen.queryByRole("link", { name: "Dashboard" })).not.toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Knowledge base" })).not.toBeInTheDocument();
  });
});
