import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
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
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" />
        <YAxis allowDecimals={false} />
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
  const data = byCategory.slice(0, 12).map((entry) => ({ name: entry.category ?? "(none)", Tickets: entry.count }));
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
