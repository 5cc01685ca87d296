import { formatDuration } from "../tickets/sla";

/** A percentage figure ("87.5 %"), or a dash when it has no denominator (null). */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${value.toFixed(1)} %`;
}

/** A duration in seconds as "3 h 20 min", or a dash. */
export function formatSeconds(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : formatDuration(value * 1000);
}

/** A trend period's label: the day ("Mar 4") in UTC, as the server counts. */
export function periodLabel(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
}
