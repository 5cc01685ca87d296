from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from application.knowledge.errors import EmbeddingSpaceMismatch
from application.ports.embedder import EmbeddingSpace, Vector
from application.ports.vector_index import MetadataValue, VectorEntry, VectorMatch
from domain.knowledge import MetadataFilter


@dataclass
class _Collection:
    space: EmbeddingSpace
    ids: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    metadata: list[dict[str, MetadataValue]] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))


def _unit(vector: Vector, dimension: int) -> np.ndarray:
    array = np.asarray(vector, dtype=np.float32).reshape(-1)
    if array.shape[0] != dimension:
        raise ValueError(f"expected {dimension}-d vectors, got {array.shape[0]}-d")
    norm = float(np.linalg.norm(array))
    return array / norm if norm else array


class MemoryVectorIndex:
    """Exact cosine search over numpy arrays in process memory (tests and small demos)."""

    def __init__(self) -> None:
        self._collections: dict[str, _Collection] = {}

    def _get(self, name: str) -> _Collection:
        collection = self._collections.get(name)
        if collection is None:
            raise KeyError(f"no vector collection {name!r}")
        return collection

    async def open(self, name: str, space: EmbeddingSpace) -> None:
        existing = self._collections.get(name)
        if existing is None:
            self._collections[name] = _Collection(
                space, matrix=np.zeros((0, space.dimension), dtype=np.float32)
            )
        elif existing.space != space:
            raise EmbeddingSpaceMismatch(name, existing.space, space)

    async def space_of(self, name: str) -> EmbeddingSpace | None:
        collection = self._collections.get(name)
        return collection.space if collection else None

    async def upsert(self, name: str, entries: Sequence[VectorEntry]) -> None:
        c = self._get(name)
        vectors = [_unit(entry.embedding, c.space.dimension) for entry in entries]
        new_ids: list[str] = []
        new_rows: list[np.ndarray] = []
        for entry, vector in zip(entries, vectors, strict=True):
            row = c.rows.get(entry.id)
            if row is None:
                c.rows[entry.id] = len(c.ids) + len(new_ids)
                new_ids.append(entry.id)
                new_rows.append(vector)
                c.metadata.append(dict(entry.metadata))
            elif row >= len(c.ids):
                new_rows[row - len(c.ids)] = vector
                c.metadata[row] = dict(entry.metadata)
            else:
                c.matrix[row] = vector
                c.metadata[row] = dict(entry.metadata)
        if new_ids:
            c.ids.extend(new_ids)
            c.matrix = np.vstack([c.matrix, np.stack(new_rows)])

    async def delete(self, name: str, ids: Sequence[str]) -> None:
        c = self._collections.get(name)
        if c is None:
            return
        gone = {i for i in ids if i in c.rows}
        if not gone:
            return
        keep = [row for row, ident in enumerate(c.ids) if ident not in gone]
        c.ids = [c.ids[row] for row in keep]
        c.metadata = [c.metadata[row] for row in keep]
        c.matrix = c.matrix[keep]
        c.rows = {ident: row for row, ident in enumerate(c.ids)}

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
        c = self._get(name)
        if not c.ids:
            return []
        scores = c.matrix @ _unit(embedding, c.space.dimension)
        order = np.argsort(-scores, kind="stable")
        matches = []
        for row in order:
            if where is not None and not where.matches(c.metadata[row]):
                continue
            matches.append(
                VectorMatch(
                    c.ids[row],
                    float(scores[row]),
                    dict(c.metadata[row]) if with_metadata else {},
                    c.matrix[row].copy() if with_embeddings else None,
                )
            )
            if len(matches) == limit:
                break
        return matches

    async def get(self, name: str, ids: Sequence[str]) -> list[VectorEntry]:
        c = self._collections.get(name)
        if c is None:
            return []
        return [
            VectorEntry(i, c.matrix[c.rows[i]].copy(), dict(c.metadata[c.rows[i]]))
            for i in ids
            if i in c.rows
        ]

    async def count(self, name: str) -> int:
        c = self._collections.get(name)
        return len(c.ids) if c else 0

    async def drop(self, name: str) -> None:
        self._collections.pop(name, None)

    async def close(self) -> None:
        return None
