import type { SlaStatus, Ticket } from "../../api/types";

/**
 * The server's default `SLA_AT_RISK_MINUTES`. Staff's badges use the configured window, which
 * `GET /api/sla/policies` reports (`useAtRiskMinutes`); customers may not read the policy, so
 * theirs use this default.
 */
export const DEFAULT_AT_RISK_MINUTES = 60;

export interface SlaState {
  status: SlaStatus;
  /** Which target the state is about. */
  target: "first response" | "resolution" | null;
  /** The due time that matters now (the running clock due soonest, or the breached one). */
  dueAt: Date | null;
  /** Every clock stands still (solved, pending) or the targets were met. */
  stopped: boolean;
}

const SOLVED = new Set(["resolved", "closed"]);
const RUNNING = new Set(["open", "in_progress"]);

function at(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The ticket's SLA state as docs/analytics.md defines it for `GET /api/tickets?sla=`:
 * breached when a target was missed, at risk when a running clock falls due within the
 * at-risk window (`atRiskMinutes`, both ends included), ok otherwise. Null for a ticket
 * without SLA due times.
 */
export function slaStateOf(ticket: Ticket, now: Date = new Date(), atRiskMinutes: number = DEFAULT_AT_RISK_MINUTES): SlaState | null {
  const firstDue = at(ticket.first_response_due_at);
  const resolutionDue = at(ticket.resolution_due_at);
  if (!firstDue && !resolutionDue) return null;
  const solved = SOLVED.has(ticket.status);
  const responded = at(ticket.first_responded_at);
  const solvedAt = solved ? at(ticket.resolved_at) : null;
  const stoppedAt = at(ticket.resolution_paused_at);

  // First response: met or missed once answered; otherwise its clock runs until the ticket is solved.
  let firstBreached = false;
  let firstRunning = false;
  if (firstDue) {
    if (responded) firstBreached = responded > firstDue;
    else if (solved) firstBreached = solvedAt !== null && solvedAt > firstDue;
    else {
      firstBreached = now > firstDue;
      firstRunning = !firstBreached;
    }
  }
  // Resolution: runs while open or in progress; otherwise it stopped where it stood.
  let resolutionBreached = false;
  let resolutionRunning = false;
  if (resolutionDue) {
    if (RUNNING.has(ticket.status) && !stoppedAt) {
      resolutionBreached = now > resolutionDue;
      resolutionRunning = !resolutionBreached;
    } else if (stoppedAt) {
      resolutionBreached = stoppedAt > resolutionDue;
    }
  }

  if (firstBreached || resolutionBreached) {
    const target = firstBreached ? "first response" : "resolution";
    return { status: "breached", target, dueAt: firstBreached ? firstDue : resolutionDue, stopped: !firstRunning && !resolutionRunning && !RUNNING.has(ticket.status) };
  }
  const running: { target: SlaState["target"]; dueAt: Date }[] = [];
  if (firstRunning && firstDue) running.push({ target: "first response", dueAt: firstDue });
  if (resolutionRunning && resolutionDue) running.push({ target: "resolution", dueAt: resolutionDue });
  running.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const next = running[0];
  if (!next) return { status: "ok", target: null, dueAt: null, stopped: true };
  const atRisk = next.dueAt.getTime() - now.getTime() <= atRiskMinutes * 60_000;
  return { status: atRisk ? "at_risk" : "ok", target: next.target, dueAt: next.dueAt, stopped: false };
}

/** Whether the ticket has SLA due times at all (tickets stored before SLA tracking have none). */
export function hasSlaClock(ticket: Ticket): boolean {
  return Boolean(ticket.first_response_due_at || ticket.resolution_due_at);
}

/** "2 d 3 h", "45 min", "under a minute". */
export function formatDuration(milliseconds: number): string {
  const minutes = Math.floor(Math.abs(milliseconds) / 60_000);
  if (minutes < 1) return "under a minute";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

export const SLA_LABELS: Record<SlaStatus, string> = { breached: "SLA breached", at_risk: "SLA at risk", ok: "SLA on track" };
