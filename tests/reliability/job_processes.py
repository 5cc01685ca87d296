"""Real processes for job fault tests: a Redis of the test's own, and `astratickets worker`s.

- `RedisServer`: redis-server on a free loopback port without persistence
  (`--save ""`, no AOF), so `kill()` then `start()` is a restart that loses every
  queued job, on the same port (clients reconnect by themselves, or not at all);
- `worker_process`: `astratickets worker` with the server's environment, in its own
  process group, stopped (or killed) when the context ends; `kill_9` kills it
  mid-whatever it is doing;
- `job_outcomes`: what the database holds for each ticket's AI work, counted
  straight from the tables (drafts, triages, their activity entries, the job).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
from sqlalchemy import func, select

from adapters.sql.ai_tables import ai_drafts, ai_jobs, ai_triage
from adapters.sql.engine import create_engine
from adapters.sql.tables import ticket_activity
from tests.loopback import free_port
from tests.reliability.live_server import stop_process

START_TIMEOUT_S = 20


class RedisServer:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.process is None, "already running"
        self.starts += 1
        log = self.workdir / f"redis-{self.port}-{self.starts}.log"
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", str(self.workdir),
        ]  # fmt: skip
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        try:
            wait_until(lambda: _pings(client), START_TIMEOUT_S, f"redis on {self.port} to start")
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL: no shutdown, no save; every client connection drops."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def queued_jobs(self, queue: str) -> int:
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        try:
            return int(client.llen(f"saq:{queue}:queued"))
        finally:
            client.close()


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.exceptions.ConnectionError:
        return False


@contextmanager
def redis_server(workdir: Path) -> Iterator[RedisServer]:
    server = RedisServer(workdir)
    server.start()
    try:
        yield server
    finally:
        server.kill()


@contextmanager
def worker_process(
    environment: Mapping[str, str], workdir: Path, name: str, *, concurrency: int = 2
) -> Iterator[subprocess.Popen[bytes]]:
    log = workdir / f"worker-{name}.log"
    command = [
        sys.executable, "-m", "entrypoints.cli", "worker", "--concurrency", str(concurrency),
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=dict(environment), stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield process
    finally:
        stop_process(process)


def kill_9(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def wait_until(check: Callable[[], bool], within_s: float, what: str) -> None:
    deadline = time.monotonic() + within_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within_s} s waiting for {what}")
        time.sleep(0.2)


@dataclass(frozen=True)
class JobOutcome:
    drafts: int
    triages: int
    drafted_entries: int  # activity entries `ai_drafted`
    triaged_entries: int  # activity entries `ai_triaged`
    job_status: str | None
    job_attempts: int | None
    draft_models: tuple[str, ...]


def job_outcomes(database_url: str, ticket_ids: Sequence[int]) -> dict[int, JobOutcome]:
    return asyncio.run(_job_outcomes(database_url, list(ticket_ids)))


async def _job_outcomes(database_url: str, ticket_ids: list[int]) -> dict[int, JobOutcome]:
    engine = create_engine(database_url, pool_size=1)

    async def counts(connection, table, *where) -> dict[int, int]:
        query = (
            select(table.c.ticket_id, func.count())
            .where(table.c.ticket_id.in_(ticket_ids), *where)
            .group_by(table.c.ticket_id)
        )
        return {tid: n for tid, n in (await connection.execute(query)).all()}

    try:
        async with engine.connect() as connection:
            drafts = await counts(connection, ai_drafts)
            triages = await counts(connection, ai_triage)
            action = ticket_activity.c.action
            drafted = await counts(connection, ticket_activity, action == "ai_drafted")
            triaged = await counts(connection, ticket_activity, action == "ai_triaged")
            jobs = {
                row.ticket_id: row
                for row in await connection.execute(
                    select(ai_jobs).where(ai_jobs.c.ticket_id.in_(ticket_ids))
                )
            }
            models: dict[int, list[str]] = {}
            for tid, model in await connection.execute(
                select(ai_drafts.c.ticket_id, ai_drafts.c.model).where(
                    ai_drafts.c.ticket_id.in_(ticket_ids)
                )
            ):
                models.setdefault(tid, []).append(model)
    finally:
        await engine.dispose()
    return {
        tid: JobOutcome(
            drafts=drafts.get(tid, 0),
            triages=triages.get(tid, 0),
            drafted_entries=drafted.get(tid, 0),
            triaged_entries=triaged.get(tid, 0),
            job_status=jobs[tid].status if tid in jobs else None,
            job_attempts=jobs[tid].attempts if tid in jobs else None,
            draft_models=tuple(models.get(tid, ())),
        )
        for tid in ticket_ids
    }
