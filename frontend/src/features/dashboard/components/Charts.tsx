import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ReactNode } from "react";
import type { Dashboard } from "../../../api/types";
import { STATUS_LABELS } from "../../tickets/ticketPresentation";
import { periodLabel } from "../format";

const HEIGHT = 260;
const CREATED = "#1677ff";
const RESOLVED = "#52c41a";
const STATUS_FILL: Record<string, string> = { open: "#1677ff", in_progress: "#722ed1", pending: "#fa8c16", resolved: "#52c41a", closed: "#8c8c8c" };
const SCORE_FILL = ["#f5222d", "#fa8c16", "#fadb14", "#a0d911", "#52c41a"];

export function TrendChart({ trend }: { trend: Dashboard["trend"] }) {
  const data = trend.map((point) => ({ period: periodLabel(point.start), Created: point.created, Resolved: point.resolved }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="period" minTickGap={16} />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Line type="monotone" dataKey="Created" stroke={CREATED} strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="Resolved" stroke={RESOLVED} strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function StatusChart({ byStatus }: { byStatus: Record<string, number> }) {
  const data = Object.entries(byStatus).map(([status, count]) => ({
    status,
    name: STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status,
    Tickets: count,
  }));
  return (
    // Bars side by side, as the categories: every status keeps its label on a narrow card
    // (an x axis drops every other one when "In progress" and "Resolved" do not fit).
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="name" width={90} interval={0} />
        <Tooltip />
        <Bar dataKey="Tickets" isAnimationActive={false}>
          {data.map((entry) => (
            <Cell key={entry.status} fill={STATUS_FILL[entry.status] ?? CREATED} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function CategoryChart({ byCategory }: { byCategory: Dashboard["totals"]["by_category"] }) {
  const data = byCategory.slice(0, 12).map((entry) => ({ name: entry.category ?? "No category", Tickets: entry.count }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(HEIGHT, data.length * 28)}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="name" width={110} />
        <Tooltip />
        <Bar dataKey="Tickets" fill="#13c2c2" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function SatisfactionChart({ distribution }: { distribution: Record<string, number> }) {
  const data = ["1", "2", "3", "4", "5"].map((score) => ({ score: `${score} ★`, Ratings: distribution[score] ?? 0 }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="score" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="Ratings" isAnimationActive={false}>
          {data.map((entry, index) => (
            <Cell key={entry.score} fill={SCORE_FILL[index]} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

const MET = "#52c41a";
const BREACHED = "#f5222d";
const SMALL_HEIGHT = 150;

/** Tickets that met or breached each SLA target (`sla.*.met`, `sla.*.breached`), stacked. */
export function SlaChart({ sla }: { sla: Dashboard["sla"] }) {
  const data = [
    { name: "First response", Met: sla.first_response.met, Breached: sla.first_response.breached },
    { name: "Resolution", Met: sla.resolution.met, Breached: sla.resolution.breached },
  ];
  return (
    <SmallBars data={data}>
      <Legend />
      <Bar dataKey="Met" stackId="sla" fill={MET} isAnimationActive={false} />
      <Bar dataKey="Breached" stackId="sla" fill={BREACHED} isAnimationActive={false} />
    </SmallBars>
  );
}

/** AI drafts by decision (`ai.drafts.accepted`, `.edited`, `.rejected`). */
export function DraftDecisionsChart({ drafts }: { drafts: Dashboard["ai"]["drafts"] }) {
  const data = [
    { name: "Accepted", Drafts: drafts.accepted, fill: MET },
    { name: "Edited", Drafts: drafts.edited, fill: "#fa8c16" },
    { name: "Rejected", Drafts: drafts.rejected, fill: BREACHED },
  ];
  return (
    <SmallBars data={data}>
      <Bar dataKey="Drafts" isAnimationActive={false}>
        {data.map((entry) => (
          <Cell key={entry.name} fill={entry.fill} />
        ))}
      </Bar>
    </SmallBars>
  );
}

/** A short horizontal bar chart of named rows (the bars are the children). */
function SmallBars({ data, children }: { data: { name: string }[]; children: ReactNode }) {
  return (
    <ResponsiveContainer width="100%" height={SMALL_HEIGHT}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="name" width={110} />
        <Tooltip />
        {children}
      </BarChart>
    </ResponsiveContainer>
  );
}
