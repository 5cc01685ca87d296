"""Inputs at the edges of what storage can hold: refused or not found, never a 500.

Regression tests: ids beyond a 32/64-bit column, huge page numbers, NUL in
search text and control characters in e-mail addresses all once reached the
database driver and came back as 500s; absurdly nested JSON did too.
"""

from __future__ import annotations

import pytest

from tests.http.api import Api, assert_problem, message_for

HUGE_IDS = [2**31, 2**63, 2**64, 10**30, -(2**63) - 1]


@pytest.fixture
def seeded(api: Api) -> dict:
    requester = api.user()
    ticket = api.ticket(requester["id"], tags="a", category="net")
    api.reply(ticket["id"])
    return {"requester": requester, "ticket": ticket}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/tickets/{id}", None),
        ("PATCH", "/api/tickets/{id}", {"title": "x"}),
        ("PUT", "/api/tickets/{id}", {"title": "x"}),
        ("DELETE", "/api/tickets/{id}", None),
        ("GET", "/api/tickets/{id}/replies", None),
        ("POST", "/api/tickets/{id}/replies", {"content": "x"}),
        ("GET", "/api/users/{id}", None),
        ("DELETE", "/api/users/{id}", None),
    ],
)
def test_a_huge_id_in_the_path_is_404(api: Api, seeded, method, path, body) -> None:
    before = api.snapshot()
    for identifier in HUGE_IDS:
        response = api.client.request(method, path.format(id=identifier), json=body)
        assert_problem(response, 404)
    assert api.snapshot() == before


@pytest.mark.parametrize("identifier", HUGE_IDS)
def test_a_huge_id_in_a_body_is_422_naming_the_field(api: Api, seeded, identifier: int) -> None:
    before = api.snapshot()
    ticket_id = seeded["ticket"]["id"]
    requester_id = seeded["requester"]["id"]
    cases = [
        ("POST", "/api/tickets", {"title": "t", "content": "c", "requester_id": identifier}),
        (
            "POST",
            "/api/tickets",
            {"title": "t", "content": "c", "requester_id": requester_id, "assignee_id": identifier},
        ),
        ("PATCH", f"/api/tickets/{ticket_id}", {"assignee_id": identifier}),
    ]
    for method, path, body in cases:
        field = next(k for k, v in body.items() if v == identifier)
        problem = assert_problem(api.client.request(method, path, json=body), 422, field)
        assert "does not exist" in message_for(problem, field)
    # A reply's author is the signed-in account; naming anyone else is refused as such.
    reply = {"author_id": identifier, "content": "c"}
    assert_problem(api.client.post(f"/api/tickets/{ticket_id}/replies", json=reply), 403)
    assert api.snapshot() == before


@pytest.mark.parametrize("identifier", HUGE_IDS)
def test_a_huge_id_as_a_filter_finds_nothing(api: Api, seeded, identifier: int) -> None:
    for params in ({"requester_id": identifier}, {"assignee_id": identifier}):
        response = api.client.get("/api/tickets", params=params)
        assert response.status_code == 200
        assert response.json() == []
        assert response.headers["X-Total-Count"] == "0"
    users = api.client.get("/api/users", params={"ids": f"{seeded['requester']['id']},99999999999"})
    assert [u["id"] for u in users.json()] == [seeded["requester"]["id"]]


@pytest.mark.parametrize(("path", "total"), [("/api/tickets", "1"), ("/api/users", "2")])
def test_a_huge_page_number_is_an_empty_page(api: Api, seeded, path: str, total: str) -> None:
    for page in (2**31, 2**62, 2**63, 10**30):
        response = api.client.get(path, params={"page": page, "page_size": 100})

        assert response.status_code == 200
        assert response.json() == []
        assert response.headers["X-Total-Count"] == total
        assert "next" not in response.links


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/tickets", {"q": "fire\x00"}),
        ("/api/tickets", {"tag": "a\x00"}),
        ("/api/tickets", {"category": "net\x00"}),
        ("/api/users", {"q": "\x00"}),
    ],
)
def test_nul_in_search_text_finds_nothing(api: Api, seeded, path: str, params: dict) -> None:
    response = api.client.get(path, params=params)
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("email", ["a\x00@example.com", "a\x01b@example.com", "a@exa\x7fmple.com"])
def test_control_characters_make_an_email_invalid(api: Api, email: str) -> None:
    response = api.client.post("/api/users", json={"email": email, "name": "X"})
    assert_problem(response, 422, "email")
    assert api.client.get("/api/users").json() == [api.me]


@pytest.mark.parametrize("opening", [b"[", b"{", b'{"a":'])
def test_absurdly_nested_json_is_400(api: Api, seeded, opening: bytes) -> None:
    before = api.snapshot()
    response = api.client.post(
        "/api/tickets", content=opening * 100_000, headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400)
    assert api.snapshot() == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/users", {"email": "a@example.com", "name": 7}, "name"),
        ("/api/tickets", {"title": "T", "content": "C", "requester_id": "1"}, "requester_id"),
        ("/api/tickets", {"title": "T", "content": "C", "requester_id": 1.0}, "requester_id"),
        ("/api/tickets", {"title": "T", "content": "C", "requester_id": True}, "requester_id"),
        ("/api/tickets", {"title": ["T"], "content": "C", "requester_id": 1}, "title"),
    ],
)
def test_json_values_of_the_wrong_type_are_refused_not_coerced(
    api: Api, path: str, body: dict, field: str
) -> None:
    before = api.snapshot()

    problem = assert_problem(api.client.post(path, json=body), 422, field)

    assert api.snapshot() == before
    assert "Expected" in problem["errors"][0]["message"]


def test_a_nested_field_of_the_wrong_type_is_named_by_its_path(api: Api) -> None:
    priorities = ("urgent", "high", "medium", "low")
    targets = {p: {"first_response_minutes": 60, "resolution_minutes": 240} for p in priorities}
    targets["low"]["business_hours"] = 0

    problem = assert_problem(api.client.put("/api/sla/policies", json={"targets": targets}), 422)

    assert problem["errors"][0]["field"] == "targets.low.business_hours"


@pytest.mark.parametrize(
    "path",
    [
        "/api/tickets/{huge}",
        "/api/tickets/{huge}/replies",
        "/api/tickets/1/replies/{huge}",
        "/api/users/{huge}",
        "/api/tickets/{huge}/drafts",
    ],
)
@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_ids_no_column_can_hold_are_404_not_a_driver_error(
    api: Api, path: str, method: str
) -> None:
    for huge in (2**31, 263693924490626039808, -(2**31) - 1):
        response = api.client.request(method, path.format(huge=huge))
        assert response.status_code in (404, 405), (path, huge, response.text)
