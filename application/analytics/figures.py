"""What the dashboard answers. Every figure is defined in docs/analytics.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from application.analytics.query import DashboardQuery

SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class Totals:
    created: int
    resolved: int
    open_now: int
    by_status: dict[str, int]
    by_priority: dict[str, int]
    by_category: dict[str | None, int]
    """Category (None: no category) to count, largest first, ties by name."""


@dataclass(frozen=True, slots=True)
class TrendPoint:
    start: datetime
    end: datetime
    created: int
    resolved: int


@dataclass(frozen=True, slots=True)
class Durations:
    """How many durations were measured and their median and 90th percentile, in
    whole seconds (None when there are none)."""

    count: int = 0
    median_seconds: int | None = None
    p90_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class TargetFigures:
    met: int
    breached: int
    met_pct: Decimal | None
    times: Durations


@dataclass(frozen=True, slots=True)
class SlaFigures:
    first_response: TargetFigures
    resolution: TargetFigures
    tickets_breached: int
    at_risk_now: int
    breached_open_now: int


@dataclass(frozen=True, slots=True)
class RatingFigures:
    count: int = 0
    average: Decimal | None = None
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))


@dataclass(frozen=True, slots=True)
class SatisfactionFigures:
    overall: RatingFigures
    ai_assisted: RatingFigures
    not_ai_assisted: RatingFigures


@dataclass(frozen=True, slots=True)
class TriageFigures:
    triaged: int = 0
    abstained: int = 0
    abstention_pct: Decimal | None = None
    judged: int = 0
    agreed: int = 0
    accuracy_pct: Decimal | None = None


@dataclass(frozen=True, slots=True)
class DraftFigures:
    decided: int = 0
    accepted: int = 0
    edited: int = 0
    rejected: int = 0
    accepted_pct: Decimal | None = None
    edited_pct: Decimal | None = None
    rejected_pct: Decimal | None = None
    sent: int = 0
    mean_changed_pct: Decimal | None = None


@dataclass(frozen=True, slots=True)
class AiFigures:
    triage: TriageFigures = field(default_factory=TriageFigures)
    drafts: DraftFigures = field(default_factory=DraftFigures)
    first_response_with_draft: Durations = field(default_factory=Durations)
    first_response_without_draft: Durations = field(default_factory=Durations)


@dataclass(frozen=True, slots=True)
class Dashboard:
    query: DashboardQuery
    generated_at: datetime
    totals: Totals
    trend: list[TrendPoint]
    sla: SlaFigures
    satisfaction: SatisfactionFigures
    ai: AiFigures
