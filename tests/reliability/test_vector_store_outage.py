"""The Chroma server goes away and comes back: the helpdesk keeps working, search says 503,
and every ticket written meanwhile is indexed once it is back.

A real `chroma run` server of the test's own (free port, own data folder) backs the
app (CHROMA_URL, hashing embedder) over SQLite or PostgreSQL. While it is stopped,
ticket intake, replies, listing and the dashboard answer as usual; searches,
suggestions, similar tickets and KB ingests answer 503 problem-details, fast. Once
the server is restarted on the same port and folder, the catch-up sweep indexes
the tickets written, changed and deleted during the outage, and the ticket index
queue ends empty.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.knowledge.chroma_vector_index import ChromaVectorIndex
from application.knowledge.base import TICKETS_COLLECTION
from application.knowledge.errors import VectorStoreUnavailable
from entrypoints.container import Container
from tests.chroma_server import ChromaServer, ChromaServerUnavailable
from tests.http.api import Api, Server, assert_problem
from tests.http.servers import fresh_api, running_server, settings_for
from tests.loopback import free_port

CATCH_UP_TIMEOUT_S = 30
FAST_ANSWER_S = 3.0  # a 503 comes at once (refused), never after a hang
SWEEP_INTERVAL_S = 0.25


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma")
    try:
        server.start()
    except ChromaServerUnavailable as error:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but the Chroma server {error}", pytrace=False)
        pytest.skip(f"the Chroma server {error}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(
    params=["sqlite_url", pytest.param("postgres_url", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgresql"],
)
def app(
    request: pytest.FixtureRequest, chroma: ChromaServer, tmp_path: Path
) -> Iterator[tuple[Server, Api]]:
    settings = settings_for(
        request.getfixturevalue(request.param),
        tmp_path,
        chroma_url=chroma.url,
        chroma_timeout_s=2.0,
        index_sweep_interval_s=SWEEP_INTERVAL_S,
    )
    with running_server(settings) as server:
        yield server, fresh_api(server)


async def _pending(container: Container) -> int:
    async with container.storage_unit_of_work()(read_only=True) as uow:
        return int(await uow.index_queue.pending())


def _indexed(server: Server, ticket_ids: list[int]) -> dict[int, Any]:
    """The index's entries of these tickets: id -> status, read from Chroma itself."""

    async def read() -> dict[int, Any]:
        vectors = server.container.vector_index()
        entries = await vectors.get(TICKETS_COLLECTION, [str(i) for i in ticket_ids])
        return {int(e.id): e.metadata["status"] for e in entries}

    return server.call(read)


def _timed(call: Any) -> Any:
    started = time.monotonic()
    response = call()
    elapsed = time.monotonic() - started
    assert elapsed < FAST_ANSWER_S, f"took {elapsed:.1f} s"
    return response


def _similar_ids(api: Api, ticket_id: int) -> set[int]:
    response = api.client.get(f"/api/tickets/{ticket_id}/similar", params={"n": 20})
    assert response.status_code == 200, response.text
    return {t["id"] for t in response.json()["similar"]}


