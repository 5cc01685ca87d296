"""Many people writing to one ticket at once, through a real server with two workers.

- 50 agent sessions change the same ticket with `If-Match`, round after round: in each
  round exactly one wins (200) and the 49 others get 412; the winner's change
  is stored whole, and the log holds exactly one entry per round.
- 200 replies posted at once to one ticket are all stored, once each, in the
  order the server accepted them; the ticket, its list and the dashboard agree.

Both on SQLite (two processes sharing one file) and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.reliability.live_server import LiveServer, live_server

AGENTS = 50  # concurrent agent sessions, over ACCOUNTS accounts (real Argon2 per sign-in)
ACCOUNTS = 10
ROUNDS = 3
REPLIES = 200
AGENT_PASSWORD = "agent-password-123"


@pytest.fixture(
    params=["sqlite_url", pytest.param("postgres_url", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgresql"],
)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(request.getfixturevalue(request.param), tmp_path, workers=2) as running:
        yield running


def _client(server: LiveServer, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=server.base_url,
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
        limits=httpx.Limits(max_connections=AGENTS + 10),
    )


async def _agents(server: LiveServer, admin: httpx.AsyncClient, count: int) -> list[str]:
    """`count` agent accounts, created and signed in concurrently; their tokens."""

    async def one(i: int) -> str:
        email = f"agent{i}@example.com"
        created = await admin.post(
            "/api/users",
            json={
                "email": email,
                "name": f"Agent {i}",
                "role": "agent",
                "password": AGENT_PASSWORD,
            },
        )
        assert created.status_code == 201, created.text
        token = await admin.post(
            "/api/auth/token", json={"email": email, "password": AGENT_PASSWORD}
        )
        assert token.status_code == 200, token.text
        return token.json()["access_token"]

    return list(await asyncio.gather(*(one(i) for i in range(count))))


async def _new_ticket(admin: httpx.AsyncClient) -> dict:
    customer = await admin.post(
        "/api/users", json={"email": "customer@example.com", "name": "Customer"}
    )
    assert customer.status_code == 201, customer.text
    ticket = await admin.post(
        "/api/tickets",
        json={
            "title": "Card declined",
            "content": "My card is declined at every shop.",
            "requester_id": customer.json()["id"],
        },
    )
    assert ticket.status_code == 201, ticket.text
    return ticket.json()


async def test_fifty_agents_racing_with_if_match_leave_one_winner_per_version(
    server: LiveServer,
) -> None:
    async with _client(server, server.admin_token()) as admin:
        ticket = await _new_ticket(admin)
        tokens = await _agents(server, admin, ACCOUNTS)
        clients = [_client(server, tokens[i % ACCOUNTS]) for i in range(AGENTS)]
        url = f"/api/tickets/{ticket['id']}"
        winners: list[str] = []
        try:
            for round_ in range(ROUNDS):
                etag = (await admin.get(url)).headers["ETag"]
                titles = [f"round {round_} by agent {i}" for i in range(AGENTS)]
                responses = await asyncio.gather(
                    *(
                        client.patch(
                            url,
                            json={"title": title, "priority": ["low", "high"][i % 2]},
                            headers={"If-Match": etag},
                        )
                        for i, (client, title) in enumerate(zip(clients, titles, strict=True))
                    )
                )
                statuses = sorted(r.status_code for r in responses)
                assert statuses == [200] + [412] * (AGENTS - 1), statuses
                (won,) = [r.json() for r in responses if r.status_code == 200]
                winner = titles.index(won["title"])
                assert won["priority"] == ["low", "high"][winner % 2]  # whole, not half
                assert won["version"] == round_ + 2
                winners.append(won["title"])
        finally:
            await asyncio.gather(*(client.aclose() for client in clients))

        stored = (await admin.get(url)).json()
        log = (await admin.get(f"{url}/activity")).json()

    assert stored["title"] == winners[-1]
    assert stored["version"] == ROUNDS + 1
    title_changes = [e["details"]["title"]["to"] for e in log if "title" in e.get("details", {})]
    assert title_changes == winners


async def test_two_hundred_concurrent_replies_are_all_stored_once_in_order(
    server: LiveServer,
) -> None:
    async with _client(server, server.admin_token()) as admin:
        ticket = await _new_ticket(admin)
        tokens = await _agents(server, admin, ACCOUNTS)
        clients = [_client(server, token) for token in tokens]
        url = f"/api/tickets/{ticket['id']}/replies"
        sent = [f"reply number {i}" for i in range(REPLIES)]
        try:
            responses = await asyncio.gather(
                *(
                    clients[i % len(clients)].post(url, json={"content": text})
                    for i, text in enumerate(sent)
                )
            )
        finally:
            await asyncio.gather(*(client.aclose() for client in clients))
        assert [r.status_code for r in responses] == [201] * REPLIES, [
            r.text for r in responses if r.status_code != 201
        ][:3]
        accepted = sorted((r.json() for r in responses), key=lambda r: r["id"])

        listed = await admin.get(url)
        stored_ticket = (await admin.get(f"/api/tickets/{ticket['id']}")).json()
        today = datetime.now(UTC).date()
        dashboard = (
            await admin.get(
                "/api/stats/dashboard",
                params={
                    "from": str(today - timedelta(days=1)),
                    "to": str(today + timedelta(days=1)),
                },
            )
        ).json()

    assert listed.status_code == 200, listed.text
    replies = listed.json()
    assert sorted(r["content"] for r in replies) == sorted(sent)  # every one, once
    assert sorted(replies, key=lambda r: r["id"]) == accepted  # stored as each POST answered
    # The conversation reads in the order the server accepted the replies. Times are
    # compared as instants: one stored on a whole second is written without a
    # fraction, so the strings do not sort like the times.
    conversation = [(datetime.fromisoformat(r["created_at"]), r["id"]) for r in replies]
    assert conversation == sorted(conversation)
    assert stored_ticket["version"] == ticket["version"]  # replies never conflict with edits
    assert dashboard["totals"]["created"] == 1
    assert dashboard["totals"]["open_now"] == 1
    assert dashboard["sla"]["first_response"]["met"] == 1  # the first of the 200 replies
