import type { SlaPolicy, SlaPolicyUpdate, SlaWeek, SlaWorkingInterval, TicketPriority } from "../../api/types";

/**
 * The SLA page's form: the policy in the shape antd edits it, and back to the body
 * `PUT /api/sla/policies` takes; the server's field errors placed on the form's fields.
 */

export type Weekday = keyof SlaWeek;
export const WEEKDAYS: readonly Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  monday: "Monday",
  tuesday: "Tuesday",
  wednesday: "Wednesday",
  thursday: "Thursday",
  friday: "Friday",
  saturday: "Saturday",
  sunday: "Sunday",
};
/** Most urgent first, as the page lists them. */
export const SLA_PRIORITIES: readonly TicketPriority[] = ["urgent", "high", "medium", "low"];

/** The server's bounds on a target (domain/tickets/sla_policy.py: 1 minute .. 366 days). */
export const MIN_TARGET_MINUTES = 1;
export const MAX_TARGET_MINUTES = 366 * 24 * 60;

/** The hours a day gets when it is opened, and the week a new calendar starts with. */
export const DEFAULT_INTERVAL: SlaWorkingInterval = { start: "09:00", end: "17:00" };
const WORKDAYS: ReadonlySet<Weekday> = new Set(["monday", "tuesday", "wednesday", "thursday", "friday"]);

export interface TargetValues {
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  business_hours: boolean;
}

export interface DayValues {
  open: boolean;
  intervals: SlaWorkingInterval[];
}

export interface SlaFormValues {
  targets: Record<TicketPriority, TargetValues>;
  /** Whether the policy has a business-hours calendar (`business_hours` is null without). */
  calendar: boolean;
  timezone: string;
  week: Record<Weekday, DayValues>;
}

/** The browser's own time zone, the first choice for a new calendar. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Used where the browser cannot list its time zones (`Intl.supportedValuesOf`). */
export const FALLBACK_TIME_ZONES: readonly string[] = [
  "UTC",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Lisbon",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Madrid",
  "Europe/Rome",
  "Europe/Amsterdam",
  "Europe/Warsaw",
  "Europe/Athens",
  "Europe/Helsinki",
  "Europe/Istanbul",
  "Europe/Moscow",
  "Africa/Johannesburg",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Pacific/Auckland",
  "America/Sao_Paulo",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
];

/**
 * The IANA time zones to choose from: the browser's list (or a fallback), with UTC, the
 * browser's zone and `current` (the stored one, even if this browser does not know it) in it.
 */
export function timeZoneOptions(current?: string, supported: () => string[] = () => Intl.supportedValuesOf("timeZone")): string[] {
  let zones: string[] = [];
  try {
    zones = supported();
  } catch {
    zones = [];
  }
  if (zones.length === 0) zones = [...FALLBACK_TIME_ZONES];
  const all = new Set(zones);
  all.delete("UTC");
  for (const zone of [browserTimeZone(), current]) if (zone && zone !== "UTC") all.add(zone);
  return ["UTC", ...[...all].sort()];
}

