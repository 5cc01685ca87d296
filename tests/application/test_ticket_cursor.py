"""Cursors round-trip every position of every sort order and refuse anything else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.errors import InvalidCursor
from application.queries import TicketKey, TicketSort
from application.ticket_cursor import MAX_CURSOR_CHARS, decode_cursor, encode_cursor

sorts = st.sampled_from(list(TicketSort))
ids = st.integers(1, 2**31 - 1)
moments = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(9998, 1, 1), timezones=st.just(UTC)
)


@st.composite
def positions(draw: st.DrawFn) -> tuple[TicketSort, TicketKey]:
    sort = draw(sorts)
    value = draw(st.integers(1, 4)) if sort.column == "priority" else draw(moments)
    return sort, TicketKey(value, draw(ids))


@given(positions())
def test_a_cursor_names_the_position_it_was_made_from(position) -> None:
    sort, key = position
    cursor = encode_cursor(sort, key)
    assert len(cursor) <= MAX_CURSOR_CHARS
    assert cursor.replace("-", "").replace("_", "").isalnum()  # safe in a URL as it is
    assert decode_cursor(cursor, sort) == key


@given(st.text(max_size=300), sorts)
def test_any_other_text_is_an_invalid_cursor_or_a_valid_position(text, sort) -> None:
    try:
        key = decode_cursor(text, sort)
    except InvalidCursor:
        return
    assert 1 <= key.id <= 2**31 - 1


def test_a_cursor_in_another_time_zone_names_the_same_instant() -> None:
    plus_two = datetime(2026, 11, 26, 14, 0, tzinfo=timezone(timedelta(hours=2)))
    cursor = encode_cursor(TicketSort.CREATED_AT, TicketKey(plus_two, 5))
    decoded = decode_cursor(cursor, TicketSort.CREATED_AT)
    assert decoded.value == datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert decoded.value.utcoffset() == timedelta(0)


@pytest.mark.parametrize("sort", [TicketSort.PRIORITY, TicketSort.UPDATED_AT_DESC])
def test_a_cursor_is_bound_to_its_sort_order(sort) -> None:
    cursor = encode_cursor(TicketSort.CREATED_AT_DESC, TicketKey(datetime.now(UTC), 1))
    with pytest.raises(InvalidCursor, match="sort"):
        decode_cursor(cursor, sort)
