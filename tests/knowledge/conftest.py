"""Knowledge-base fixtures: fast in-memory wiring, and a real Chroma server for the contract.

`chroma_server_url` starts `chroma run` on a free loopback port once per session
and stops it afterwards. If it cannot start, its tests are skipped, unless
REQUIRE_SERVICES=1, which makes that a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from adapters.knowledge.bm25_index import Bm25Index
from adapters.knowledge.hashing_embedder import HashingEmbedder
from adapters.knowledge.memory_vector_index import MemoryVectorIndex
from adapters.memory import MemoryUnitOfWorkFactory
from application.knowledge.base import KnowledgeBase, KnowledgeLimits
from tests.chroma_server import ChromaServer, ChromaServerUnavailable
from tests.fakes import TickingClock


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but the Chroma server {reason}", pytrace=False)
    pytest.skip(f"the Chroma server {reason}")


@pytest.fixture(scope="session")
def chroma_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    try:
        server.start()
    except ChromaServerUnavailable as error:
        _unavailable(str(error))
    try:
        yield server.url
    finally:
        server.stop()


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
