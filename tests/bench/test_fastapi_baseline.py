"""The benchmark's FastAPI baseline answers its four endpoints correctly (SQLite).

The HTTP benchmark compares AstraTickets with this app; a baseline that silently
failed or skipped work would make that comparison meaningless.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.bench.fastapi_baseline.app import create_app, issue_token
from tests.bench.fastapi_baseline.database import create_schema, make_engine
from tests.bench.fastapi_baseline.models import User

SECRET = "baseline-test-secret-of-at-least-32-bytes"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'baseline.db'}"
    create_schema(url)
    engine = make_engine(url)
    with Session(engine) as db:
        db.add_all(
            [
                User(email="agent@example.com", name="Agent", role="agent"),
                User(email="customer@example.com", name="Customer", role="customer"),
            ]
        )
        db.commit()
    engine.dispose()
    with TestClient(create_app(url, SECRET)) as test_client:
        yield test_client


def auth(user_id: int) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(SECRET, user_id)}"}


def test_open_get_list_and_reply(client: TestClient) -> None:
    agent, customer = auth(1), auth(2)
    bodies = [
        {"title": "Login fails", "content": "Cannot sign in", "requester_id": 2},
        {"title": "Refund", "content": "Charged twice", "requester_id": 2, "priority": "high"},
        {"title": "Export", "content": "CSV?", "requester_id": 2, "status": "pending"},
    ]
    created = [client.post("/api/tickets", json=b, headers=agent) for b in bodies]
    assert [r.status_code for r in created] == [201, 201, 201]
    first = created[0].json()
    assert first["requester_id"] == 2 and first["status"] == "open" and first["version"] == 1

    got = client.get(f"/api/tickets/{first['id']}", headers=customer)
    assert got.status_code == 200 and got.json()["title"] == "Login fails"

    high = client.get("/api/tickets?priority=high&page=1&page_size=20", headers=agent)
    assert high.status_code == 200
    assert [t["title"] for t in high.json()] == ["Refund"]
    assert high.headers["X-Total-Count"] == "1"
    open_page = client.get("/api/tickets?status=open&page=1&page_size=1", headers=agent)
    assert len(open_page.json()) == 1 and open_page.headers["X-Total-Count"] == "2"

    reply = client.post(
        f"/api/tickets/{first['id']}/replies", json={"content": "On it"}, headers=agent
    )
    assert reply.status_code == 201
    assert reply.json()["ticket_id"] == first["id"] and reply.json()["author_id"] == 1


def test_refuses_what_it_should(client: TestClient) -> None:
    assert client.get("/api/tickets/1").status_code in (401, 403)
    assert client.get("/api/tickets/1", headers={"Authorization": "Bearer x"}).status_code == 401
    assert client.get("/api/tickets/999", headers=auth(1)).status_code == 404
    no_requester = client.post("/api/tickets", json={"title": "t", "content": "c"}, headers=auth(1))
    assert no_requester.status_code == 422
    assert client.get("/api/tickets?status=nonsense", headers=auth(1)).status_code == 422
