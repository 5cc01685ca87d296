from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.knowledge import MetadataFilter


@dataclass(frozen=True, slots=True)
class LexicalEntry:
    id: str
    text: str
    metadata: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class LexicalMatch:
    id: str
    score: float


LexicalLoader = Callable[[], Awaitable[Sequence[LexicalEntry]]]


class LexicalIndex(Protocol):
    """A keyword (BM25) ranker over a collection's chunks.

    It is a cache derived from the stored chunks: `search` names the
    collection's current revision and a loader, and the index reloads itself
    whenever the revision it holds is not that one.
    """

    async def search(
        self,
        collection: str,
        revision: int,
        load: LexicalLoader,
        query: str,
        limit: int,
        where: MetadataFilter | None = None,
    ) -> list[LexicalMatch]: ...

    def score(self, collection: str, query: str, ids: Sequence[str]) -> dict[str, float]:
        """BM25 scores of given entries (those the index holds) for `query`."""

    def forget(self, collection: str) -> None: ...
