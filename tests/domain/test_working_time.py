"""Working time: clock hours and business hours in a time zone, across weekends and DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidValue
from domain.working_time import ALL_HOURS, BusinessHours
from tests.domain.sla_reference import add_minutes, minutes_between, weekly_minutes

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

OFFICE_BERLIN = BusinessHours.parse(
    "Europe/Berlin",
    {day: [("09:00", "17:00")] for day in ("monday", "tuesday", "wednesday", "thursday", "friday")},
)
SPLIT_NEW_YORK = BusinessHours.parse(
    "America/New_York",
    {
        **{d: [("08:00", "12:00"), ("13:00", "18:00")] for d in ("monday", "wednesday", "friday")},
        "saturday": [("10:00", "14:00")],
    },
)
# Working through the small hours, when clocks change: the skipped hour never counts
# and the repeated hour counts twice.
NIGHTS_BERLIN = BusinessHours.parse(
    "Europe/Berlin",
    {"sunday": [("00:00", "05:00"), ("22:00", "24:00")], "monday": [("00:00", "04:00")]},
)
NIGHTS_NEW_YORK = BusinessHours.parse(
    "America/New_York", {"sunday": [("01:00", "03:30")], "saturday": [("23:00", "24:00")]}
)
# Edges inside and around the hours that clocks skip or repeat.
EDGES_BERLIN = BusinessHours.parse(
    "Europe/Berlin", {"sunday": [("01:30", "02:30"), ("02:45", "03:10"), ("03:40", "04:00")]}
)
EDGES_NEW_YORK = BusinessHours.parse(
    "America/New_York", {"sunday": [("01:10", "01:50"), ("02:20", "02:40"), ("03:05", "03:20")]}
)
CALENDARS = [
    ALL_HOURS,
    OFFICE_BERLIN,
    SPLIT_NEW_YORK,
    NIGHTS_BERLIN,
    NIGHTS_NEW_YORK,
    EDGES_BERLIN,
    EDGES_NEW_YORK,
]

# Starts around the 2025 changes: EU 30 Mar / 26 Oct, US 9 Mar / 2 Nov (all Sundays).
DST_WEEKS = [
    datetime(2025, 3, 27, tzinfo=UTC),
    datetime(2025, 10, 23, tzinfo=UTC),
    datetime(2025, 3, 6, tzinfo=UTC),
    datetime(2025, 10, 30, tzinfo=UTC),
    datetime(2025, 6, 12, tzinfo=UTC),
]
starts = st.builds(
    lambda base, minutes: base + timedelta(minutes=minutes),
    st.sampled_from(DST_WEEKS),
    st.integers(0, 6 * 24 * 60),
)


def local(zone: ZoneInfo, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=zone, fold=fold).astimezone(UTC)


def test_clock_hours_count_everything() -> None:
    start = datetime(2025, 3, 29, 22, 0, tzinfo=UTC)
    assert ALL_HOURS.between(start, start + timedelta(hours=5)) == timedelta(hours=5)
    assert ALL_HOURS.add(start, timedelta(hours=5)) == start + timedelta(hours=5)
    assert ALL_HOURS.between(start, start - timedelta(hours=1)) == timedelta(0)


def test_office_hours_skip_nights_and_weekends() -> None:
    friday_4pm = local(BERLIN, 2025, 6, 13, 16, 0)
    assert OFFICE_BERLIN.add(friday_4pm, timedelta(hours=2)) == local(BERLIN, 2025, 6, 16, 10, 0)
    assert OFFICE_BERLIN.between(friday_4pm, local(BERLIN, 2025, 6, 16, 10, 0)) == timedelta(
        hours=2
    )


def test_adding_lands_at_the_end_of_a_working_span_not_the_next_start() -> None:
    monday_4pm = local(BERLIN, 2025, 6, 16, 16, 0)
    assert OFFICE_BERLIN.add(monday_4pm, timedelta(hours=1)) == local(BERLIN, 2025, 6, 16, 17, 0)


def test_adding_nothing_is_the_start_even_outside_working_time() -> None:
    saturday = local(BERLIN, 2025, 6, 14, 12, 0)
    assert OFFICE_BERLIN.add(saturday, timedelta(0)) == saturday


def test_microseconds_are_kept() -> None:
    start = local(BERLIN, 2025, 6, 16, 9, 0) + timedelta(microseconds=123_456)
    assert OFFICE_BERLIN.add(start, timedelta(minutes=30)) == start + timedelta(minutes=30)


def test_the_skipped_spring_hour_never_counts() -> None:
    # Sunday 30 March 2025: Berlin jumps from 02:00 to 03:00 local time.
    sunday = local(BERLIN, 2025, 3, 30, 0, 0)
    assert NIGHTS_BERLIN.between(sunday, sunday + timedelta(hours=6)) == timedelta(hours=4)
    assert NIGHTS_BERLIN.add(sunday, timedelta(hours=4)) == local(BERLIN, 2025, 3, 30, 5, 0)


def test_the_repeated_autumn_hour_counts_twice() -> None:
    # Sunday 26 October 2025: Berlin goes from 03:00 back to 02:00.
    sunday = local(BERLIN, 2025, 10, 26, 0, 0)
    assert NIGHTS_BERLIN.between(sunday, sunday + timedelta(hours=8)) == timedelta(hours=6)
    second_two_am = local(BERLIN, 2025, 10, 26, 2, 0, fold=1)
    assert NIGHTS_BERLIN.add(sunday, timedelta(hours=3)) == second_two_am


def test_edges_inside_the_changed_hours() -> None:
    spring = local(BERLIN, 2025, 3, 30, 0, 0)
    # 01:30-02:00 exists, 02:00-02:30 and 02:45-03:00 do not, 03:00-03:10 does, and 03:40-04:00.
    assert EDGES_BERLIN.between(spring, spring + timedelta(hours=6)) == timedelta(minutes=60)
    autumn = local(BERLIN, 2025, 10, 26, 0, 0)
    # Local 00:00-03:00 CEST gives 60 + 15 minutes; then 02:00-05:00 CET gives 30 + 25 + 20.
    assert EDGES_BERLIN.between(autumn, autumn + timedelta(hours=6)) == timedelta(minutes=150)


def test_new_york_spring_forward() -> None:
    # Sunday 9 March 2025: 02:00 -> 03:00 in New York; working 01:00-03:30 is 1.5 hours.
    sunday = local(NEW_YORK, 2025, 3, 9, 0, 0)
    assert NIGHTS_NEW_YORK.between(sunday, sunday + timedelta(hours=6)) == timedelta(minutes=90)


def test_calendars_are_validated() -> None:
    with pytest.raises(InvalidValue):
        BusinessHours.parse("Mars/Olympus_Mons", {"monday": [("09:00", "17:00")]})
    with pytest.raises(InvalidValue):
        BusinessHours.parse("UTC", {"monday": [("17:00", "09:00")]})
    with pytest.raises(InvalidValue):
        BusinessHours.parse("UTC", {"monday": [("09:00", "13:00"), ("12:00", "17:00")]})
    with pytest.raises(InvalidValue):
        BusinessHours.parse("UTC", {"funday": [("09:00", "17:00")]})
    with pytest.raises(InvalidValue):
        BusinessHours.parse("UTC", {"monday": [("9:00", "17:00")]})
    with pytest.raises(InvalidValue):
        BusinessHours.parse("UTC", {})


def test_rendering_round_trips() -> None:
    again = BusinessHours.parse(SPLIT_NEW_YORK.timezone, SPLIT_NEW_YORK.render())
    assert again == SPLIT_NEW_YORK
    assert BusinessHours.parse("UTC", {"sunday": [("00:00", "24:00")]}).render()["sunday"] == [
        ("00:00", "24:00")
    ]


@settings(max_examples=150)
@given(st.sampled_from(CALENDARS), starts, st.integers(0, 4 * 24 * 60))
def test_between_agrees_with_counting_minutes(hours, start, length) -> None:
    end = start + timedelta(minutes=length)
    assert hours.between(start, end) == timedelta(minutes=minutes_between(hours, start, end))


@settings(max_examples=150)
@given(st.sampled_from(CALENDARS), starts, st.integers(0, 3000))
def test_add_agrees_with_counting_minutes(hours, start, minutes) -> None:
    minutes %= 2 * weekly_minutes(hours) + 1  # sparse calendars: keep the reference quick
    assert hours.add(start, timedelta(minutes=minutes)) == add_minutes(hours, start, minutes)


@given(st.sampled_from(CALENDARS), starts, st.integers(1, 3000))
def test_add_gives_the_earliest_instant_with_enough_working_time(hours, start, minutes) -> None:
    minutes = 1 + minutes % (2 * weekly_minutes(hours))
    due = hours.add(start, timedelta(minutes=minutes))
    assert hours.between(start, due) == timedelta(minutes=minutes)
    assert hours.between(start, due - timedelta(microseconds=1)) < timedelta(minutes=minutes)
