"""No input a client can send produces a 500: every refusal is a problem, changes nothing.

Writes are fuzzed as the admin and as a customer (whose rules refuse far more).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from httpx import Response
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.http.api import Api, assert_problem

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\t\n",
        "a\x00b",
        "\x00",
        "x" * 201,
        "x" * 20_001,
        "İ" * 40,
        "😀" * 41,
        "%_\\",
        "null",
    ]
)
TEXT = st.text(max_size=40) | NASTY_TEXT
BIG_INTS = st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30])
STATUSES = ["open", "in_progress", "pending", "resolved", "closed"]
PRIORITIES = ["low", "medium", "high", "urgent"]
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)


def mostly(valid: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`valid` seven times in eight, so that whole bodies often pass and reach the database."""
    return st.integers(0, 7).flatmap(lambda n: other if n == 0 else valid)


GOOD_TEXT = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() and "\x00" not in t)
GOOD_TAG = st.text(
    st.characters(codec="utf-8", exclude_characters=",\x00"), min_size=1, max_size=12
)


def _ids(known: list[int]) -> st.SearchStrategy[Any]:
    return mostly(st.sampled_from(known), st.integers() | BIG_INTS | JSON)


def _with_extras(fields: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Sometimes an unknown field too."""
    extras = mostly(st.just({}), st.dictionaries(st.text(max_size=8), JSON, min_size=1, max_size=1))
    return st.tuples(fields, extras).map(lambda pair: {**pair[1], **pair[0]})


def ticket_fields(user_ids: list[int], *, required: bool) -> st.SearchStrategy[dict[str, Any]]:
    values = {
        "title": mostly(GOOD_TEXT, TEXT | JSON),
        "content": mostly(GOOD_TEXT, TEXT | JSON),
        "requester_id": _ids(user_ids),
        "status": mostly(st.sampled_from(STATUSES), st.sampled_from(["bogus", "OPEN"]) | JSON),
        "priority": mostly(st.sampled_from(PRIORITIES), st.just("asap") | JSON),
        "tags": mostly(
            st.lists(GOOD_TAG, max_size=5) | st.lists(GOOD_TAG, max_size=5).map(",".join),
            st.lists(TEXT, max_size=22) | TEXT | JSON,
        ),
        "category": mostly(st.none() | GOOD_TEXT, TEXT | JSON),
        "assignee_id": mostly(st.none() | st.sampled_from(user_ids), _ids(user_ids)),
    }
    if required:
        mandatory = {k: values.pop(k) for k in ("title", "content", "requester_id")}
        return _with_extras(st.fixed_dictionaries(mandatory, optional=values))
    del values["requester_id"]
    return _with_extras(st.fixed_dictionaries({}, optional=values))


def user_fields() -> st.SearchStrategy[dict[str, Any]]:
    emails = mostly(
        st.emails() | st.sampled_from(["A@B.CO", " x@y.io "]),
        TEXT | st.sampled_from(["a@b", "@b.c", "a\x01@b.co"]) | JSON,
    )
    names = mostly(GOOD_TEXT, TEXT | JSON)
    optional = {
        "role": mostly(st.sampled_from(["customer", "agent", "admin"]), st.just("root") | JSON),
        "password": mostly(st.just("a fine passphrase"), TEXT | JSON),
    }
    return _with_extras(
        mostly(
            st.fixed_dictionaries({"email": emails, "name": names}, optional=optional),
            st.fixed_dictionaries({}, optional={"email": emails, "name": names, **optional}),
        )
    )


def reply_fields(own_id: int, user_ids: list[int]) -> st.SearchStrategy[dict[str, Any]]:
    """The author is the caller: `author_id` is mostly left out or names them."""
    values = {
        "author_id": mostly(st.none() | st.just(own_id), _ids(user_ids)),
        "content": mostly(GOOD_TEXT, TEXT | JSON),
        "internal": mostly(st.booleans(), JSON),
    }
    return _with_extras(
        mostly(
            st.fixed_dictionaries(
                {"content": values["content"]},
                optional={k: values[k] for k in ("author_id", "internal")},
            ),
            st.fixed_dictionaries({}, optional=values),
        )
    )


def assert_sound(response: Response) -> None:
    """Below 500; a refusal is a problem-details body."""
    event(f"{response.request.method} -> {response.status_code}")
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        assert_problem(response, response.status_code)


def _total(api: Api, path: str) -> int:
    return int(api.client.get(path, params={"page_size": 1}).headers["X-Total-Count"])


@pytest.fixture
def seeded(api: Api) -> dict[str, Any]:
    requester = api.account("customer", "requester@example.com")
    agent = api.user("agent@example.com", role="agent")
    ticket = api.ticket(requester.me["id"], tags="a")
    return {
        "user_ids": [requester.me["id"], agent["id"]],
        "ticket": ticket,
        "callers": {"admin": api, "customer": requester},
    }


CALLERS = pytest.mark.parametrize("caller", ["admin", "customer"])


# --- arbitrary JSON values -----------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/tickets"),
        ("PATCH", "/api/tickets/{ticket}"),
        ("POST", "/api/users"),
        ("POST", "/api/tickets/{ticket}/replies"),
        ("POST", "/api/auth/token"),
        ("POST", "/api/auth/signup"),
        ("PATCH", "/api/users/{user}"),
    ],
)
@FUZZ
@given(body=JSON)
def test_any_json_value_as_a_body(api: Api, seeded, method: str, path: str, body: Any) -> None:
    url = path.format(ticket=seeded["ticket"]["id"], user=seeded["user_ids"][0])
    response = api.client.request(method, url, json=body)
    assert_sound(response)


# --- random field values ---------------------------------------------------------


@CALLERS
@FUZZ
@given(data=st.data())
def test_random_tickets(api: Api, seeded, caller: str, data: st.DataObject) -> None:
    body = data.draw(
        ticket_fields(seeded["user_ids"], required=data.draw(mostly(st.just(True), st.just(False))))
    )
    before = _total(api, "/api/tickets")

    response = seeded["callers"][caller].client.post("/api/tickets", json=body)

    assert_sound(response)
    if response.status_code == 201:
        ticket = response.json()
        assert response.headers["ETag"] == f'"{ticket["version"]}"'
        assert api.get_ticket(ticket["id"]) == ticket
        assert _total(api, "/api/tickets") == before + 1
    else:
        assert _total(api, "/api/tickets") == before


@FUZZ
@given(data=st.data())
def test_random_ticket_changes(api: Api, seeded, data: st.DataObject) -> None:
    ticket_id = seeded["ticket"]["id"]
    body = data.draw(ticket_fields(seeded["user_ids"], required=False))
    method = data.draw(st.sampled_from(["PATCH", "PUT"]))
    before = api.client.get(f"/api/tickets/{ticket_id}")
    version = before.json()["version"]
    if_match = data.draw(
        st.none() | st.sampled_from(["*", f'"{version}"', f'"{version - 1}"']) | HEADER_TEXT
    )
    headers = {} if if_match is None else {"If-Match": if_match}

    response = api.client.request(method, f"/api/tickets/{ticket_id}", json=body, headers=headers)

    assert_sound(response)
    after = api.client.get(f"/api/tickets/{ticket_id}")
    if response.status_code == 200:
        changed = response.json()
        assert changed == after.json()
        assert response.headers["ETag"] == after.headers["ETag"] == f'"{changed["version"]}"'
        assert changed["version"] in (version, version + 1)
        assert (changed["version"] == version) == (changed == before.json())
    else:
        assert after.json() == before.json()
        assert after.headers["ETag"] == before.headers["ETag"]


@FUZZ
@given(data=st.data())
def test_random_users(api: Api, seeded, data: st.DataObject) -> None:
    body = data.draw(user_fields())
    before = _total(api, "/api/users")

    response = api.client.post("/api/users", json=body)

    assert_sound(response)
    expected = before + 1 if response.status_code == 201 else before
    assert _total(api, "/api/users") == expected


@CALLERS
@FUZZ
@given(data=st.data())
def test_random_replies(api: Api, seeded, caller: str, data: st.DataObject) -> None:
    ticket_id = seeded["ticket"]["id"]
    author = seeded["callers"][caller]
    body = data.draw(reply_fields(author.me["id"], seeded["user_ids"]))
    url = f"/api/tickets/{ticket_id}/replies"
    before = api.client.get(url).json()  # as staff: internal notes included

    response = author.client.post(url, json=body)

    assert_sound(response)
    after = api.client.get(url).json()
    if response.status_code == 201:
        assert after == [*before, response.json()]
    else:
        assert after == before


# --- everything else a client controls -------------------------------------------


LIST_PARAMS = ["page", "page_size", "status", "priority", "requester_id", "assignee_id", "tag"]


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from([*LIST_PARAMS, "category", "q", "sort", "ids", "unknown"]),
        TEXT | BIG_INTS.map(str) | st.integers().map(str),
        max_size=3,  # 4 x 20,001 characters would pass the HTTP client's 64 KiB URL limit
    )
)
def test_random_list_parameters(api: Api, seeded, params: dict[str, str]) -> None:
    for path in ("/api/tickets", "/api/users"):
        response = api.client.get(path, params=params)
        assert_sound(response)
        if response.status_code == 200:
            assert isinstance(response.json(), list)
            assert int(response.headers["X-Total-Count"]) >= len(response.json())


@FUZZ
@given(identifier=st.integers() | BIG_INTS | st.sampled_from([1, 2, 3]))
def test_random_ids_in_paths(api: Api, seeded, identifier: int) -> None:
    before = api.get_ticket(seeded["ticket"]["id"])
    for method, path in (
        ("GET", "/api/tickets/{id}"),
        ("GET", "/api/tickets/{id}/replies"),
        ("GET", "/api/users/{id}"),
        ("PATCH", "/api/tickets/{id}"),
    ):
        body = {} if method == "PATCH" else None
        response = api.client.request(method, path.format(id=identifier), json=body)
        assert_sound(response)
        if "users" in path:
            known = identifier in [api.me["id"], *seeded["user_ids"]]
        else:
            known = identifier == seeded["ticket"]["id"]
        assert response.status_code == (200 if known else 404), (method, path, response.text)
    assert api.get_ticket(seeded["ticket"]["id"]) == before


@FUZZ
@given(
    raw=st.binary(max_size=64)
    | st.text(max_size=40).map(str.encode)
    | JSON.map(lambda v: json.dumps(v).encode()[:-1])  # cut short
    | st.sampled_from([b'{"title": "\\ud800"}', b'"\\udfff"', b"[" * 5000, b"{" * 5000, b"1e999"])
)
def test_random_bytes_as_a_body(api: Api, seeded, raw: bytes) -> None:
    ticket_id = seeded["ticket"]["id"]
    for method, path in (
        ("POST", "/api/tickets"),
        ("PATCH", f"/api/tickets/{ticket_id}"),
        ("POST", "/api/users"),
        ("POST", f"/api/tickets/{ticket_id}/replies"),
        ("POST", "/api/auth/token"),
    ):
        response = api.client.request(
            method, path, content=raw, headers={"Content-Type": "application/json"}
        )
        assert_sound(response)
