import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { User } from "../../api/types";
import { FakeApi, json } from "../../test/fakeApi";
import { aSlaPolicy, aTicket, theAgent, theCustomer } from "../../test/fixtures";
import { CurrentAccountContext, currentAccountOf } from "../auth/currentAccount";
import { SlaBadge } from "./components/SlaBadge";
import { DEFAULT_AT_RISK_MINUTES, formatDuration, slaStateOf } from "./sla";

/** A high ticket opened at 10:00: first response due 14:00, resolution due 10:00 next day. */
const OPENED = "2025-01-02T10:00:00Z";
const FIRST_DUE = "2025-01-02T14:00:00Z";
const RESOLUTION_DUE = "2025-01-03T10:00:00Z";
const at = (iso: string) => new Date(iso);
const tracked = (overrides = {}) =>
  aTicket({ priority: "high", created_at: OPENED, first_response_due_at: FIRST_DUE, resolution_due_at: RESOLUTION_DUE, ...overrides });

describe("SLA state (docs/analytics.md, the sla= filter)", () => {
  it("is none for a ticket stored before SLA tracking", () => {
    expect(slaStateOf(aTicket(), at(OPENED))).toBeNull();
  });

  it("runs on the first response, then on the resolution once answered", () => {
    expect(slaStateOf(tracked(), at("2025-01-02T11:00:00Z"))).toMatchObject({ status: "ok", target: "first response", dueAt: at(FIRST_DUE) });
    const answered = tracked({ first_responded_at: "2025-01-02T12:00:00Z" });
    expect(slaStateOf(answered, at("2025-01-02T13:30:00Z"))).toMatchObject({ status: "ok", target: "resolution", dueAt: at(RESOLUTION_DUE) });
  });

  it("is at risk within 60 minutes of a due time by default, both ends included, and breached after it", () => {
    expect(DEFAULT_AT_RISK_MINUTES).toBe(60);
    expect(slaStateOf(tracked(), at("2025-01-02T12:59:59Z"))?.status).toBe("ok");
    expect(slaStateOf(tracked(), at("2025-01-02T13:00:00Z"))?.status).toBe("at_risk");
    expect(slaStateOf(tracked(), at(FIRST_DUE))?.status).toBe("at_risk");
    expect(slaStateOf(tracked(), at("2025-01-02T14:00:01Z"))).toMatchObject({ status: "breached", target: "first response" });
  });

  it("is at risk within the window it is given (the server's SLA_AT_RISK_MINUTES)", () => {
    expect(slaStateOf(tracked(), at("2025-01-02T13:44:59Z"), 15)?.status).toBe("ok");
    expect(slaStateOf(tracked(), at("2025-01-02T13:45:00Z"), 15)?.status).toBe("at_risk");
    expect(slaStateOf(tracked(), at("2025-01-02T11:00:00Z"), 240)?.status).toBe("at_risk");
    expect(slaStateOf(tracked(), at("2025-01-02T14:00:01Z"), 240)?.status).toBe("breached");
  });

  it("judges a late answer or a late stop as breached for good", () => {
    const lateAnswer = tracked({ first_responded_at: "2025-01-02T15:00:00Z" });
    expect(slaStateOf(lateAnswer, at("2025-01-02T16:00:00Z"))).toMatchObject({ status: "breached", target: "first response" });
    const solvedLate = tracked({
      status: "resolved",
      first_responded_at: "2025-01-02T11:00:00Z",
      resolved_at: "2025-01-03T11:00:00Z",
      resolution_paused_at: "2025-01-03T11:00:00Z",
    });
    expect(slaStateOf(solvedLate, at("2025-01-05T00:00:00Z"))).toMatchObject({ status: "breached", target: "resolution", stopped: true });
  });

  it("stands still while pending, and a ticket solved in time is ok", () => {
    const pending = tracked({ status: "pending", first_responded_at: "2025-01-02T11:00:00Z", resolution_paused_at: "2025-01-02T11:30:00Z" });
    expect(slaStateOf(pending, at("2025-01-04T00:00:00Z"))).toMatchObject({ status: "ok", stopped: true });
    const solved = tracked({ status: "closed", resolved_at: "2025-01-02T12:00:00Z", resolution_paused_at: "2025-01-02T12:00:00Z" });
    expect(slaStateOf(solved, at("2025-01-09T00:00:00Z"))).toMatchObject({ status: "ok", stopped: true });
  });

  it("writes durations in days, hours and minutes", () => {
    expect(formatDuration(30_000)).toBe("under a minute");
    expect(formatDuration(45 * 60_000)).toBe("45 min");
    expect(formatDuration(-(2 * 60 + 5) * 60_000)).toBe("2 h 5 min");
    expect(formatDuration((2 * 1440 + 3 * 60) * 60_000)).toBe("2 d 3 h");
  });
});

