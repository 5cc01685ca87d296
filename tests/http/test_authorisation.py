"""The authorisation matrix: every route of the app x every kind of caller -> a status.

The routes come from the app's own route table, each with the access level it
declares in `opt["access"]` (entrypoints/http/auth.py). RULES below says, per
route, how to call it and what each caller must get; a route without a rule,
a rule without a route, or a route whose declared access differs from its
rule fails `test_every_route_has_a_rule`, and the matrix test of that route.

Callers: anonymous (no token), a deactivated account (its token was good a
moment ago), an admin, an agent, the customer who requested the ticket
("owner") and another customer ("other"). The general rules:
- public routes answer everyone alike;
- everything else is 401 for anonymous and deactivated callers;
- staff routes are 403 for customers, admin routes 403 for agents and customers;
- a customer asking for another customer's ticket is told it does not exist (404).

Runs on SQLite and on PostgreSQL, one world (accounts, a ticket, a reply) per
backend for the module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from httpx import Response

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.databases import empty_server_database
from tests.http.api import (
    PASSWORD,
    SECRET_KEY,
    Api,
    assert_problem,
    assert_unauthorized,
    unique_email,
)
from tests.http.servers import LIGHT_KNOWLEDGE_BASE, fresh_api, wipe_sqlite

CALLERS = ("anonymous", "deactivated", "admin", "agent", "owner", "other")
PUBLIC, SIGNED_IN, STAFF, ADMIN = "public", "signed_in", "staff", "admin"
SCHEMA_PREFIX = "/schema"  # the OpenAPI plugin's routes: excluded from authentication


@dataclass
class World:
    """What the callers act on: the owner's ticket with a reply, and the accounts."""

    admin: Api
    callers: dict[str, Api]
    ticket: dict[str, Any]
    reply: dict[str, Any]
    last: dict[str, Any] = field(default_factory=dict)  # what `fresh` made for this call

    @property
    def owner(self) -> Api:
        return self.callers["owner"]


def _new_user(world: World) -> dict[str, Any]:
    return {"user_id": world.admin.user()["id"]}


def _new_ticket(world: World) -> dict[str, Any]:
    return {"ticket_id": world.admin.ticket(world.owner.me["id"])["id"]}


def _new_reply(world: World) -> dict[str, Any]:
    return {"reply_id": world.admin.reply(world.ticket["id"], "to delete")["id"]}


def _new_document(world: World) -> dict[str, Any]:
    """A knowledge-base article (which also makes sure the collection exists)."""
    document_id = unique_email("doc").split("@")[0]
    response = world.admin.client.post(
        "/api/kb/ingest",
        json={"documents": [{"id": document_id, "title": "Passwords", "text": KB_TEXT}]},
    )
    assert response.status_code == 201, response.text
    return {"document_id": document_id}


def _new_draft(world: World) -> dict[str, Any]:
    """A pending AI draft on the world's ticket, made on demand (each call may decide it)."""
    response = world.admin.client.post(f"/api/ai/tickets/{world.ticket['id']}/suggest")
    assert response.status_code == 200, response.text
    return {"draft_id": response.json()["draft_id"]}


KB_TEXT = "To reset your password, open Settings, choose Security and follow the e-mail link."


@dataclass(frozen=True)
class Rule:
    """How to call one route, and what each caller gets.

    `access` is what the route must declare; `ok` what a caller who may gets;
    `only` lists exceptions per caller. `fresh` makes a new target for each
    call (for deletions), `json`/`form` build the body.
    """

    access: str
    ok: int
    only: dict[str, int] = field(default_factory=dict)
    json: Callable[[World], Any] | None = None
    form: Callable[[World], dict[str, str]] | None = None
    fresh: Callable[[World], dict[str, Any]] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    files: Callable[[World], dict[str, Any]] | None = None

    def expected(self, caller: str) -> int:
        if caller in self.only:
            return self.only[caller]
        if self.access == PUBLIC:
            return self.ok
        if caller in ("anonymous", "deactivated"):
            return 401
        if self.access == STAFF and caller in ("owner", "other"):
            return 403
        if self.access == ADMIN and caller != "admin":
            return 403
        return self.ok


