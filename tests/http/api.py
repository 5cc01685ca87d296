"""A thin helper over the test client: make things, read everything, check problems."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from httpx import Response
from litestar.testing import TestClient

PROBLEM_MEDIA_TYPE = "application/problem+json"

_serial = itertools.count(1)


def assert_problem(response: Response, status: int, *fields: str) -> dict[str, Any]:
    """The response is an RFC 9457 problem with `status`; `fields` are among its errors."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE), response.headers
    body = response.json()
    assert isinstance(body, dict), body
    assert body["status"] == status
    for key in ("type", "title", "detail"):
        assert isinstance(body[key], str) and body[key], (key, body)
    assert body["type"].startswith("https://"), body
    errors = body.get("errors", [])
    assert isinstance(errors, list)
    for error in errors:
        assert set(error) == {"field", "message"}, error
        assert isinstance(error["field"], str) and isinstance(error["message"], str)
    named = {error["field"] for error in errors}
    for field in fields:
        assert field in named, (field, body)
    return body


def when(value: str) -> datetime:
    """A timestamp of the API (ISO 8601; the fraction is left out when it is zero)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def message_for(problem: dict[str, Any], field: str) -> str:
    return next(e["message"] for e in problem["errors"] if e["field"] == field)


class Api:
    def __init__(self, client: TestClient) -> None:
        self.client = client

    # --- making things -------------------------------------------------------

    def user(self, email: str | None = None, name: str = "Ada Lovelace") -> dict[str, Any]:
        address = email or f"user{next(_serial)}@example.com"
        response = self.client.post("/api/users", json={"email": address, "name": name})
        assert response.status_code == 201, response.text
        return response.json()

    def ticket(self, requester_id: int, **fields: Any) -> dict[str, Any]:
        body = {"title": "Printer on fire", "content": "It is on fire.", **fields}
        body["requester_id"] = requester_id
        response = self.client.post("/api/tickets", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def reply(
        self, ticket_id: int, author_id: int, content: str = "On it.", **fields: Any
    ) -> dict[str, Any]:
        response = self.client.post(
            f"/api/tickets/{ticket_id}/replies",
            json={"author_id": author_id, "content": content, **fields},
        )
        assert response.status_code == 201, response.text
        return response.json()

    def patch(self, ticket_id: int, **fields: Any) -> dict[str, Any]:
        response = self.client.patch(f"/api/tickets/{ticket_id}", json=fields)
        assert response.status_code == 200, response.text
        return response.json()

    # --- reading things ------------------------------------------------------

    def get_ticket(self, ticket_id: int) -> dict[str, Any]:
        response = self.client.get(f"/api/tickets/{ticket_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def all_pages(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a list endpoint, following the Link header's `next`."""
        items: list[dict[str, Any]] = []
        response = self.client.get(path, params={"page_size": 100, **params})
        while True:
            assert response.status_code == 200, response.text
            items.extend(response.json())
            following = response.links.get("next")
            if following is None:
                return items
            response = self.client.get(following["url"])

    def snapshot(self) -> dict[str, Any]:
        """Everything a client can see: users, tickets and every conversation."""
        users = self.all_pages("/api/users")
        tickets = self.all_pages("/api/tickets", sort="created_at")
        replies = {}
        for ticket in tickets:
            response = self.client.get(f"/api/tickets/{ticket['id']}/replies")
            assert response.status_code == 200, response.text
            replies[ticket["id"]] = response.json()
        return {"users": users, "tickets": tickets, "replies": replies}
