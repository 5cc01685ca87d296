"""The dashboard as JSON and as CSV (figures defined in docs/analytics.md)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec

from application import analytics as figures
from application.analytics import Period
from domain.tickets import TicketPriority


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class Range(msgspec.Struct):
    start: date = msgspec.field(name="from")
    end: date = msgspec.field(name="to")
    group_by: Period
    category: str | None
    priority: TicketPriority | None
    starts_at: datetime
    ends_at: datetime


class CategoryCount(msgspec.Struct):
    category: str | None
    count: int


class Totals(msgspec.Struct):
    created: int
    resolved: int
    open_now: int
    by_status: dict[str, int]
    by_priority: dict[str, int]
    by_category: list[CategoryCount]


class TrendPoint(msgspec.Struct):
    start: datetime
    end: datetime
    created: int
    resolved: int


class Durations(msgspec.Struct):
    count: int
    median_seconds: int | None
    p90_seconds: int | None

    @classmethod
    def of(cls, d: figures.Durations) -> Durations:
        return cls(d.count, d.median_seconds, d.p90_seconds)


class Target(msgspec.Struct):
    met: int
    breached: int
    met_pct: float | None
    count: int
    median_seconds: int | None
    p90_seconds: int | None

    @classmethod
    def of(cls, t: figures.TargetFigures) -> Target:
        return cls(
            t.met,
            t.breached,
            _number(t.met_pct),
            t.times.count,
            t.times.median_seconds,
            t.times.p90_seconds,
        )


class Sla(msgspec.Struct):
    first_response: Target
    resolution: Target
    tickets_breached: int
    at_risk_now: int
    breached_open_now: int


class Ratings(msgspec.Struct):
    count: int
    average: float | None
    distribution: dict[str, int]

    @classmethod
    def of(cls, r: figures.RatingFigures) -> Ratings:
        return cls(
            r.count, _number(r.average), {str(k): v for k, v in sorted(r.distribution.items())}
        )


class Satisfaction(msgspec.Struct):
    overall: Ratings
    ai_assisted: Ratings
    not_ai_assisted: Ratings


class Triage(msgspec.Struct):
    triaged: int
    abstained: int
    abstention_pct: float | None
    judged: int
    agreed: int
    accuracy_pct: float | None


class Drafts(msgspec.Struct):
    decided: int
    accepted: int
    edited: int
    rejected: int
    accepted_pct: float | None
    edited_pct: float | None
    rejected_pct: float | None
    sent: int
    mean_changed_pct: float | None


class Ai(msgspec.Struct):
    triage: Triage
    drafts: Drafts
    first_response_with_draft: Durations
    first_response_without_draft: Durations


class Dashboard(msgspec.Struct):
    range: Range
    generated_at: datetime
    totals: Totals
    trend: list[TrendPoint]
    sla: Sla
    satisfaction: Satisfaction
    ai: Ai

    @classmethod
    def of(cls, d: figures.Dashboard) -> Dashboard:
        q, t, s, ai = d.query, d.totals, d.sla, d.ai
        tri, dr = ai.triage, ai.drafts
        return cls(
            range=Range(q.start, q.end, q.group_by, q.category, q.priority, q.starts_at, q.ends_at),
            generated_at=d.generated_at,
            totals=Totals(
                t.created,
                t.resolved,
                t.open_now,
                t.by_status,
                t.by_priority,
                [CategoryCount(name, n) for name, n in t.by_category.items()],
            ),
            trend=[TrendPoint(p.start, p.end, p.created, p.resolved) for p in d.trend],
            sla=Sla(
                Target.of(s.first_response),
                Target.of(s.resolution),
                s.tickets_breached,
                s.at_risk_now,
                s.breached_open_now,
            ),
            satisfaction=Satisfaction(
                Ratings.of(d.satisfaction.overall),
                Ratings.of(d.satisfaction.ai_assisted),
                Ratings.of(d.satisfaction.not_ai_assisted),
            ),
            ai=Ai(
                Triage(
                    tri.triaged,
                    tri.abstained,
                    _number(tri.abstention_pct),
                    tri.judged,
                    tri.agreed,
                    _number(tri.accuracy_pct),
                ),
                Drafts(
                    dr.decided,
                    dr.accepted,
                    dr.edited,
                    dr.rejected,
                    _number(dr.accepted_pct),
                    _number(dr.edited_pct),
                    _number(dr.rejected_pct),
                    dr.sent,
                    _number(dr.mean_changed_pct),
                ),
                Durations.of(ai.first_response_with_draft),
                Durations.of(ai.first_response_without_draft),
            ),
        )


CSV_COLUMNS = ("section", "figure", "key", "value")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """Text as a spreadsheet shows it, never as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _flat(section: str, prefix: str, node: Any, rows: list[tuple[Any, ...]]) -> None:
    """Nested objects become dotted figure names; `distribution`, `by_status` and
    `by_priority` become one row per key."""
    for name, value in node.items():
        figure = f"{prefix}{name}"
        if isinstance(value, dict) and name in ("distribution", "by_status", "by_priority"):
            rows.extend((section, figure, key, n) for key, n in value.items())
        elif isinstance(value, dict):
            _flat(section, f"{figure}.", value, rows)
        else:
            rows.append((section, figure, "", value))


def dashboard_csv(dashboard: Dashboard) -> str:
    """One figure per row: `section,figure,key,value` (empty value = null)."""
    data = msgspec.to_builtins(dashboard)
    rows: list[tuple[Any, ...]] = []
    _flat("range", "", {"generated_at": data["generated_at"], **data["range"]}, rows)
    totals = dict(data["totals"])
    categories = totals.pop("by_category")
    _flat("totals", "", totals, rows)
    rows.extend(("totals", "by_category", c["category"], c["count"]) for c in categories)
    for point in data["trend"]:
        rows.append(("trend", "created", point["start"], point["created"]))
        rows.append(("trend", "resolved", point["start"], point["resolved"]))
    for section in ("sla", "satisfaction", "ai"):
        _flat(section, "", data[section], rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(tuple(_cell(v) for v in row) for row in rows)
    return out.getvalue()
