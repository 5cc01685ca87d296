"""Knowledge-base fixtures: fast in-memory wiring, and a real Chroma server for the contract.

`chroma_server_url` starts `chroma run` on a free loopback port once per session
and stops it afterwards. If it cannot start, its tests are skipped, unless
REQUIRE_SERVICES=1, which makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.knowledge.bm25_index import Bm25Index
from adapters.knowledge.hashing_embedder import HashingEmbedder
from adapters.knowledge.memory_vector_index import MemoryVectorIndex
from adapters.memory import MemoryUnitOfWorkFactory
from application.knowledge.base import KnowledgeBase, KnowledgeLimits
from tests.fakes import TickingClock

CHROMA_START_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _chroma_command() -> list[str] | None:
    found = Path(sys.executable).parent / "chroma"
    if found.exists():
        return [str(found)]
    on_path = shutil.which("chroma")
    return [on_path] if on_path else None


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but the Chroma server {reason}", pytrace=False)
    pytest.skip(f"the Chroma server {reason}")


@pytest.fixture(scope="session")
def chroma_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    command = _chroma_command()
    if command is None:
        _unavailable("command `chroma` is not installed")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [*command, "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + CHROMA_START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                _unavailable(f"exited at start (see {data / 'server.log'})")
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                _unavailable(f"did not answer within {CHROMA_START_TIMEOUT_S} s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def make_kb(**limits: int) -> KnowledgeBase:
    return KnowledgeBase(
        uow=MemoryUnitOfWorkFactory(),
        embedder=HashingEmbedder(),
        vectors=MemoryVectorIndex(),
        lexical=Bm25Index(),
        clock=TickingClock(),
        limits=KnowledgeLimits(**limits) if limits else KnowledgeLimits(),
    )


@pytest.fixture
def kb() -> KnowledgeBase:
    return make_kb()