/** The badge as the console shows it to `account`, whose fake API reports `atRiskMinutes` with the policy. */
function renderBadge(ticket = tracked(), { account = theAgent, compact = false, atRiskMinutes = 60 }: { account?: User; compact?: boolean; atRiskMinutes?: number } = {}) {
  const api = new FakeApi({ account });
  if (account.role !== "customer") api.on("GET", "/api/sla/policies", () => json(aSlaPolicy({ at_risk_minutes: atRiskMinutes })));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <CurrentAccountContext.Provider value={currentAccountOf(account)}>
        <SlaBadge ticket={ticket} compact={compact} />
      </CurrentAccountContext.Provider>
    </QueryClientProvider>,
  );
  const tag = () => view.container.querySelector("[data-sla]");
  return { api, view, shown: () => ({ state: tag()?.getAttribute("data-sla"), text: tag()?.textContent }) };
}

describe("SLA badge", () => {
  afterEach(() => vi.useRealTimers());

  /** What the badge shows at `now`, once the at-risk window has been read. */
  const badgeAt = async (now: string, ticket = tracked(), compact = false) => {
    vi.useFakeTimers({ now: at(now), toFake: ["Date"] });
    const { api, view, shown } = renderBadge(ticket, { compact });
    await waitFor(() => expect(api.sent("/api/sla/policies")).toHaveLength(1));
    await waitFor(() => expect(view.container.querySelector("[data-sla]")).not.toBeNull());
    const result = shown();
    view.unmount();
    return result;
  };

  it("shows the time left on the due time that matters now", async () => {
    expect(await badgeAt("2025-01-02T11:00:00Z")).toEqual({ state: "ok", text: "SLA on track · 3 h left" });
    expect(await badgeAt("2025-01-02T11:00:00Z", tracked(), true)).toEqual({ state: "ok", text: "On track · 3 h left" });
    expect(await badgeAt("2025-01-02T13:20:00Z")).toEqual({ state: "at_risk", text: "SLA at risk · 40 min left" });
    expect(await badgeAt("2025-01-02T13:20:00Z", tracked(), true)).toEqual({ state: "at_risk", text: "At risk · 40 min left" });
  });

  it("shows the time over when a running clock is breached, and says when clocks stand still", async () => {
    expect(await badgeAt("2025-01-02T15:30:00Z")).toEqual({ state: "breached", text: "SLA breached · 1 h 30 min over" });
    const pending = tracked({ status: "pending", first_responded_at: "2025-01-02T11:00:00Z", resolution_paused_at: "2025-01-02T11:30:00Z" });
    expect(await badgeAt("2025-01-02T12:00:00Z", pending)).toEqual({ state: "ok", text: "SLA paused" });
    expect(await badgeAt("2025-01-02T12:00:00Z", pending, true)).toEqual({ state: "ok", text: "Paused" });
    expect(screen.queryByText(/SLA/)).toBeNull();
  });

  it("judges at risk for staff by the server's window, read once with the SLA policy", async () => {
    vi.useFakeTimers({ now: at("2025-01-02T12:30:00Z"), toFake: ["Date"] }); // 90 minutes left
    const { api, shown } = renderBadge(tracked(), { atRiskMinutes: 120 });
    await waitFor(() => expect(shown()).toEqual({ state: "at_risk", text: "SLA at risk · 1 h 30 min left" }));
    expect(api.sent("/api/sla/policies", "GET")).toHaveLength(1);
  });

  it("uses the default 60 minutes for customers, who may not read the SLA policy (no request)", async () => {
    vi.useFakeTimers({ now: at("2025-01-02T12:30:00Z"), toFake: ["Date"] });
    const { api, shown } = renderBadge(tracked(), { account: theCustomer, atRiskMinutes: 120 });
    expect(shown()).toEqual({ state: "ok", text: "SLA on track · 1 h 30 min left" });
    vi.useFakeTimers({ now: at("2025-01-02T13:20:00Z"), toFake: ["Date"] });
    const later = renderBadge(tracked(), { account: theCustomer });
    expect(later.shown()).toEqual({ state: "at_risk", text: "SLA at risk · 40 min left" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...api.requests, ...later.api.requests].filter((request) => request.url.pathname === "/api/sla/policies")).toHaveLength(0);
  });

  it("asks for nothing for a ticket without SLA clocks", async () => {
    const { api, view } = renderBadge(aTicket());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(view.container.querySelector("[data-sla]")).toBeNull();
    expect(api.sent("/api/sla/policies")).toHaveLength(0);
  });
});
