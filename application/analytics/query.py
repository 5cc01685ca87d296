"""What the dashboard is asked: a range of UTC days, a grouping and filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from domain.errors import FieldProblem, InvalidValue
from domain.tickets import TicketPriority

MAX_RANGE_DAYS = 731
DEFAULT_RANGE_DAYS = 30


class Period(StrEnum):
    """Trend periods: UTC days, or ISO weeks (Monday 00:00 UTC to the next Monday)."""

    DAY = "day"
    WEEK = "week"

    @property
    def length(self) -> timedelta:
        return timedelta(days=1 if self is Period.DAY else 7)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class DashboardQuery:
    """The days `start`..`end` (both included, UTC) and the tickets to count.

    The range covers [start 00:00 UTC, end + 1 day 00:00 UTC) and at most 731 days.
    `category` and `priority` restrict every figure to tickets that have that
    category and priority now.
    """

    start: date
    end: date
    group_by: Period = Period.DAY
    category: str | None = None
    priority: TicketPriority | None = None

    def __post_init__(self) -> None:
        problems = []
        if self.end < self.start:
            problems.append(FieldProblem("to", "must not be before `from`"))
        elif (self.end - self.start).days + 1 > MAX_RANGE_DAYS:
            problems.append(FieldProblem("to", f"the range may span at most {MAX_RANGE_DAYS} days"))
        if self.category is not None and "\x00" in self.category:
            problems.append(FieldProblem("category", "must not contain NUL characters"))
        if problems:
            raise InvalidValue(problems)

    @property
    def starts_at(self) -> datetime:
        return _midnight(self.start)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the range."""
        return _midnight(self.end + timedelta(days=1))

    @property
    def origin(self) -> datetime:
        """Where period 0 begins: the range's first day, or for weeks the Monday on or before it."""
        if self.group_by is Period.DAY:
            return self.starts_at
        return _midnight(self.start - timedelta(days=self.start.weekday()))

    def periods(self) -> list[tuple[datetime, datetime]]:
        """Each period as [start, end), clipped to the range; period i of the trend
        holds the instants t with (t - origin) // length == i."""
        spans = []
        cursor = self.origin
        while cursor < self.ends_at:
            following = cursor + self.group_by.length
            spans.append((max(cursor, self.starts_at), min(following, self.ends_at)))
            cursor = following
        return spans
