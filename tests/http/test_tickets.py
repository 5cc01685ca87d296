"""Tickets: open, read, change, delete; status and version through HTTP."""

from __future__ import annotations

import pytest

from tests.http.api import Api, assert_problem, when


def test_opening_a_ticket_answers_201_with_the_ticket_and_its_etag(api: Api) -> None:
    requester = api.user()
    agent = api.user()

    response = api.client.post(
        "/api/tickets",
        json={
            "title": "  Cannot log in ",
            "content": "The page spins forever.",
            "requester_id": requester["id"],
            "priority": "high",
            "category": "accounts",
            "assignee_id": agent["id"],
        },
    )

    assert response.status_code == 201
    ticket = response.json()
    assert response.headers["ETag"] == '"1"'
    assert ticket["title"] == "Cannot log in"
    assert ticket["status"] == "open"
    assert ticket["priority"] == "high"
    assert ticket["category"] == "accounts"
    assert ticket["requester_id"] == requester["id"]
    assert ticket["assignee_id"] == agent["id"]
    assert ticket["tags"] == []
    assert ticket["version"] == 1
    assert ticket["resolved_at"] is None
    assert ticket["created_at"] == ticket["updated_at"]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("login,auth", ["login", "auth"]),
        (" Login , AUTH,login,, ", ["login", "auth"]),
        (["Login", "auth", "LOGIN", " "], ["login", "auth"]),
        ([], []),
        ("", []),
        (None, []),
    ],
)
def test_tags_come_as_a_string_or_a_list_and_always_leave_as_a_normalised_list(
    api: Api, tags: object, expected: list[str]
) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"], tags=tags)
    assert ticket["tags"] == expected
    assert api.get_ticket(ticket["id"])["tags"] == expected


def test_a_ticket_is_read_back_with_its_version_as_etag(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"], tags=["a"])

    response = api.client.get(f"/api/tickets/{ticket['id']}")

    assert response.status_code == 200
    assert response.json() == ticket
    assert response.headers["ETag"] == f'"{ticket["version"]}"'
    assert_problem(api.client.get(f"/api/tickets/{ticket['id'] + 1000}"), 404)


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_patch_and_put_change_only_the_fields_given(api: Api, method: str) -> None:
    requester = api.user()
    agent = api.user()
    ticket = api.ticket(
        requester["id"], tags="a,b", category="billing", assignee_id=agent["id"], priority="low"
    )

    response = api.client.request(
        method, f"/api/tickets/{ticket['id']}", json={"title": "New title", "priority": "urgent"}
    )

    assert response.status_code == 200
    changed = response.json()
    assert response.headers["ETag"] == '"2"'
    assert changed["title"] == "New title"
    assert changed["priority"] == "urgent"
    for field in ("content", "status", "tags", "category", "assignee_id", "requester_id"):
        assert changed[field] == ticket[field], field
    assert changed["version"] == ticket["version"] + 1
    assert api.get_ticket(ticket["id"]) == changed


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_null_clears_the_category_and_the_assignee(api: Api, method: str) -> None:
    requester = api.user()
    agent = api.user()
    ticket = api.ticket(requester["id"], category="billing", assignee_id=agent["id"], tags="x")

    response = api.client.request(
        method, f"/api/tickets/{ticket['id']}", json={"category": None, "assignee_id": None}
    )

    assert response.status_code == 200
    assert response.json()["category"] is None
    assert response.json()["assignee_id"] is None
    assert response.json()["tags"] == ["x"]
    assert response.json()["title"] == ticket["title"]


def test_assigning_and_retagging_through_patch(api: Api) -> None:
    requester = api.user()
    agent = api.user()
    ticket = api.ticket(requester["id"], tags="a")

    changed = api.patch(ticket["id"], assignee_id=agent["id"], tags="B, c", category="net")

    assert changed["assignee_id"] == agent["id"]
    assert changed["tags"] == ["b", "c"]
    assert changed["category"] == "net"
    assert api.patch(ticket["id"], tags=None)["tags"] == []


def test_the_ticket_endpoints_answer_with_and_without_a_trailing_slash(api: Api) -> None:
    requester = api.user()
    body = {"title": "t", "content": "c", "requester_id": requester["id"]}

    created = api.client.post("/api/tickets/", json=body)
    assert created.status_code == 201
    listed = api.client.get("/api/tickets/")
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()] == [created.json()["id"]]
    replies = api.client.get(f"/api/tickets/{created.json()['id']}/replies/")
    assert replies.status_code == 200


def test_deleting_a_ticket_answers_204_and_takes_its_replies_along(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"])
    other = api.ticket(requester["id"])
    api.reply(ticket["id"])
    kept_reply = api.reply(other["id"])

    response = api.client.delete(f"/api/tickets/{ticket['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert_problem(api.client.get(f"/api/tickets/{ticket['id']}"), 404)
    assert_problem(api.client.get(f"/api/tickets/{ticket['id']}/replies"), 404)
    assert_problem(api.client.delete(f"/api/tickets/{ticket['id']}"), 404)
    assert [t["id"] for t in api.all_pages("/api/tickets")] == [other["id"]]
    assert api.client.get(f"/api/tickets/{other['id']}/replies").json() == [kept_reply]
    # The requester's only remaining history is the other ticket.
    assert_problem(api.client.delete(f"/api/users/{requester['id']}"), 409)


def test_resolving_stamps_resolved_at_and_reopening_clears_it(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"])
    assert ticket["resolved_at"] is None

    working = api.patch(ticket["id"], status="in_progress")
    assert working["resolved_at"] is None

    resolved = api.patch(ticket["id"], status="resolved")
    assert resolved["status"] == "resolved"
    assert resolved["resolved_at"] is not None
    assert resolved["resolved_at"] == resolved["updated_at"]
    assert when(resolved["resolved_at"]) >= when(working["updated_at"])

    closed = api.patch(ticket["id"], status="closed")
    assert closed["resolved_at"] == resolved["resolved_at"], "closing keeps the resolution time"

    reopened = api.patch(ticket["id"], status="open")
    assert reopened["status"] == "open"
    assert reopened["resolved_at"] is None
    assert api.get_ticket(ticket["id"])["resolved_at"] is None

    closed_directly = api.patch(ticket["id"], status="closed")
    assert closed_directly["resolved_at"] == closed_directly["updated_at"]


def test_a_ticket_opened_as_resolved_carries_resolved_at(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"], status="resolved")
    assert ticket["resolved_at"] == ticket["created_at"]


def test_version_moves_by_exactly_one_per_effective_patch_and_not_on_a_no_op(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"], title="Same", tags="a,b", category="net")
    versions = [ticket["version"]]

    for change in (
        {"title": "Other"},
        {"priority": "high", "content": "More detail"},
        {"status": "pending"},
        {"tags": ["c"]},
    ):
        response = api.client.patch(f"/api/tickets/{ticket['id']}", json=change)
        assert response.status_code == 200
        versions.append(response.json()["version"])
        assert response.headers["ETag"] == f'"{versions[-1]}"'
    assert versions == [1, 2, 3, 4, 5]

    current = api.get_ticket(ticket["id"])
    for no_op in (
        {},
        {"title": "Other"},
        {"title": "  Other  "},
        {"status": "pending", "priority": "high"},
        {"tags": " C "},
        {"category": "net"},
        {"assignee_id": None},
    ):
        response = api.client.patch(f"/api/tickets/{ticket['id']}", json=no_op)
        assert response.status_code == 200, no_op
        assert response.json() == current, no_op
        assert response.headers["ETag"] == '"5"'
    assert api.get_ticket(ticket["id"]) == current
