"""PostgreSQL goes away mid-use and comes back: clean 503s, then recovery without a restart.

The app reaches PostgreSQL through a TCP proxy on loopback that the test can cut:
cutting it drops every open connection and refuses new ones, as a database
restart does. While it is cut, reads and writes answer 503 problem-details with
`Retry-After` (never a 500, never a hang); once it is back, the same app
process serves again by itself, and nothing written before the outage is lost.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.http.api import Api, assert_problem
from tests.http.servers import fresh_api, running_server, settings_for

RECOVERY_TIMEOUT_S = 20


class CuttableProxy:
    """Forwards a loopback port to a server; `cut()` drops everything, `restore()` reopens."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
        except OSError:
            writer.close()
            return
        self.writers.update({writer, upstream_writer})
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    async def _open(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()
        await self.server.wait_closed()

    def restore(self) -> None:
        self._call(self._open())

    def cut(self) -> None:
        self._call(self._close())

    def stop(self) -> None:
        if self.server is not None and self.server.is_serving():
            self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture
def proxied(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Api, CuttableProxy]]:
    url = make_url(postgres_url)
    proxy = CuttableProxy(url.port or 5432)
    proxy.restore()
    through_proxy = url.set(port=proxy.port).render_as_string(hide_password=False)
    try:
        with running_server(settings_for(through_proxy, tmp_path)) as server:
            yield fresh_api(server), proxy
    finally:
        proxy.stop()


def _eventually_ok(api: Api, url: str) -> float:
    started = time.monotonic()
    while True:
        response = api.client.get(url)
        if response.status_code == 200:
            return time.monotonic() - started
        assert response.status_code == 503, response.text
        assert time.monotonic() - started < RECOVERY_TIMEOUT_S, "no recovery"
        time.sleep(0.5)


@pytest.mark.postgres
def test_an_outage_gives_503s_and_the_same_process_recovers(proxied) -> None:
    api, proxy = proxied
    requester = api.user()
    before = api.ticket(requester["id"], title="Written before the outage")

    proxy.cut()
    answers = [
        api.client.get("/api/tickets"),
        api.client.get(f"/api/tickets/{before['id']}"),
        api.client.post(
            "/api/tickets",
            json={"title": "During", "content": "outage", "requester_id": requester["id"]},
        ),
        api.client.post(f"/api/tickets/{before['id']}/replies", json={"content": "hello"}),
    ]
    for answer in answers:
        problem = assert_problem(answer, 503)
        assert answer.headers["Retry-After"]
        assert "try again" in problem["detail"]

    proxy.restore()
    _eventually_ok(api, "/api/tickets")

    listed = api.client.get("/api/tickets").json()
    assert [t["title"] for t in listed] == ["Written before the outage"]
    after = api.ticket(requester["id"], title="Written after the outage")
    assert after["id"] > before["id"]
