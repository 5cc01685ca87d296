"""Keyset paging of the ticket list over HTTP: `cursor`, `X-Next-Cursor` and `Link`."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.http.api import Api, assert_problem

SORTS = ["created_at", "-created_at", "updated_at", "-updated_at", "priority", "-priority"]


def _walk(api: Api, **params: Any) -> list[list[int]]:
    """Every page from the first by X-Next-Cursor; checks each page's headers on the way."""
    pages = []
    response = api.client.get("/api/tickets", params=params)
    while True:
        assert response.status_code == 200, response.text
        pages.append([item["id"] for item in response.json()])
        cursor = response.headers.get("X-Next-Cursor")
        if cursor is None:
            assert "next" not in response.links
            return pages
        if "cursor" in params:  # paged by cursor: so are the links
            assert set(response.links) <= {"first", "next"}
            assert "cursor" not in parse_qs(urlsplit(response.links["first"]["url"]).query)
            assert parse_qs(urlsplit(response.links["next"]["url"]).query)["cursor"] == [cursor]
        params = {**params, "cursor": cursor}
        response = api.client.get("/api/tickets", params=params)


@pytest.fixture
def eleven(api: Api) -> list[dict[str, Any]]:
    requester = api.user()
    priorities = ["low", "high", "urgent", "medium"]
    return [
        api.ticket(requester["id"], priority=priorities[n % 4], tags="odd" if n % 2 else "even")
        for n in range(11)
    ]


@pytest.mark.parametrize("sort", SORTS)
def test_cursor_pages_list_the_same_tickets_as_one_big_page(api: Api, eleven, sort) -> None:
    everything = api.client.get("/api/tickets", params={"sort": sort, "page_size": 100}).json()
    pages = _walk(api, sort=sort, page_size=3)
    assert [len(page) for page in pages] == [3, 3, 3, 2]
    assert [i for page in pages for i in page] == [item["id"] for item in everything]


def test_cursor_pages_keep_the_filters_and_are_not_counted(api: Api, eleven) -> None:
    odd = [t["id"] for t in eleven if "odd" in t["tags"]]
    pages = _walk(api, tag="odd", sort="created_at", page_size=2)
    assert [i for page in pages for i in page] == odd
    response = api.client.get("/api/tickets", params={"tag": "odd", "page_size": 2})
    second = api.client.get(
        "/api/tickets",
        params={"tag": "odd", "page_size": 2, "cursor": response.headers["X-Next-Cursor"]},
    )
    assert response.headers["X-Total-Count"] == str(len(odd))
    assert "X-Total-Count" not in second.headers
    assert _ids_of(second) == odd[2:4] or _ids_of(second) == list(reversed(odd))[2:4]


def test_a_page_by_number_offers_a_cursor_for_the_next(api: Api, eleven) -> None:
    by_number = api.client.get("/api/tickets", params={"page": 2, "page_size": 3})
    cursor = by_number.headers["X-Next-Cursor"]
    third = api.client.get("/api/tickets", params={"page_size": 3, "cursor": cursor})
    by_number_third = api.client.get("/api/tickets", params={"page": 3, "page_size": 3})
    assert third.json() == by_number_third.json()
    last = api.client.get("/api/tickets", params={"page": 4, "page_size": 3})
    assert "X-Next-Cursor" not in last.headers


def _ids_of(response: Any) -> list[int]:
    return [item["id"] for item in response.json()]


def _forged(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not a cursor",
        "%%%",
        "x" * 500,
        _forged(["-created_at", "yesterday", 3]),
        _forged(["-created_at", "2026-11-26T12:00:00", 3]),  # no time zone
        _forged(["-created_at", "2026-11-26T12:00:00+00:00", "3"]),
        _forged(["-created_at", "2026-11-26T12:00:00+00:00", 2**40]),
        _forged(["-created_at", "0001-01-01T00:00:00+05:00", 3]),
        _forged(["-created_at", "2026-11-26T12:00:00+00:00"]),
        _forged({"sort": "-created_at"}),
        _forged(["-priority", 4, 3]),  # made for another sort
    ],
)
def test_a_cursor_we_did_not_make_is_a_400_problem(api: Api, eleven, cursor) -> None:
    problem = assert_problem(
        api.client.get("/api/tickets", params={"cursor": cursor}), 400, "cursor"
    )
    assert problem["type"].endswith("/invalid-cursor")


def test_a_priority_cursor_out_of_range_is_refused(api: Api) -> None:
    response = api.client.get(
        "/api/tickets", params={"sort": "priority", "cursor": _forged(["priority", 9, 3])}
    )
    assert_problem(response, 400, "cursor")


def test_a_cursor_from_another_sort_order_is_refused(api: Api, eleven) -> None:
    cursor = api.client.get("/api/tickets", params={"page_size": 2}).headers["X-Next-Cursor"]
    response = api.client.get("/api/tickets", params={"sort": "priority", "cursor": cursor})
    assert "sort" in assert_problem(response, 400, "cursor")["detail"]


def test_cursor_and_page_together_are_refused(api: Api, eleven) -> None:
    cursor = api.client.get("/api/tickets", params={"page_size": 2}).headers["X-Next-Cursor"]
    response = api.client.get("/api/tickets", params={"page": 2, "cursor": cursor})
    assert_problem(response, 400, "cursor")


def test_a_customer_pages_only_their_own_tickets_by_cursor(api: Api, eleven) -> None:
    customer = api.account("customer")
    own = [customer.ticket(title=f"mine {n}")["id"] for n in range(3)]
    pages = _walk(customer, page_size=1, sort="created_at")
    assert [i for page in pages for i in page] == own


def test_cursor_paging_works_on_postgresql(pg_api: Api) -> None:
    requester = pg_api.user()
    ids = [pg_api.ticket(requester["id"], priority="high")["id"] for _ in range(5)]
    pages = _walk(pg_api, sort="-priority", page_size=2)
    assert [i for page in pages for i in page] == sorted(ids, reverse=True)