NOT_YOURS = {"other": 404}
_DEFAULT_SLA_POLICY = {
    "targets": {
        name: {"first_response_minutes": first * 60, "resolution_minutes": resolution * 60}
        for name, first, resolution in (
            ("urgent", 1, 4),
            ("high", 4, 24),
            ("medium", 8, 72),
            ("low", 24, 168),
        )
    }
}  # another customer's ticket does not exist for a customer

RULES: dict[str, Rule] = {
    # --- public --------------------------------------------------------------------------
    "GET /health": Rule(PUBLIC, 200),
    "GET /docs": Rule(PUBLIC, 302),
    "GET /": Rule(PUBLIC, 200),
    "GET /{path:path}": Rule(PUBLIC, 200, params={"path": "tickets/42"}),
    "GET /schema": Rule(PUBLIC, 200),
    "GET /schema/swagger": Rule(PUBLIC, 200),
    "GET /schema/openapi.json": Rule(PUBLIC, 200),
    "GET /schema/oauth2-redirect.html": Rule(PUBLIC, 200),
    "GET /schema/{path:str}": Rule(PUBLIC, 404, params={"path": "nothing-here"}),
    "POST /api/auth/token": Rule(
        PUBLIC, 200, form=lambda w: {"username": w.owner.me["email"], "password": PASSWORD}
    ),
    "POST /api/auth/signup": Rule(
        PUBLIC,
        201,
        json=lambda w: {"email": unique_email("signup"), "name": "New", "password": PASSWORD},
    ),
    "GET /api/auth/options": Rule(PUBLIC, 200),
    # --- any signed-in account -----------------------------------------------------------
    "GET /api/auth/me": Rule(SIGNED_IN, 200),
    "POST /api/auth/refresh": Rule(SIGNED_IN, 200),
    # A wrong current password: refused (and counted, once per account) with nothing changed;
    # a right one would end the sessions the other rules' callers rely on.
    "POST /api/auth/password": Rule(
        SIGNED_IN,
        400,
        json=lambda w: {"current_password": "not my password", "new_password": "brand new words"},
    ),
    "GET /api/kb/suggest": Rule(
        SIGNED_IN, 200, fresh=_new_document, query={"q": "I forgot my password"}
    ),
    "GET /api/tickets": Rule(SIGNED_IN, 200),
    "POST /api/tickets": Rule(
        SIGNED_IN,
        201,
        only={"other": 403},  # a customer opens tickets for themself only
        json=lambda w: {"title": "t", "content": "c", "requester_id": w.owner.me["id"]},
    ),
    "GET /api/tickets/{ticket_id:int}": Rule(SIGNED_IN, 200, only=NOT_YOURS),
    "GET /api/tickets/{ticket_id:int}/replies": Rule(SIGNED_IN, 200, only=NOT_YOURS),
    "GET /api/tickets/{ticket_id:int}/satisfaction": Rule(SIGNED_IN, 200, only=NOT_YOURS),
    # only the requester may rate, and only a resolved ticket: the world's is open
    "POST /api/tickets/{ticket_id:int}/satisfaction": Rule(
        SIGNED_IN,
        409,
        only={"admin": 403, "agent": 403, **NOT_YOURS},
        json=lambda w: {"score": 5},
    ),
    "POST /api/tickets/{ticket_id:int}/replies": Rule(
        SIGNED_IN, 201, only=NOT_YOURS, json=lambda w: {"content": "hello"}
    ),
    # the target is the owner's account: staff read it, its owner too, nobody else
    "GET /api/users/{user_id:int}": Rule(SIGNED_IN, 200, only={"other": 404}),
    "PATCH /api/users/{user_id:int}": Rule(
        SIGNED_IN, 200, only={"agent": 403, "other": 404}, json=lambda w: {"name": "Renamed"}
    ),
    # --- staff ---------------------------------------------------------------------------
    "GET /api/users": Rule(STAFF, 200),
    "POST /api/users": Rule(
        STAFF, 201, json=lambda w: {"email": unique_email("added"), "name": "Added"}
    ),
    "PATCH /api/tickets/{ticket_id:int}": Rule(STAFF, 200, json=lambda w: {"priority": "high"}),
    "PUT /api/tickets/{ticket_id:int}": Rule(STAFF, 200, json=lambda w: {"priority": "low"}),
    "DELETE /api/tickets/{ticket_id:int}": Rule(STAFF, 204, fresh=_new_ticket),
    "DELETE /api/tickets/{ticket_id:int}/replies/{reply_id:int}": Rule(
        STAFF, 204, fresh=_new_reply
    ),
    "GET /api/tickets/{ticket_id:int}/activity": Rule(STAFF, 200),
    "GET /api/tickets/{ticket_id:int}/similar": Rule(STAFF, 200),
    "POST /api/kb/search": Rule(
        STAFF, 200, fresh=_new_document, json=lambda w: {"query": "reset password"}
    ),
    "GET /api/sla/policies": Rule(STAFF, 200),
    "GET /api/tickets/{ticket_id:int}/ai": Rule(STAFF, 200),
    "GET /api/tickets/{ticket_id:int}/drafts": Rule(STAFF, 200),
    "POST /api/tickets/{ticket_id:int}/drafts/{draft_id:int}/accept": Rule(
        STAFF, 201, fresh=_new_draft, json=lambda w: {}
    ),
    "POST /api/tickets/{ticket_id:int}/drafts/{draft_id:int}/reject": Rule(
        STAFF, 200, fresh=_new_draft, json=lambda w: {"reason": "Not what they asked"}
    ),
    "POST /api/ai/tickets/{ticket_id:int}/suggest": Rule(STAFF, 200),
    "GET /api/stats/dashboard": Rule(STAFF, 200),
    "GET /api/stats/dashboard.csv": Rule(STAFF, 200),
    "GET /api/ai/classifier": Rule(STAFF, 200),
    # one category description is not enough for zero-shot: still no category model
    "POST /api/ai/classify": Rule(STAFF, 409, json=lambda w: {"texts": ["printer on fire"]}),
    "GET /api/ai/categories": Rule(STAFF, 200),
    "POST /api/ai/chat": Rule(STAFF, 200, json=lambda w: {"query": "reset password"}),
    "POST /api/tickets/import": Rule(
        STAFF,
        201,
        json=lambda w: [{"title": "t", "content": "c", "requester_email": w.owner.me["email"]}],
    ),
    # --- admins --------------------------------------------------------------------------
    "POST /api/kb/ingest": Rule(
        ADMIN,
        201,
        json=lambda w: {"documents": [{"title": "Printers", "text": "Turn it off and on."}]},
    ),
    "POST /api/kb/documents/upload": Rule(
        ADMIN,
        201,
        files=lambda w: {"file": ("faq.md", f"# FAQ\n\n{KB_TEXT}".encode(), "text/markdown")},
    ),
    "GET /api/kb/documents": Rule(ADMIN, 200, fresh=_new_document),
    "GET /api/kb/documents/{document_id:str}": Rule(ADMIN, 200, fresh=_new_document),
    "DELETE /api/kb/documents/{document_id:str}": Rule(ADMIN, 204, fresh=_new_document),
    "POST /api/kb/delete": Rule(
        ADMIN, 200, fresh=_new_document, json=lambda w: {"ids": [w.last["document_id"]]}
    ),
    "DELETE /api/users/{user_id:int}": Rule(ADMIN, 204, fresh=_new_user),
    "PUT /api/sla/policies": Rule(ADMIN, 200, json=lambda w: _DEFAULT_SLA_POLICY),
    "GET /api/ai/provider": Rule(ADMIN, 200),
    "POST /api/ai/classifier/train": Rule(ADMIN, 202),
    "PUT /api/ai/categories": Rule(
        ADMIN, 200, json=lambda w: {"items": [{"name": "hardware", "description": "printers"}]}
    ),
}


