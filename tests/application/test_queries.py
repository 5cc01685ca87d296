from __future__ import annotations

import pytest

from application.queries import Page, PageRequest, TicketSort
from domain.errors import InvalidValue


def test_page_requests_default_to_the_first_page_of_twenty():
    request = PageRequest()
    assert (request.page, request.page_size, request.offset) == (1, 20, 0)
    assert PageRequest(page=3, page_size=7).offset == 14


@pytest.mark.parametrize(
    ("page", "size", "field"),
    [(0, 10, "page"), (-1, 10, "page"), (1, 0, "page_size"), (1, 101, "page_size")],
)
def test_out_of_range_page_requests_are_refused(page, size, field):
    with pytest.raises(InvalidValue) as error:
        PageRequest(page=page, page_size=size)
    assert [p.field for p in error.value.problems] == [field]


def test_a_page_of_a_hundred_is_allowed():
    assert PageRequest(page_size=100).page_size == 100


@pytest.mark.parametrize(
    ("total", "size", "last"), [(0, 10, 1), (1, 10, 1), (10, 10, 1), (11, 10, 2), (101, 20, 6)]
)
def test_last_page(total, size, last):
    assert Page([], total, PageRequest(page_size=size)).last_page == last


def test_sort_orders_name_a_column_and_a_direction():
    assert [(s.column, s.descending) for s in TicketSort] == [
        ("created_at", False),
        ("created_at", True),
        ("updated_at", False),
        ("updated_at", True),
        ("priority", False),
        ("priority", True),
    ]
    assert TicketSort("-priority") is TicketSort.PRIORITY_DESC
