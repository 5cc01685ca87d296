from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from application.ports.embedder import EmbeddingSpace, Vector
from domain.knowledge import MetadataFilter

MetadataValue = str | int | float | bool


@dataclass(frozen=True, slots=True)
class VectorEntry:
    id: str
    embedding: Vector
    metadata: Mapping[str, MetadataValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class VectorMatch:
    """`score` is the cosine similarity (1 = same direction)."""

    id: str
    score: float
    metadata: Mapping[str, MetadataValue]
    embedding: Vector | None = None


class VectorIndex(Protocol):
    """Named collections of vectors searched by cosine similarity.

    Every collection records the embedding space it was built in; opening it in
    another space raises EmbeddingSpaceMismatch, so vectors of two models never mix.
    Writes are upserts by id.
    """

    async def open(self, name: str, space: EmbeddingSpace) -> None:
        """Create the collection if needed; refuse it if it was built in another space."""

    async def space_of(self, name: str) -> EmbeddingSpace | None:
        """The space a collection was built in, or None if there is no such collection."""

    async def upsert(self, name: str, entries: Sequence[VectorEntry]) -> None: ...

    async def delete(self, name: str, ids: Sequence[str]) -> None:
        """Remove entries; unknown ids are ignored."""

    async def query(
        self,
        name: str,
        embedding: Vector,
        limit: int,
        where: MetadataFilter | None = None,
        *,
        with_embeddings: bool = False,
        with_metadata: bool = True,
    ) -> list[VectorMatch]:
        """The `limit` nearest entries matching `where`, best first (without metadata,
        `metadata` is empty: reading it is about half the cost of a query)."""

    async def get(self, name: str, ids: Sequence[str]) -> list[VectorEntry]:
        """The stored entries among `ids`, embeddings included."""

    async def count(self, name: str) -> int: ...

    async def drop(self, name: str) -> None:
        """Delete the whole collection (no error if it does not exist)."""

    async def close(self) -> None: ...