def _declared_routes() -> dict[str, str | None]:
    """'METHOD /path' -> the access each handler of the app declares (None: nothing)."""
    settings = Settings(
        database_url="memory://",
        secret_key=SECRET_KEY,
        console_dist=Path("/nonexistent/console"),
        **LIGHT_KNOWLEDGE_BASE,
    )
    app = create_app(build_container(settings))
    routes: dict[str, str | None] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            for method in sorted(handler.http_methods):
                if method == "OPTIONS":  # Litestar's own CORS preflight answers; see below
                    continue
                access = handler.opt.get("access")
                routes[f"{method} {route.path}"] = None if access is None else str(access)
    return routes


ROUTES = _declared_routes()
PATHS = sorted({key.split(" ", 1)[1] for key in ROUTES})


def test_every_route_has_a_rule() -> None:
    unruled = sorted(set(ROUTES) - set(RULES))
    stale = sorted(set(RULES) - set(ROUTES))
    assert not unruled, f"routes without a rule in RULES (add one): {unruled}"
    assert not stale, f"rules for routes that no longer exist: {stale}"
    for key, declared in ROUTES.items():
        path = key.split(" ", 1)[1]
        if declared is None:
            assert path.startswith(SCHEMA_PREFIX), f"{key} declares no opt['access']"
            assert RULES[key].access == PUBLIC
        else:
            assert declared == RULES[key].access, (key, declared, RULES[key].access)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def world(request: pytest.FixtureRequest) -> World:
    """One world per backend for the whole module (each rule leaves it usable for the next:
    deletions act on fresh targets). Built on emptied tables, as `api` / `pg_api` are."""
    if request.param == "sqlite":
        wipe_sqlite(request.getfixturevalue("http_database"))
        server = request.getfixturevalue("_sqlite_server")
    else:
        empty_server_database(
            request.getfixturevalue("_maintenance_loop"),
            request.getfixturevalue("_postgres_database"),
        )
        server = request.getfixturevalue("_pg_server")
    api = fresh_api(server)
    agent, owner, other = api.account("agent"), api.account(), api.account()
    deactivated = api.account("agent")
    response = api.client.patch(f"/api/users/{deactivated.me['id']}", json={"active": False})
    assert response.status_code == 200, response.text
    ticket = api.ticket(owner.me["id"])
    reply = owner.reply(ticket["id"], "It is still broken")
    api.reply(ticket["id"], "internal", internal=True)
    callers = {
        "anonymous": api.anonymous(),
        "deactivated": deactivated,
        "admin": api,
        "agent": agent,
        "owner": owner,
        "other": other,
    }
    return World(api, callers, ticket, reply)


