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

    It is a cache derived from the stored chunks. Every committed write hands it
    its changes (`update`, from one collection revision to the next), so it stays
    current without reading the collection again. `search` names the revision it
    read and a loader (a unit of work of its own): an index behind that revision
    (changed by another process) is reloaded, in the background once it exists.
    """

    async def prepare(self, collection: str, revision: int, load: LexicalLoader) -> None:
        """Build the collection's index now (at start-up), so that no search waits for it."""

    async def search(
        self,
        collection: str,
        revision: int,
        load: LexicalLoader,
        query: str,
        limit: int,
        where: MetadataFilter | None = None,
    ) -> list[LexicalMatch]: ...

    async def update(
        self,
        collection: str,
        after: int,
        revision: int,
        added: Sequence[LexicalEntry] = (),
        removed: Sequence[str] = (),
    ) -> None:
        """A committed write took the collection from revision `after` to `revision`,
        adding (or replacing, by id) these chunks and removing those ids."""

    def score(self, collection: str, query: str, ids: Sequence[str]) -> dict[str, float]:
        """BM25 scores of given entries (those the index holds) for `query`."""