/** "30 min", "1 h", "1 h 30 min", "3 d", "1 d 12 h": a target as people say it. */
export function formatTarget(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return "—";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days} d` : "", hours ? `${hours} h` : "", rest ? `${rest} min` : ""].filter(Boolean);
  return parts.length ? parts.join(" ") : "0 min";
}

/** The policy as the form edits it. Without business hours, the calendar starts as Monday-Friday 09:00-17:00 here. */
export function toFormValues(policy: SlaPolicy): SlaFormValues {
  const hours = policy.business_hours ?? null;
  const targets = Object.fromEntries(
    SLA_PRIORITIES.map((priority) => {
      const target = policy.targets[priority];
      return [priority, { first_response_minutes: target.first_response_minutes, resolution_minutes: target.resolution_minutes, business_hours: target.business_hours }];
    }),
  ) as Record<TicketPriority, TargetValues>;
  const week = Object.fromEntries(
    WEEKDAYS.map((day): [Weekday, DayValues] => {
      if (!hours) return [day, WORKDAYS.has(day) ? { open: true, intervals: [{ ...DEFAULT_INTERVAL }] } : { open: false, intervals: [] }];
      const intervals = (hours.week[day] ?? []).map((interval) => ({ start: interval.start, end: interval.end }));
      return [day, { open: intervals.length > 0, intervals }];
    }),
  ) as Record<Weekday, DayValues>;
  return { targets, calendar: hours !== null, timezone: hours?.timezone ?? browserTimeZone(), week };
}

/** The form's values as the body of `PUT /api/sla/policies` (closed days: no intervals). */
export function toUpdate(values: SlaFormValues): SlaPolicyUpdate {
  const targets = Object.fromEntries(
    SLA_PRIORITIES.map((priority) => {
      const target = values.targets[priority];
      return [
        priority,
        {
          first_response_minutes: target.first_response_minutes ?? 0,
          resolution_minutes: target.resolution_minutes ?? 0,
          business_hours: Boolean(target.business_hours),
        },
      ];
    }),
  ) as SlaPolicyUpdate["targets"];
  if (!values.calendar) return { targets, business_hours: null };
  const week = Object.fromEntries(
    WEEKDAYS.map((day) => {
      const dayValues = values.week[day];
      const intervals = dayValues?.open ? (dayValues.intervals ?? []).map((interval) => ({ start: interval.start.trim(), end: interval.end.trim() })) : [];
      return [day, intervals];
    }),
  ) as Required<SlaWeek>;
  return { targets, business_hours: { timezone: values.timezone, week } };
}

const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Minutes since midnight of "HH:MM" (24:00 ends a day), or null when it is not such a time. */
export function clockMinutes(value: string | null | undefined): number | null {
  const text = value?.trim() ?? "";
  if (!CLOCK_TIME.test(text)) return null;
  const [hours, minutes] = text.split(":").map(Number);
  return hours * 60 + minutes;
}

export type FieldPath = (string | number)[];

/** Where a server field error goes: on a field of the form, or in the calendar's or the form's message. */
export type Placement = { name: FieldPath; message: string } | { area: "calendar" | "form"; message: string };

const TARGET_FIELD = /^targets\.(urgent|high|medium|low)\.(first_response_minutes|resolution_minutes|business_hours)$/;
const INTERVAL_FIELD = /^business_hours\.week\.(\w+)(?:\.(\d+)|\[(\d+)\])\.(start|end)$/;
const DAY_FIELD = /^business_hours\.week\.(\w+)$/;
const DAY_MESSAGE = /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday): (.+)$/;

function isWeekday(value: string): value is Weekday {
  return (WEEKDAYS as readonly string[]).includes(value);
}

/**
 * Places one field error of the server (problem details, field names as the body's paths:
 * "targets.urgent.first_response_minutes", "business_hours.week.monday.0.start") on the form.
 * The domain reports calendar problems on "business_hours", joined by "; ": a day's problem
 * ("monday: ...") goes to that day, a time-zone problem to the time zone, the rest to the calendar.
 */
export function placeServerError(field: string, message: string): Placement[] {
  const name = field.replace(/^(body|data)\./, "");
  const target = TARGET_FIELD.exec(name);
  if (target) return [{ name: ["targets", target[1], target[2]], message }];
  if (name === "business_hours.timezone") return [{ name: ["timezone"], message }];
  const interval = INTERVAL_FIELD.exec(name);
  if (interval && isWeekday(interval[1])) return [{ name: ["week", interval[1], "intervals", Number(interval[2] ?? interval[3]), interval[4]], message }];
  const day = DAY_FIELD.exec(name);
  if (day && isWeekday(day[1])) return [{ name: ["week", day[1], "open"], message }];
  if (name === "business_hours" || name.startsWith("business_hours.")) {
    return message.split("; ").map((part): Placement => {
      const dayMessage = DAY_MESSAGE.exec(part);
      if (dayMessage) return { name: ["week", dayMessage[1], "open"], message: dayMessage[2] };
      if (/time zone/i.test(part)) return { name: ["timezone"], message: part };
      return { area: "calendar", message: part };
    });
  }
  return [{ area: "form", message: field ? `${field}: ${message}` : message }];
}