def test_tickets_written_while_chroma_is_down_are_indexed_once_it_is_back(
    app: tuple[Server, Api], chroma: ChromaServer
) -> None:
    server, api = app
    requester = api.user()["id"]
    ingested = api.client.post(
        "/api/kb/ingest",
        json={"documents": [{"id": "vpn", "title": "VPN", "text": "Reconnect the VPN client."}]},
    )
    assert ingested.status_code == 201, ingested.text
    anchor = api.ticket(requester, title="VPN drops", content="The VPN drops every hour")
    changed = api.ticket(requester, title="VPN slow", content="The VPN is slow at night")
    doomed = api.ticket(requester, title="VPN gone", content="The VPN client vanished")
    deadline = time.monotonic() + CATCH_UP_TIMEOUT_S
    while _similar_ids(api, anchor["id"]) != {changed["id"], doomed["id"]}:  # the fast path
        assert time.monotonic() < deadline, "tickets were not indexed while Chroma was up"
        time.sleep(0.1)

    chroma.stop()
    during = [
        api.ticket(requester, title=f"VPN outage {n}", content=f"The VPN broke again ({n})")
        for n in range(3)
    ]
    api.patch(changed["id"], status="resolved")
    assert api.client.delete(f"/api/tickets/{doomed['id']}").status_code == 204
    api.reply(anchor["id"], "Looking into it")
    assert api.client.get("/api/tickets").status_code == 200
    assert api.client.get(f"/api/tickets/{during[0]['id']}").status_code == 200
    assert api.client.get("/api/stats/dashboard").status_code == 200

    refused = [
        _timed(lambda: api.client.post("/api/kb/search", json={"query": "vpn"})),
        _timed(lambda: api.client.get("/api/kb/suggest", params={"q": "vpn drops"})),
        _timed(lambda: api.client.get(f"/api/tickets/{anchor['id']}/similar")),
        _timed(
            lambda: api.client.post(
                "/api/kb/ingest", json={"documents": [{"id": "new", "text": "Half done?"}]}
            )
        ),
    ]
    for response in refused:
        problem = assert_problem(response, 503)
        assert problem["title"] == "Search unavailable", problem
        assert response.headers["Retry-After"]
    documents = api.client.get("/api/kb/documents").json()
    assert [d["id"] for d in documents] == ["vpn"]  # the refused ingest left nothing behind
    assert server.call(_pending, server.container) >= len(during) + 2

    chroma.start()
    wanted = {changed["id"], *(t["id"] for t in during)}
    deadline = time.monotonic() + CATCH_UP_TIMEOUT_S
    while not wanted <= _similar_ids(api, anchor["id"]):
        assert time.monotonic() < deadline, "the outage's tickets were never indexed"
        time.sleep(0.2)
    while server.call(_pending, server.container):
        assert time.monotonic() < deadline, "the ticket index queue never emptied"
        time.sleep(0.2)
    indexed = _indexed(server, [anchor["id"], changed["id"], doomed["id"]])
    assert set(indexed) == {anchor["id"], changed["id"]}  # the deleted one is gone
    assert indexed[changed["id"]] == "resolved"
    assert api.client.post("/api/kb/search", json={"query": "vpn"}).status_code == 200


def test_a_hung_chroma_server_costs_searches_the_timeout_and_ticket_writes_nothing(
    chroma: ChromaServer, sqlite_url: str, tmp_path: Path
) -> None:
    settings = settings_for(
        sqlite_url, tmp_path, chroma_url=chroma.url, chroma_timeout_s=1.0, index_sweep_interval_s=0
    )
    with running_server(settings) as server:
        api = fresh_api(server)
        requester = api.user()["id"]
        ticket = api.ticket(requester, title="VPN drops", content="Every hour")
        assert _similar_ids(api, ticket["id"]) == set()
        chroma.pause()
        try:
            started = time.monotonic()
            api.ticket(requester, title="VPN again", content="It hangs")  # indexing waits, not this
            written = time.monotonic() - started
            started = time.monotonic()
            problem = assert_problem(api.client.get(f"/api/tickets/{ticket['id']}/similar"), 503)
            refused = time.monotonic() - started
        finally:
            chroma.resume()
        assert problem["title"] == "Search unavailable"
        assert written < 1.0, f"a ticket write waited {written:.1f} s for the index"
        assert 1.0 <= refused < FAST_ANSWER_S, f"503 after {refused:.1f} s"


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_an_unreachable_chroma_url_fails_fast(kind: str) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0 if kind == "silent" else free_port()))
    port = listener.getsockname()[1]
    if kind == "silent":
        listener.listen(8)  # connections complete, nothing ever answers
    else:
        listener.close()
    try:
        index = ChromaVectorIndex(url=f"http://127.0.0.1:{port}", timeout_s=0.5)
        started = time.monotonic()
        with pytest.raises(VectorStoreUnavailable):
            asyncio.run(index.space_of(TICKETS_COLLECTION))
        assert time.monotonic() - started < FAST_ANSWER_S
    finally:
        listener.close()
