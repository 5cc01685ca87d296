"""Real processes on loopback for tests of a whole deployment (docs/deploy.md).

`Processes` starts each command in a session (process group) of its own with its
output in a log file under a working folder, and stops every process it started,
newest first (SIGTERM to the group, SIGKILL after a grace period), when its
context ends, whatever happened. Helpers start the services a deployment needs:
a Redis of its own (`redis-server`, nothing saved), a Chroma server (`chroma run`)
and a PostgreSQL database created for the test and dropped afterwards.

A service that cannot be had (no `redis-server` or `chroma` command, no
PostgreSQL server) skips the test, unless REQUIRE_SERVICES=1, which makes that a
failure.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.sql.urls import async_database_url
from tests.databases import POSTGRES_SERVER_URL, services_required
from tests.loopback import command_path, free_port

STOP_GRACE_S = 20
LOG_TAIL_LINES = 150
POLL_INTERVAL_S = 0.2


def unavailable(reason: str) -> None:
    """Skip the test for want of a service, or fail it under REQUIRE_SERVICES=1."""
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def running(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = LOG_TAIL_LINES) -> str:
        return "\n".join(self.output().splitlines()[-lines:])

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
        except ProcessLookupError:
            self.popen.wait()


@dataclass
class Processes:
    """The processes one test started, with their logs under `workdir`."""

    workdir: Path
    started: list[Process] = field(default_factory=list)

    def start(
        self, name: str, command: Sequence[str], env: Mapping[str, str] | None = None
    ) -> Process:
        log = self.workdir / f"{name}.log"
        with log.open("wb") as output:
            popen = subprocess.Popen(
                list(command),
                env=dict(env) if env is not None else None,
                cwd=self.workdir,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()

    def report(self) -> str:
        """The end of every process's log, for a failure report."""
        parts = []
        for process in self.started:
            state = "running" if process.running() else f"exited {process.popen.returncode}"
            parts.append(f"===== {process.name} ({state}): {process.log}\n{process.tail()}")
        return "\n".join(parts)

    def wait_until(self, ready: Callable[[], bool], what: str, timeout_s: float) -> None:
        """Poll `ready` until it holds; fail, with the logs, when a process this test
        started exits meanwhile or when `timeout_s` passes."""
        deadline = time.monotonic() + timeout_s
        while True:
            if ready():
                return
            dead = [p for p in self.started if not p.running()]
            if dead:
                names = ", ".join(f"{p.name} (exit {p.popen.returncode})" for p in dead)
                raise RuntimeError(f"while waiting for {what}: {names} exited\n{self.report()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what}: not within {timeout_s:g} s\n{self.report()}")
            time.sleep(POLL_INTERVAL_S)


@contextmanager
def processes(workdir: Path) -> Iterator[Processes]:
    group = Processes(workdir)
    try:
        yield group
    finally:
        group.stop_all()


def answers(url: str) -> bool:
    """Whether `url` answers 200 now."""
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(group: Processes, *, timeout_s: float = 30) -> str:
    """A Redis of this test's own on a free port, keeping nothing on disk; its URL."""
    command = command_path("redis-server")
    if command is None:
        unavailable("the command `redis-server` is not installed")
    assert command is not None
    port = free_port()
    group.start(
        "redis",
        [command, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    )
    group.wait_until(lambda: _redis_answers(port), "redis-server", timeout_s)
    return f"redis://127.0.0.1:{port}/0"


def start_chroma(group: Processes, *, timeout_s: float = 90) -> str:
    """`chroma run` on a free port with its data in the working folder; its URL."""
    command = command_path("chroma")
    if command is None:
        unavailable("the command `chroma` is not installed")
    assert command is not None
    port = free_port()
    data = group.workdir / "chroma-data"
    group.start(
        "chroma",
        [command, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        {**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    group.wait_until(lambda: answers(f"{url}/api/v2/heartbeat"), "chroma run", timeout_s)
    return url


async def _maintain(server_url: str, statement: str) -> None:
    engine = create_async_engine(
        async_database_url(server_url),
        isolation_level="AUTOCOMMIT",
        connect_args={"timeout": 5},
        pool_size=1,
    )
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@contextmanager
def postgres_database(label: str, server_url: str = POSTGRES_SERVER_URL) -> Iterator[str]:
    """A new, empty PostgreSQL database named `astratickets_<label>_<random>`, dropped
    (with any connection left to it) at the end; its URL."""
    name = f"astratickets_{label}_{secrets.token_hex(4)}"
    try:
        asyncio.run(_maintain(server_url, f"CREATE DATABASE \"{name}\" ENCODING 'UTF8'"))
    except Exception as error:  # unreachable server, refused login, ...
        shown = make_url(server_url).render_as_string(hide_password=True)
        unavailable(f"PostgreSQL at {shown} is unavailable ({type(error).__name__}: {error})")
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_maintain(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