def _call(world: World, key: str, caller: str) -> Response:
    rule = RULES[key]
    method, path = key.split(" ", 1)
    values: dict[str, Any] = {
        "ticket_id": world.ticket["id"],
        "reply_id": world.reply["id"],
        "user_id": world.owner.me["id"],
        **rule.params,
    }
    if rule.fresh is not None:
        world.last = rule.fresh(world)
        values.update(world.last)
    url = re.sub(r"\{(\w+):\w+\}", r"{\1}", path).format(**values)
    kwargs: dict[str, Any] = {"follow_redirects": False}
    if rule.query:
        kwargs["params"] = rule.query
    if rule.json is not None:
        kwargs["json"] = rule.json(world)
    if rule.form is not None:
        kwargs["data"] = rule.form(world)
    if rule.files is not None:
        kwargs["files"] = rule.files(world)
    return world.callers[caller].client.request(method, url, **kwargs)


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_route_answers_each_caller_as_its_rule_says(world: World, key: str) -> None:
    assert key in RULES, f"{key} has no rule in RULES"
    outcomes = {}
    for caller in CALLERS:
        response = _call(world, key, caller)
        outcomes[caller] = (response.status_code, RULES[key].expected(caller))
        if response.status_code == 401:
            assert_unauthorized(response)
        elif response.status_code in (403, 404) and key.split(" ")[1].startswith("/api"):
            assert_problem(response, response.status_code)
    wrong = {c: o for c, o in outcomes.items() if o[0] != o[1]}
    assert not wrong, f"{key}: caller -> (got, expected): {wrong}"


def test_a_cors_preflight_needs_no_token(world: World) -> None:
    """Litestar answers OPTIONS on every path itself, before authentication."""
    anonymous = world.callers["anonymous"]
    for path in PATHS:
        url = re.sub(r"\{(\w+):(\w+)\}", lambda m: "1" if m.group(2) == "int" else "x", path)
        response = anonymous.client.options(url)
        assert response.status_code == 204, (path, response.status_code, response.text)
        assert response.content == b""
