"""Working time: which instants an SLA clock counts.

Two kinds, with the same two operations:
- `AllHours`: every instant counts (clock hours);
- `BusinessHours`: an instant counts when the local wall-clock time at that instant,
  in the calendar's IANA time zone, falls inside a working interval of that local
  weekday. Across a daylight-saving change this means: a local hour that is skipped
  (spring forward) never counts, and a local hour that happens twice (fall back)
  counts twice if it is working time.

`between(a, b)` is the working time in [a, b); `add(start, d)` is the earliest instant
u >= start with `between(start, u) >= d` (so `add(start, 0) == start`).
Instants are timezone-aware; results are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import InvalidValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MINUTES_PER_DAY = 24 * 60

_ZERO = timedelta(0)
_DAY = timedelta(days=1)
_TICK = timedelta(microseconds=1)
# `add` gives up after this much calendar time: only a calendar whose working time
# never occurs (every interval inside a skipped DST hour) could get here.
_ADD_HORIZON = timedelta(days=366 * 200)


class WorkingTime(Protocol):
    def between(self, start: datetime, end: datetime) -> timedelta: ...

    def add(self, start: datetime, duration: timedelta) -> datetime: ...


@dataclass(frozen=True, slots=True)
class AllHours:
    """Clock hours: every instant is working time."""

    def between(self, start: datetime, end: datetime) -> timedelta:
        return max(end - start, _ZERO)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        return (start + max(duration, _ZERO)).astimezone(UTC)


ALL_HOURS = AllHours()


@dataclass(frozen=True, slots=True)
class WorkingInterval:
    """[start, end) in minutes after local midnight; `end` may be 1440 (24:00)."""

    start: int
    end: int

    @classmethod
    def parse(cls, start: str, end: str) -> WorkingInterval:
        return cls(_minutes(start, allow_24=False), _minutes(end, allow_24=True))

    def render(self) -> tuple[str, str]:
        return _clock(self.start), _clock(self.end)


def _minutes(raw: object, *, allow_24: bool) -> int:
    if not isinstance(raw, str) or len(raw) != 5 or raw[2] != ":":
        raise InvalidValue.single("business_hours", f"'{raw}' is not a time like 09:00")
    hours, minutes = raw[:2], raw[3:]
    if not (hours.isdigit() and minutes.isdigit()):
        raise InvalidValue.single("business_hours", f"'{raw}' is not a time like 09:00")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > MINUTES_PER_DAY or (value == MINUTES_PER_DAY and not allow_24):
        raise InvalidValue.single("business_hours", f"'{raw}' is not a time of day")
    return value


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class BusinessHours:
    """A weekly calendar of working intervals in one IANA time zone.

    `week` has seven entries, Monday first; each is a tuple of intervals that are
    sorted and do not overlap. At least one day has working time.
    """

    timezone: str
    week: tuple[tuple[WorkingInterval, ...], ...]

    def __post_init__(self) -> None:
        problems = []
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            problems.append(f"'{self.timezone}' is not an IANA time zone (e.g. Europe/Berlin)")
        if len(self.week) != 7:
            problems.append("the week needs seven days, Monday first")
        for day, intervals in zip(WEEKDAYS, self.week, strict=False):
            previous_end = -1
            for interval in intervals:
                if not 0 <= interval.start < interval.end <= MINUTES_PER_DAY:
                    problems.append(f"{day}: an interval must end after it starts")
                elif interval.start < previous_end:
                    problems.append(f"{day}: intervals must be in order and not overlap")
                previous_end = interval.end
        if not any(self.week):
            problems.append("at least one day needs working hours")
        if problems:
            raise InvalidValue.single("business_hours", "; ".join(problems))

    @classmethod
    def parse(cls, timezone: str, week: Mapping[str, Iterable[tuple[str, str]]]) -> BusinessHours:
        """`week` maps weekday names (monday..sunday) to ("HH:MM", "HH:MM") pairs."""
        unknown = sorted(set(week) - set(WEEKDAYS))
        if unknown:
            raise InvalidValue.single("business_hours", f"unknown weekday(s): {', '.join(unknown)}")
        days = tuple(
            tuple(WorkingInterval.parse(start, end) for start, end in week.get(day, ()))
            for day in WEEKDAYS
        )
        return cls(timezone, days)

    def render(self) -> dict[str, list[tuple[str, str]]]:
        return {
            day: [interval.render() for interval in intervals]
            for day, intervals in zip(WEEKDAYS, self.week, strict=True)
        }

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def between(self, start: datetime, end: datetime) -> timedelta:
        total = _ZERO
        if end <= start:
            return total
        for piece_start, piece_end, offset in _constant_offset_pieces(self.zone, start, end):
            local_start = _naive(piece_start + offset)
            local_end = _naive(piece_end + offset)
            for opening, closing in self._working_spans(local_start, local_end):
                total += closing - opening
        return total

    def add(self, start: datetime, duration: timedelta) -> datetime:
        if duration <= _ZERO:
            return start.astimezone(UTC)
        remaining = duration
        horizon = start + _ADD_HORIZON
        for piece_start, piece_end, offset in _constant_offset_pieces(self.zone, start, horizon):
            local_start = _naive(piece_start + offset)
            local_end = _naive(piece_end + offset)
            for opening, closing in self._working_spans(local_start, local_end):
                length = closing - opening
                if length >= remaining:
                    return (opening + remaining - offset).replace(tzinfo=UTC)
                remaining -= length
        raise InvalidValue.single("business_hours", "the calendar never has working time")

    def _working_spans(
        self, local_start: datetime, local_end: datetime
    ) -> Iterator[tuple[datetime, datetime]]:
        """The parts of [local_start, local_end) (naive local times) that are working time."""
        day = local_start.date()
        while datetime.combine(day, time()) < local_end:
            midnight = datetime.combine(day, time())
            for interval in self.week[day.weekday()]:
                opening = max(midnight + timedelta(minutes=interval.start), local_start)
                closing = min(midnight + timedelta(minutes=interval.end), local_end)
                if opening < closing:
                    yield opening, closing
            day = _next_day(day)


def _next_day(day: date) -> date:
    return day + _DAY


def _naive(moment: datetime) -> datetime:
    """UTC instant + offset, as a naive local wall-clock time."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _constant_offset_pieces(
    zone: ZoneInfo, start: datetime, end: datetime
) -> Iterator[tuple[datetime, datetime, timedelta]]:
    """Split [start, end) into pieces over which the zone's UTC offset does not change.

    Steps a day at a time and finds a change inside a step by bisection (to the
    microsecond). Assumes a zone changes its offset at most once within 24 hours,
    which holds for every zone in the tz database.
    """
    cursor = start.astimezone(UTC)
    end = end.astimezone(UTC)
    while cursor < end:
        step_end = min(end, cursor + _DAY)
        offset = _offset(zone, cursor)
        if _offset(zone, step_end - _TICK) != offset:
            low, high = cursor, step_end - _TICK  # offset(low) == offset != offset(high)
            while high - low > _TICK:
                middle = low + (high - low) // 2
                if _offset(zone, middle) == offset:
                    low = middle
                else:
                    high = middle
            step_end = high
        yield cursor, step_end, offset
        cursor = step_end
