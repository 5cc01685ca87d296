import { ClockCircleOutlined } from "@ant-design/icons";
import { Tag, Tooltip } from "antd";
import { useEffect, useState } from "react";
import type { Ticket } from "../../../api/types";
import { formatDateTime } from "../../../shared/format";
import { useAtRiskMinutes } from "../../sla/hooks/useSlaPolicy";
import { formatDuration, hasSlaClock, slaStateOf } from "../sla";

/** The current time, updated every `intervalMs` (so "time left" counts down). */
function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The ticket's SLA at a glance: breached, at risk or on track, with the time left (or over).
 * At risk as the server judges it for staff (its `SLA_AT_RISK_MINUTES`, read with the SLA
 * policy); for customers, who may not read the policy, within the default 60 minutes.
 */
export function SlaBadge({ ticket, compact = false }: { ticket: Ticket; compact?: boolean }) {
  const now = useNow();
  const atRiskMinutes = useAtRiskMinutes(hasSlaClock(ticket));
  const state = slaStateOf(ticket, now, atRiskMinutes);
  if (!state) return null;
  const due = state.dueAt;
  const left = due ? due.getTime() - now.getTime() : 0;
  let text: string;
  let color: string;
  if (state.status === "breached") {
    color = "red";
    text = state.stopped || !due || left > 0 ? "SLA breached" : `SLA breached · ${formatDuration(left)} over`;
  } else if (state.status === "at_risk") {
    color = "orange";
    text = `SLA at risk · ${formatDuration(left)} left`;
  } else if (state.stopped || !due) {
    color = "green";
    text = ticket.status === "pending" ? "SLA paused" : "SLA met";
  } else {
    color = "green";
    text = `SLA on track · ${formatDuration(left)} left`;
  }
  const tooltip = due ? `${state.target === "first response" ? "First response" : "Resolution"} due ${formatDateTime(due.toISOString())}` : "No SLA clock is running";
  if (compact) text = text.replace(/^SLA /, "").replace(/^(\w)/, (letter) => letter.toUpperCase());
  return (
    <Tooltip title={tooltip}>
      <Tag
        color={color}
        icon={<ClockCircleOutlined aria-hidden />}
        data-sla={state.status}
        // In a table cell the badge wraps inside its column instead of running over the next one.
        style={compact ? { whiteSpace: "normal", marginInlineEnd: 0 } : undefined}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}
