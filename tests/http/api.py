"""A thin helper over the test client: act as someone, make things, read everything,
check problems."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from httpx import Response
from litestar.testing import TestClient

from domain.users import User
from entrypoints.container import Container
from tests.fakes import OffsetClock

PROBLEM_MEDIA_TYPE = "application/problem+json"
SECRET_KEY = "tests-only-signing-key-" + "0123456789abcdef" * 3
ADMIN_EMAIL = "root@helpdesk.test"
ADMIN_PASSWORD = "admin's long passphrase"
PASSWORD = "a good long passphrase"

T = TypeVar("T")
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


def assert_unauthorized(response: Response) -> dict[str, Any]:
    """401 problem details that tell the client to bring a bearer token."""
    problem = assert_problem(response, 401)
    assert response.headers.get("WWW-Authenticate", "").startswith("Bearer"), response.headers
    return problem


def when(value: str) -> datetime:
    """A timestamp of the API (ISO 8601; the fraction is left out when it is zero)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def message_for(problem: dict[str, Any], field: str) -> str:
    return next(e["message"] for e in problem["errors"] if e["field"] == field)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}{next(_serial)}@example.com"


class Server:
    """One running app (over one database) and the means to reach inside it."""

    def __init__(self, client: TestClient, container: Container, clock: OffsetClock) -> None:
        self.client = client
        self.container = container
        self.clock = clock

    def call(self, work: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run a coroutine function on the app's own event loop (where its connections live)."""
        return self.client.blocking_portal.call(work, *args)

    def token_for(self, user: User) -> str:
        """A token exactly as sign-in issues it."""
        return str(self.client.app.state.sessions.sign_in(user).access_token)

    def api_for(self, email: str) -> Api:
        """Signed in as the account with that e-mail, with a token made as sign-in makes
        them (signing in over HTTP has tests of its own; here it would only cost time)."""

        async def account() -> User:
            async with self.container.unit_of_work()(read_only=True) as uow:
                user = await uow.users.get_by_email(email)
            assert user is not None and user.id is not None, email
            return user

        return Api(self, Caller(self.client, self.token_for(self.call(account))))

    def api_for_admin(self) -> Api:
        return self.api_for(ADMIN_EMAIL)


class Caller:
    """The test client, sending one account's bearer token (or none: anonymous)."""

    def __init__(self, client: TestClient, token: str | None) -> None:
        self.raw = client
        self.token = token

    def request(self, method: str, url: str, **kwargs: Any) -> Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.token is not None and not any(k.lower() == "authorization" for k in headers):
            headers["Authorization"] = f"Bearer {self.token}"
        return self.raw.request(method, url, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Response:
        return self.request("DELETE", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> Response:
        return self.request("OPTIONS", url, **kwargs)


class Api:
    """The API as one caller sees it. `api.client` sends their token with every request."""

    def __init__(self, server: Server, client: Caller, me: dict[str, Any] | None = None) -> None:
        self.server = server
        self.client = client
        self._me = me
        self.password: str | None = None

    @property
    def me(self) -> dict[str, Any]:
        """The caller's account as GET /api/auth/me shows it (read once, when first needed)."""
        if self._me is None:
            response = self.client.get("/api/auth/me")
            assert response.status_code == 200, response.text
            self._me = response.json()
        return self._me

    @me.setter
    def me(self, value: dict[str, Any]) -> None:
        self._me = value

    @property
    def clock(self) -> OffsetClock:
        return self.server.clock

    @property
    def token(self) -> str | None:
        return self.client.token

    # --- who is calling --------------------------------------------------------

    def anonymous(self) -> Api:
        return Api(self.server, Caller(self.server.client, None))

    def with_token(self, token: str | None) -> Api:
        """The same account with another token (or none)."""
        return Api(self.server, Caller(self.server.client, token), self._me)

    def sign_in(self, email: str, password: str) -> Api:
        """Sign in through the OAuth2 form and act as that account from then on."""
        response = self.server.client.post(
            "/api/auth/token", data={"username": email, "password": password}
        )
        assert response.status_code == 200, response.text
        signed_in = self.with_token(response.json()["access_token"])
        me = signed_in.client.get("/api/auth/me")
        assert me.status_code == 200, me.text
        signed_in.me = me.json()
        signed_in.password = password
        return signed_in

    def account(
        self,
        role: str = "customer",
        email: str | None = None,
        name: str = "Someone",
        password: str = PASSWORD,
    ) -> Api:
        """A new account with a password (made by this caller), signed in."""
        address = email or unique_email(role)
        self.user(address, name, role=role, password=password)
        return self.sign_in(address, password)

    # --- making things -------------------------------------------------------

    def user(
        self,
        email: str | None = None,
        name: str = "Ada Lovelace",
        *,
        role: str | None = None,
        password: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"email": email or unique_email(), "name": name}
        if role is not None:
            body["role"] = role
        if password is not None:
            body["password"] = password
        response = self.client.post("/api/users", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def ticket(self, requester_id: int | None = None, **fields: Any) -> dict[str, Any]:
        body = {"title": "Printer on fire", "content": "It is on fire.", **fields}
        if requester_id is not None:
            body["requester_id"] = requester_id
        response = self.client.post("/api/tickets", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def reply(self, ticket_id: int, content: str = "On it.", **fields: Any) -> dict[str, Any]:
        """A reply written by this caller."""
        response = self.client.post(
            f"/api/tickets/{ticket_id}/replies", json={"content": content, **fields}
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

    def activity(self, ticket_id: int) -> list[dict[str, Any]]:
        response = self.client.get(f"/api/tickets/{ticket_id}/activity")
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
        """Everything a (staff) client can see: users, tickets, conversations and logs."""
        users = self.all_pages("/api/users")
        tickets = self.all_pages("/api/tickets", sort="created_at")
        replies, activity = {}, {}
        for ticket in tickets:
            response = self.client.get(f"/api/tickets/{ticket['id']}/replies")
            assert response.status_code == 200, response.text
            replies[ticket["id"]] = response.json()
            activity[ticket["id"]] = self.activity(ticket["id"])
        return {"users": users, "tickets": tickets, "replies": replies, "activity": activity}
