"""Slow, obviously-correct SLA references: step through time one minute at a time.

Everything here works on whole UTC minutes: the histories the property tests
generate happen on minute boundaries, calendars change on minute boundaries and
time zones change their offsets on minute boundaries, so counting minutes is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.working_time import AllHours, BusinessHours, WorkingTime

MINUTE = timedelta(minutes=1)
# Stop stepping after this long: a bug must fail the test, not hang it.
STEP_LIMIT = 200_000


def is_working(hours: WorkingTime, minute: datetime) -> bool:
    """Whether the minute starting at `minute` is working time."""
    if isinstance(hours, AllHours):
        return True
    assert isinstance(hours, BusinessHours)
    local = minute.astimezone(hours.zone)
    of_day = local.hour * 60 + local.minute
    return any(i.start <= of_day < i.end for i in hours.week[local.weekday()])


def weekly_minutes(hours: WorkingTime) -> int:
    """Working minutes in an ordinary week."""
    if isinstance(hours, AllHours):
        return 7 * 24 * 60
    assert isinstance(hours, BusinessHours)
    return sum(i.end - i.start for day in hours.week for i in day)


def minutes_between(hours: WorkingTime, start: datetime, end: datetime) -> int:
    count, moment = 0, start
    while moment < end:
        count += is_working(hours, moment)
        moment += MINUTE
    return count


def add_minutes(hours: WorkingTime, start: datetime, minutes: int) -> datetime:
    """The first minute boundary by which `minutes` working minutes have passed."""
    moment, counted = start, 0
    for _ in range(STEP_LIMIT):
        if counted >= minutes:
            return moment.astimezone(UTC)
        counted += is_working(hours, moment)
        moment += MINUTE
    raise AssertionError("the reference ran out of steps")


@dataclass(frozen=True)
class Stretch:
    """[start, end) during which the resolution clock ran (end None: it runs on)."""

    start: datetime
    end: datetime | None


def due_over(hours: WorkingTime, stretches: list[Stretch], minutes: int) -> datetime:
    """The first minute boundary by which `minutes` working minutes inside the
    running stretches have passed."""
    counted = 0
    moment = stretches[0].start
    for _ in range(STEP_LIMIT):
        if counted >= minutes:
            return moment.astimezone(UTC)
        if any(s.start <= moment and (s.end is None or moment < s.end) for s in stretches):
            counted += is_working(hours, moment)
        moment += MINUTE
    raise AssertionError("the reference ran out of steps")
