"""The ticket list: pages, totals, Link headers, filters and sort orders."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.http.api import Api, assert_problem, when

PRIORITY_RANK = {"low": 1, "medium": 2, "high": 3, "urgent": 4}


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _ids(items: list[dict[str, Any]]) -> list[int]:
    return [item["id"] for item in items]


@pytest.fixture
def world(api: Api) -> dict[str, Any]:
    """A small helpdesk: 3 users, 12 tickets with varied fields."""
    ada = api.user("ada@example.com", "Ada")
    bob = api.user("bob@example.com", "Bob")
    cy = api.user("cy@example.com", "Cy")
    specs = [
        dict(requester_id=ada["id"], priority="low", tags="login,auth", title="Login loop"),
        dict(requester_id=ada["id"], priority="high", tags="billing", category="billing"),
        dict(requester_id=bob["id"], priority="urgent", assignee_id=cy["id"], tags="login"),
        dict(requester_id=bob["id"], priority="medium", content="The LOGIN page is blank"),
        dict(requester_id=ada["id"], priority="urgent", category="billing", assignee_id=bob["id"]),
        dict(requester_id=cy["id"], priority="low", tags="Auth"),
        dict(requester_id=cy["id"], priority="high", assignee_id=cy["id"]),
        dict(requester_id=bob["id"], priority="medium", category="network", tags="vpn,auth"),
        dict(requester_id=ada["id"], priority="medium", title="100% CPU_usage"),
        dict(requester_id=bob["id"], priority="low", assignee_id=bob["id"]),
        dict(requester_id=cy["id"], priority="urgent", tags="vpn"),
        dict(requester_id=ada["id"], priority="high", category="network"),
    ]
    tickets = []
    for spec in specs:
        requester_id = spec.pop("requester_id")
        tickets.append(api.ticket(requester_id, **spec))
    # Some status and an update order that differs from the creation order.
    for index, status in ((3, "in_progress"), (0, "resolved"), (6, "pending"), (9, "closed")):
        tickets[index] = api.patch(tickets[index]["id"], status=status)
    return {"users": {"ada": ada, "bob": bob, "cy": cy}, "tickets": tickets}


def test_the_body_is_a_json_array_and_the_total_is_in_a_header(api: Api, world) -> None:
    response = api.client.get("/api/tickets")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, list)
    assert response.headers["X-Total-Count"] == "12"
    assert len(body) == 12  # the default page holds 20


def test_the_default_page_size_is_20_and_the_maximum_100(api: Api) -> None:
    requester = api.user()
    for number in range(23):
        api.ticket(requester["id"], title=f"t{number}")

    default = api.client.get("/api/tickets")
    assert len(default.json()) == 20
    assert default.headers["X-Total-Count"] == "23"
    assert _query(default.links["next"]["url"])["page_size"] == ["20"]
    assert len(api.client.get("/api/tickets", params={"page_size": 100}).json()) == 23
    assert len(api.client.get("/api/tickets", params={"page": 2}).json()) == 3
    beyond = api.client.get("/api/tickets", params={"page": 9})
    assert beyond.status_code == 200
    assert beyond.json() == []
    assert beyond.headers["X-Total-Count"] == "23"


def test_following_next_links_visits_every_ticket_exactly_once(api: Api, world) -> None:
    expected = sorted(_ids(world["tickets"]))
    for sort in ("created_at", "-created_at", "updated_at", "-updated_at", "priority", "-priority"):
        seen: list[int] = []
        response = api.client.get("/api/tickets", params={"page_size": 5, "sort": sort})
        pages = 0
        while True:
            assert response.status_code == 200
            assert response.headers["X-Total-Count"] == "12"
            seen.extend(_ids(response.json()))
            pages += 1
            if "next" not in response.links:
                break
            assert _query(response.links["next"]["url"])["sort"] == [sort]
            response = api.client.get(response.links["next"]["url"])
        assert pages == 3, sort
        assert sorted(seen) == expected, sort
        assert len(seen) == len(set(seen)), sort


def test_link_urls_keep_the_filters_and_name_first_prev_next_last(api: Api, world) -> None:
    ada = world["users"]["ada"]
    params = {"requester_id": ada["id"], "sort": "priority", "page_size": 2, "page": 2}

    response = api.client.get("/api/tickets/", params=params)

    assert response.headers["X-Total-Count"] == "5"
    links = response.links
    assert set(links) == {"first", "prev", "next", "last"}
    expected_pages = {"first": "1", "prev": "1", "next": "3", "last": "3"}
    for rel, page in expected_pages.items():
        url = links[rel]["url"]
        assert url.startswith("/api/tickets?"), url
        query = _query(url)
        assert query["page"] == [page], rel
        assert query["page_size"] == ["2"]
        assert query["requester_id"] == [str(ada["id"])]
        assert query["sort"] == ["priority"]

    first = api.client.get(links["first"]["url"])
    assert "prev" not in first.links
    last = api.client.get(links["last"]["url"])
    assert "next" not in last.links
    assert len(last.json()) == 1


def test_links_keep_free_text_that_needs_escaping(api: Api) -> None:
    requester = api.user()
    for number in range(3):
        api.ticket(requester["id"], title=f"R&D 50% off #{number}")
    api.ticket(requester["id"], title="unrelated")

    response = api.client.get("/api/tickets", params={"q": "r&d 50%", "page_size": 1})

    assert response.headers["X-Total-Count"] == "3"
    assert _query(response.links["next"]["url"])["q"] == ["r&d 50%"]
    seen = _ids(response.json())
    while "next" in response.links:
        response = api.client.get(response.links["next"]["url"])
        assert response.headers["X-Total-Count"] == "3"
        seen.extend(_ids(response.json()))
    assert len(set(seen)) == 3


SEARCHED = (
    'Say "hi" to the printer',
    r"Path C:\Temp\new 50%_off",
    "Emoji 😀😀😀 party",
    "NEAR(a b) OR x* ^col: -word",
    "ᲐᲑᲒᲓ Visit İSTANBUL",
)


@pytest.mark.parametrize(
    "q",
    ['"hi"', 'say "', '"', r"\temp\new", "\\", "50%_", "%", "_", "😀😀😀", "😀", "near(a b) or x*",
     "^col:", "*", "-word", "აბგ", "visit i", "\ufffd", "'); DROP TABLE tickets; --"],
)  # fmt: skip
def test_free_text_with_special_characters_finds_what_it_contains(api: Api, q: str) -> None:
    """On SQLite `q` is narrowed by an FTS5 index, whose query language gives meaning to
    quotes, `*`, `^`, `:`, `-`, NEAR and parentheses: none of it may show through."""
    requester = api.user()
    created = {api.ticket(requester["id"], title=title)["id"]: title for title in SEARCHED}

    response = api.client.get("/api/tickets", params={"q": q, "page_size": 100})

    assert response.status_code == 200, response.text
    expected = sorted(i for i, title in created.items() if q.lower() in title.lower())
    assert sorted(_ids(response.json())) == expected


def test_free_text_that_is_not_utf8_finds_nothing_and_does_not_fail(api: Api) -> None:
    api.ticket(api.user()["id"], title="Printer on fire")
    response = api.client.get("/api/tickets?q=%FF%FEfire%ED%A0%80")
    assert response.status_code == 200, response.text  # undecodable bytes read as U+FFFD
    assert response.json() == []


def test_an_empty_result_still_has_a_first_and_last_page(api: Api, world) -> None:
    response = api.client.get("/api/tickets", params={"q": "no such words"})

    assert response.json() == []
    assert response.headers["X-Total-Count"] == "0"
    assert set(response.links) == {"first", "last"}


def _by(world: dict[str, Any], predicate) -> list[int]:
    return sorted(t["id"] for t in world["tickets"] if predicate(t))


FILTERS = [
    ({"status": "open"}, lambda t, u: t["status"] == "open"),
    ({"status": "closed"}, lambda t, u: t["status"] == "closed"),
    ({"priority": "urgent"}, lambda t, u: t["priority"] == "urgent"),
    ({"requester_id": "bob"}, lambda t, u: t["requester_id"] == u["bob"]["id"]),
    ({"assignee_id": "cy"}, lambda t, u: t["assignee_id"] == u["cy"]["id"]),
    ({"tag": "auth"}, lambda t, u: "auth" in t["tags"]),
    ({"tag": " VPN "}, lambda t, u: "vpn" in t["tags"]),
    ({"category": "billing"}, lambda t, u: t["category"] == "billing"),
    ({"q": "login"}, lambda t, u: "login" in (t["title"] + t["content"]).lower()),
    ({"q": "100%"}, lambda t, u: "100%" in t["title"]),
    ({"q": "cpu_"}, lambda t, u: "cpu_" in t["title"].lower()),
    (
        {"priority": "medium", "requester_id": "bob"},
        lambda t, u: t["priority"] == "medium" and t["requester_id"] == u["bob"]["id"],
    ),
    (
        {"tag": "login", "q": "loop", "requester_id": "ada"},
        lambda t, u: t["title"] == "Login loop",
    ),
]


def test_filters_select_exactly_the_matching_tickets(api: Api, world) -> None:
    users = world["users"]
    for params, predicate in FILTERS:
        query = {
            key: users[value]["id"] if key in ("requester_id", "assignee_id") else value
            for key, value in params.items()
        }
        expected = _by(world, lambda t, predicate=predicate: predicate(t, users))
        assert expected, f"the fixture should have matches for {params}"

        response = api.client.get("/api/tickets", params={**query, "page_size": 100})

        assert sorted(_ids(response.json())) == expected, params
        assert response.headers["X-Total-Count"] == str(len(expected)), params


def test_the_default_order_is_newest_first(api: Api, world) -> None:
    listed = api.client.get("/api/tickets").json()
    assert _ids(listed) == sorted(_ids(world["tickets"]), reverse=True)


SORTS = [
    ("created_at", lambda t: (when(t["created_at"]), t["id"]), False),
    ("-created_at", lambda t: (when(t["created_at"]), t["id"]), True),
    ("updated_at", lambda t: (when(t["updated_at"]), t["id"]), False),
    ("-updated_at", lambda t: (when(t["updated_at"]), t["id"]), True),
    ("priority", lambda t: (PRIORITY_RANK[t["priority"]], t["id"]), False),
    ("-priority", lambda t: (PRIORITY_RANK[t["priority"]], t["id"]), True),
]


def test_every_sort_order(api: Api, world) -> None:
    for sort, key, descending in SORTS:
        listed = api.client.get("/api/tickets", params={"sort": sort}).json()

        expected = sorted(world["tickets"], key=key, reverse=descending)
        assert _ids(listed) == _ids(expected), sort


def test_updated_at_order_follows_the_latest_changes(api: Api, world) -> None:
    touched = [world["tickets"][i]["id"] for i in (3, 0, 6, 9)]
    listed = _ids(api.client.get("/api/tickets", params={"sort": "-updated_at"}).json())
    assert listed[:4] == list(reversed(touched))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "abc"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "x"}, "page"),
        ({"status": "done"}, "status"),
        ({"priority": "asap"}, "priority"),
        ({"sort": "title"}, "sort"),
        ({"requester_id": "me"}, "requester_id"),
    ],
)
def test_bad_list_parameters_are_422_naming_the_parameter(api: Api, params, field) -> None:
    assert_problem(api.client.get("/api/tickets", params=params), 422, field)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": "0"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page_size": "101"}, "page_size"),
    ],
)
def test_bad_user_list_parameters_are_422_naming_the_parameter(api: Api, params, field) -> None:
    assert_problem(api.client.get("/api/users", params=params), 422, field)
