import { render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { aTicket } from "../../test/fixtures";
import { SlaBadge } from "./components/SlaBadge";
import { formatDuration, slaStateOf } from "./sla";

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

  it("is at risk within 60 minutes of a due time, both ends included, and breached after it", () => {
    expect(slaStateOf(tracked(), at("2025-01-02T12:59:59Z"))?.status).toBe("ok");
    expect(slaStateOf(tracked(), at("2025-01-02T13:00:00Z"))?.status).toBe("at_risk");
    expect(slaStateOf(tracked(), at(FIRST_DUE))?.status).toBe("at_risk");
    expect(slaStateOf(tracked(), at("2025-01-02T14:00:01Z"))).toMatchObject({ status: "breached", target: "first response" });
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

describe("SLA badge", () => {
  afterEach(() => vi.useRealTimers());

  const badgeAt = (now: string, ticket = tracked(), compact = false) => {
    vi.useFakeTimers({ now: at(now), toFake: ["Date"] });
    const { container, unmount } = render(<SlaBadge ticket={ticket} compact={compact} />);
    const tag = container.querySelector("[data-sla]");
    const shown = { state: tag?.getAttribute("data-sla"), text: tag?.textContent };
    unmount();
    return shown;
  };

  it("shows the time left on the due time that matters now", () => {
    expect(badgeAt("2025-01-02T11:00:00Z")).toEqual({ state: "ok", text: "SLA ok · 3 h left" });
    expect(badgeAt("2025-01-02T13:20:00Z")).toEqual({ state: "at_risk", text: "SLA at risk · 40 min left" });
    expect(badgeAt("2025-01-02T13:20:00Z", tracked(), true)).toEqual({ state: "at_risk", text: "At risk · 40 min left" });
  });

  it("shows the time over when a running clock is breached, and says when clocks stand still", () => {
    expect(badgeAt("2025-01-02T15:30:00Z")).toEqual({ state: "breached", text: "SLA breached · 1 h 30 min over" });
    const pending = tracked({ status: "pending", first_responded_at: "2025-01-02T11:00:00Z", resolution_paused_at: "2025-01-02T11:30:00Z" });
    expect(badgeAt("2025-01-02T12:00:00Z", pending)).toEqual({ state: "ok", text: "SLA paused" });
    expect(badgeAt("2025-01-02T12:00:00Z", pending, true)).toEqual({ state: "ok", text: "Paused" });
    expect(screen.queryByText(/SLA/)).toBeNull();
  });
});
