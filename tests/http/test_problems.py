"""Every refusal is an RFC 9457 problem, and a refused write changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.http.api import Api, assert_problem, message_for

MIB = 1024 * 1024


@pytest.fixture
def seeded(api: Api) -> Iterator[dict[str, Any]]:
    """Some data to stay untouched; the snapshot is compared after the test."""
    requester = api.user("req@example.com", "Requester")
    agent = api.user("agent@example.com", "Agent")
    ticket = api.ticket(requester["id"], tags="a,b", category="net", assignee_id=agent["id"])
    api.reply(ticket["id"])
    closed = api.ticket(requester["id"], status="closed")
    before = api.snapshot()
    yield {"requester": requester, "agent": agent, "ticket": ticket, "closed": closed}
    assert api.snapshot() == before, "a refused request changed something"


def _ticket_body(seeded: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"title": "t", "content": "c", "requester_id": seeded["requester"]["id"], **fields}


# --- malformed and oversized bodies ------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/users"),
        ("POST", "/api/tickets"),
        ("PATCH", "/api/tickets/{ticket}"),
        ("PUT", "/api/tickets/{ticket}"),
        ("POST", "/api/tickets/{ticket}/replies"),
    ],
)
def test_malformed_json_is_400(api: Api, seeded, method: str, path: str) -> None:
    url = path.format(ticket=seeded["ticket"]["id"])
    for raw in (b"{", b'{"title": }', b"not json", b'{"a":1}{', b"\xff\xfe", b"'single'"):
        response = api.client.request(
            method, url, content=raw, headers={"Content-Type": "application/json"}
        )
        assert_problem(response, 400)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/users"),
        ("POST", "/api/tickets"),
        ("PATCH", "/api/tickets/{ticket}"),
        ("POST", "/api/tickets/{ticket}/replies"),
    ],
)
def test_a_body_over_one_mib_is_413(api: Api, seeded, method: str, path: str) -> None:
    url = path.format(ticket=seeded["ticket"]["id"])
    body = b'{"content": "' + b"x" * MIB + b'"}'
    response = api.client.request(
        method, url, content=body, headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 413)


@pytest.mark.parametrize("body", [[], [1, 2], "text", 42, None, True])
def test_a_body_that_is_not_an_object_is_422(api: Api, seeded, body: Any) -> None:
    for path in ("/api/tickets", "/api/users", f"/api/tickets/{seeded['ticket']['id']}/replies"):
        response = api.client.post(
            path, content=json.dumps(body), headers={"Content-Type": "application/json"}
        )
        assert_problem(response, 422, "body")


def test_a_missing_body_is_422_and_says_so(api: Api, seeded) -> None:
    problem = assert_problem(api.client.post("/api/users"), 422, "body")
    assert "required" in message_for(problem, "body")


# --- fields --------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["title", "content", "requester_id"])
def test_a_missing_ticket_field_is_422_naming_it(api: Api, seeded, missing: str) -> None:
    body = _ticket_body(seeded)
    del body[missing]
    problem = assert_problem(api.client.post("/api/tickets", json=body), 422, missing)
    assert message_for(problem, missing) == "is required"


@pytest.mark.parametrize("missing", ["email", "name"])
def test_a_missing_user_field_is_422_naming_it(api: Api, seeded, missing: str) -> None:
    body = {"email": "new@example.com", "name": "New"}
    del body[missing]
    assert_problem(api.client.post("/api/users", json=body), 422, missing)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", 1),
        ("content", ["x"]),
        ("requester_id", "one"),
        ("requester_id", True),
        ("requester_id", 1.5),
        ("assignee_id", {}),
        ("tags", 7),
        ("tags", [1, 2]),
        ("category", 3),
        ("priority", 2),
    ],
)
def test_a_wrong_type_is_422_naming_the_field(api: Api, seeded, field: str, value: Any) -> None:
    body = _ticket_body(seeded, **{field: value})
    problem = assert_problem(api.client.post("/api/tickets", json=body), 422)
    assert any(e["field"].startswith(field) for e in problem["errors"]), problem


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "   "),
        ("title", ""),
        ("title", "x" * 201),
        ("content", "\n\t "),
        ("content", "x" * 20_001),
        ("title", "nul\x00byte"),
        ("content", "nul\x00byte"),
        ("category", "nul\x00byte"),
        ("category", "c" * 101),
        ("tags", [f"tag{i}" for i in range(21)]),
        ("tags", ",".join(f"tag{i}" for i in range(21))),
        ("tags", ["t" * 41]),
        ("tags", "ok," + "t" * 41),
        ("tags", ["nul\x00"]),
    ],
)
def test_an_invalid_ticket_field_is_422_naming_it(api: Api, seeded, field: str, value) -> None:
    response = api.client.post("/api/tickets", json=_ticket_body(seeded, **{field: value}))
    assert_problem(response, 422, field)


def test_the_longest_valid_values_are_accepted(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(
        requester["id"],
        title="x" * 200,
        content="y" * 20_000,
        tags=[f"{i:02d}" + "t" * 38 for i in range(20)],
        category="c" * 100,
    )
    assert len(ticket["tags"]) == 20
    assert api.get_ticket(ticket["id"]) == ticket


def test_every_problem_of_a_ticket_is_reported_at_once(api: Api, seeded) -> None:
    body = _ticket_body(seeded, title=" ", content=" ", tags=["t" * 41])
    assert_problem(api.client.post("/api/tickets", json=body), 422, "title", "content", "tags")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", " "),
        ("title", "x" * 201),
        ("content", "x" * 20_001),
        ("title", "a\x00"),
        ("tags", [str(i) for i in range(21)]),
        ("tags", "t" * 41),
        ("status", "done"),
        ("priority", None),
        ("title", None),
        ("assignee_id", "me"),
    ],
)
@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_an_invalid_change_is_422_naming_the_field(api: Api, seeded, method, field, value) -> None:
    url = f"/api/tickets/{seeded['ticket']['id']}"
    body = {"priority": "urgent", field: value} if field != "priority" else {field: value}
    assert_problem(api.client.request(method, url, json=body), 422, field)


@pytest.mark.parametrize(
    "email",
    [
        "plainaddress",
        "no@dots",
        "two@@example.com",
        "sp ace@example.com",
        "a\x00@x.io",
        "x" * 321,
        "",
    ],
)
def test_a_bad_email_is_422_naming_email(api: Api, seeded, email: str) -> None:
    response = api.client.post("/api/users", json={"email": email, "name": "X"})
    assert_problem(response, 422, "email")


@pytest.mark.parametrize("name", ["", "   ", "n" * 201, "nul\x00"])
def test_a_bad_name_is_422_naming_name(api: Api, seeded, name: str) -> None:
    response = api.client.post("/api/users", json={"email": "n@example.com", "name": name})
    assert_problem(response, 422, "name")


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("status", "done", ["open", "in_progress", "pending", "resolved", "closed"]),
        ("priority", "asap", ["low", "medium", "high", "urgent"]),
    ],
)
def test_an_unknown_enum_value_names_the_allowed_values(api: Api, seeded, field, value, allowed):
    for response in (
        api.client.post("/api/tickets", json=_ticket_body(seeded, **{field: value})),
        api.client.patch(f"/api/tickets/{seeded['ticket']['id']}", json={field: value}),
        api.client.get("/api/tickets", params={field: value}),
    ):
        problem = assert_problem(response, 422, field)
        message = message_for(problem, field)
        assert value in message
        for name in allowed:
            assert name in message


def test_an_unknown_sort_names_the_allowed_orders(api: Api, seeded) -> None:
    problem = assert_problem(api.client.get("/api/tickets", params={"sort": "title"}), 422, "sort")
    for order in (
        "created_at",
        "-created_at",
        "updated_at",
        "-updated_at",
        "priority",
        "-priority",
    ):
        assert order in message_for(problem, "sort")


@pytest.mark.parametrize(
    ("method", "path", "body", "unknown"),
    [
        ("POST", "/api/users", {"email": "u@example.com", "name": "U", "nick": "a"}, "nick"),
        ("POST", "/api/tickets", {"title": "t", "content": "c", "requester_id": 1, "x": 1}, "x"),
        ("PATCH", "/api/tickets/{ticket}", {"role": "x"}, "role"),
        ("PUT", "/api/tickets/{ticket}", {"title": "t", "role": "x"}, "role"),
        ("PATCH", "/api/tickets/{ticket}", {"requester_id": 2}, "requester_id"),
        ("PATCH", "/api/tickets/{ticket}", {"version": 7}, "version"),
        ("POST", "/api/tickets/{ticket}/replies", {"author_id": 1, "content": "c", "y": 1}, "y"),
    ],
)
def test_an_unknown_field_is_422_naming_it(api: Api, seeded, method, path, body, unknown) -> None:
    url = path.format(ticket=seeded["ticket"]["id"])
    problem = assert_problem(api.client.request(method, url, json=body), 422, unknown)
    assert "known" in message_for(problem, unknown)


# --- references, conflicts and missing things ----------------------------------


def test_a_ticket_for_an_unknown_requester_is_422_naming_requester_id(api: Api, seeded) -> None:
    body = _ticket_body(seeded, requester_id=9999)
    problem = assert_problem(api.client.post("/api/tickets", json=body), 422, "requester_id")
    assert "9999" in message_for(problem, "requester_id")


def test_a_ticket_for_an_unknown_assignee_is_422_naming_assignee_id(api: Api, seeded) -> None:
    body = _ticket_body(seeded, assignee_id=9999)
    assert_problem(api.client.post("/api/tickets", json=body), 422, "assignee_id")


def test_assigning_an_unknown_user_is_422_naming_assignee_id(api: Api, seeded) -> None:
    url = f"/api/tickets/{seeded['ticket']['id']}"
    body = {"assignee_id": 9999, "title": "changed too"}
    assert_problem(api.client.patch(url, json=body), 422, "assignee_id")


@pytest.mark.parametrize("author", ["agent", "requester", "unknown"])
def test_a_reply_in_someone_elses_name_is_403(api: Api, seeded, author: str) -> None:
    url = f"/api/tickets/{seeded['ticket']['id']}/replies"
    author_id = seeded[author]["id"] if author != "unknown" else 9999
    problem = assert_problem(
        api.client.post(url, json={"author_id": author_id, "content": "hi"}), 403
    )
    assert "signed-in" in problem["detail"]


@pytest.mark.parametrize("content", ["", "   ", "x" * 20_001, "a\x00b"])
def test_an_invalid_reply_is_422_naming_content(api: Api, seeded, content: str) -> None:
    url = f"/api/tickets/{seeded['ticket']['id']}/replies"
    assert_problem(api.client.post(url, json={"content": content}), 422, "content")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/tickets/9999", None),
        ("PATCH", "/api/tickets/9999", {"title": "x"}),
        ("PUT", "/api/tickets/9999", {"title": "x"}),
        ("DELETE", "/api/tickets/9999", None),
        ("GET", "/api/tickets/9999/replies", None),
        ("POST", "/api/tickets/9999/replies", {"content": "x"}),
        ("GET", "/api/users/9999", None),
        ("DELETE", "/api/users/9999", None),
        ("GET", "/api/nothing-here", None),
    ],
)
def test_unknown_ids_are_404(api: Api, seeded, method: str, path: str, body) -> None:
    assert_problem(api.client.request(method, path, json=body), 404)


def test_a_duplicate_email_in_another_case_is_409(api: Api, seeded) -> None:
    body = {"email": " REQ@Example.com ", "name": "Someone else"}
    problem = assert_problem(api.client.post("/api/users", json=body), 409, "email")
    assert "req@example.com" in problem["detail"]


def test_deleting_a_user_who_still_has_tickets_is_409(api: Api, seeded) -> None:
    assert_problem(api.client.delete(f"/api/users/{seeded['requester']['id']}"), 409)


def test_an_invalid_status_transition_is_409(api: Api, seeded) -> None:
    url = f"/api/tickets/{seeded['closed']['id']}"
    problem = assert_problem(api.client.patch(url, json={"status": "resolved", "title": "x"}), 409)
    assert "closed" in problem["detail"] and "resolved" in problem["detail"]
    assert_problem(api.client.put(url, json={"status": "pending"}), 409)


def test_replying_to_a_closed_ticket_is_409(api: Api, seeded) -> None:
    url = f"/api/tickets/{seeded['closed']['id']}/replies"
    assert_problem(api.client.post(url, json={"content": "hello?"}), 409)


def test_a_wrong_method_is_405(api: Api, seeded) -> None:
    assert_problem(api.client.put("/api/tickets", json={}), 405)
    assert_problem(api.client.delete("/api/users"), 405)
