"""Schemathesis against the app's own OpenAPI document, as every role, every operation.

For each operation of `/schema/openapi.json` and each caller (anonymous, customer,
agent, admin), schemathesis generates requests from the document — valid ones
and invalid ones — and checks every answer:

- never a 5xx;
- the status code is one the document lists for that operation;
- the body matches the documented schema for that status, with the documented
  content type and headers;
- a request the document says is invalid is refused (4xx).

The app runs as `astratickets serve` over a SQLite database holding a few
accounts, tickets, replies and a knowledge article, so that generated ids
sometimes hit real records. The
number of examples per operation is bounded for CI (`OPENAPI_FUZZ_EXAMPLES`,
default 12).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.checks import negative_data_rejection

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.reliability.live_server import live_server, sign_in

EXAMPLES = int(os.environ.get("OPENAPI_FUZZ_EXAMPLES", "12"))
PASSWORD = "fuzzing-password-123"
ROLES = ("anonymous", "customer", "agent", "admin")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, dict]]]:
    """`astratickets serve` on SQLite with a little data; each role's headers."""
    folder: Path = tmp_path_factory.mktemp("openapi-fuzz")
    with live_server(f"sqlite:///{folder / 'fuzz.db'}", folder) as server:
        admin = httpx.Client(
            base_url=server.base_url,
            headers={"Authorization": f"Bearer {server.admin_token()}"},
            timeout=30,
        )
        tokens = {"admin": server.admin_token()}
        for role in ("agent", "customer"):
            email = f"{role}@example.com"
            created = admin.post(
                "/api/users",
                json={"email": email, "name": role.title(), "role": role, "password": PASSWORD},
            )
            assert created.status_code == 201, created.text
            tokens[role] = sign_in(server.base_url, email, PASSWORD)
        customer_id = admin.get("/api/users", params={"role": "customer"}).json()[0]["id"]
        for n in range(3):
            ticket = admin.post(
                "/api/tickets",
                json={"title": f"Ticket {n}", "content": "It broke.", "requester_id": customer_id},
            ).json()
            for internal in (False, True):
                admin.post(
                    f"/api/tickets/{ticket['id']}/replies",
                    json={"content": "Looking into it.", "internal": internal},
                )
        admin.post(
            "/api/kb/ingest",
            json={"documents": [{"id": "refunds", "title": "Refunds", "text": "Within 14 days."}]},
        )
        admin.close()
        headers = {role: {"Authorization": f"Bearer {token}"} for role, token in tokens.items()}
        yield server.base_url, {"anonymous": {}, **headers}


def _openapi_document() -> dict:
    """The document the server publishes at /schema/openapi.json (built without a server)."""
    app = create_app(build_container(Settings(database_url="memory://", secret_key="x" * 40)))
    return app.openapi_schema.to_schema()


schema = schemathesis.openapi.from_dict(_openapi_document())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_as_documented(case, running) -> None:
    """Each generated request is sent once per role (admin last: it may delete things)."""
    base_url, headers = running
    for role in ROLES:
        case.call_and_validate(
            base_url=base_url, headers={**(case.headers or {}), **headers[role]}, checks=CHECKS
        )
