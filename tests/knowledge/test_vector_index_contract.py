"""One contract for every VectorIndex: in memory, embedded Chroma, Chroma server."""

from __future__ import annotations

import math
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.knowledge.chroma_vector_index import ChromaVectorIndex
from adapters.knowledge.memory_vector_index import MemoryVectorIndex
from application.knowledge.errors import EmbeddingSpaceMismatch
from application.ports.embedder import EmbeddingSpace
from application.ports.vector_index import VectorEntry
from domain.knowledge import MetadataFilter

SPACE = EmbeddingSpace("test-model", 4)


def unit(*values: float) -> list[float]:
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


@pytest.fixture(
    params=[
        "memory",
        "chroma-embedded",
        pytest.param("chroma-server", marks=pytest.mark.chroma_server),
    ]
)
async def index(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Any]:
    if request.param == "memory":
        found: Any = MemoryVectorIndex()
    elif request.param == "chroma-embedded":
        found = ChromaVectorIndex(path=tmp_path / "vectors")
    else:
        found = ChromaVectorIndex(url=request.getfixturevalue("chroma_server_url"))
    yield found
    await found.close()


@pytest.fixture
def name() -> str:
    return f"c{uuid.uuid4().hex[:12]}"


ENTRIES = [
    VectorEntry("a", unit(1, 0, 0, 0), {"lang": "en", "views": 10}),
    VectorEntry("b", unit(1, 1, 0, 0), {"lang": "de", "views": 3}),
    VectorEntry("c", unit(0, 1, 0, 0), {"lang": "en", "views": 7}),
    VectorEntry("d", unit(0, 0, 1, 0), {"lang": "fr", "views": 0}),
]


async def filled(index: Any, name: str) -> Any:
    await index.open(name, SPACE)
    await index.upsert(name, ENTRIES)
    return index


async def test_a_new_collection_records_its_space_and_is_empty(index: Any, name: str) -> None:
    assert await index.space_of(name) is None
    await index.open(name, SPACE)
    assert await index.space_of(name) == SPACE
    assert await index.count(name) == 0
    assert await index.query(name, unit(1, 0, 0, 0), 5) == []


async def test_query_ranks_by_cosine_with_scores(index: Any, name: str) -> None:
    await filled(index, name)
    found = await index.query(name, unit(1, 0.1, 0, 0), 3)
    assert [m.id for m in found] == ["a", "b", "c"]
    assert found[0].score == pytest.approx(0.995, abs=1e-3)
    assert found[0].score >= found[1].score >= found[2].score
    assert found[0].metadata == {"lang": "en", "views": 10}


async def test_where_filters_on_metadata(index: Any, name: str) -> None:
    await filled(index, name)
    only_en = MetadataFilter.parse({"lang": "en"})
    assert [m.id for m in await index.query(name, unit(1, 0, 0, 0), 5, only_en)] == ["a", "c"]
    popular = MetadataFilter.parse({"$and": [{"views": {"$gte": 5}}, {"lang": {"$in": ["en"]}}]})
    assert {m.id for m in await index.query(name, unit(0, 0, 1, 0), 5, popular)} == {"a", "c"}


async def test_a_query_may_skip_the_metadata(index: Any, name: str) -> None:
    await filled(index, name)
    found = await index.query(name, unit(1, 0.1, 0, 0), 2, with_metadata=False)
    assert [m.id for m in found] == ["a", "b"]
    assert all(m.metadata == {} for m in found)
    only_en = MetadataFilter.parse({"lang": "en"})
    filtered = await index.query(name, unit(1, 0, 0, 0), 5, only_en, with_metadata=False)
    assert [m.id for m in filtered] == ["a", "c"]


async def test_upsert_replaces_by_id_and_delete_ignores_unknown_ids(index: Any, name: str) -> None:
    await filled(index, name)
    await index.upsert(name, [VectorEntry("a", unit(0, 0, 0, 1), {"lang": "xx"})])
    assert await index.count(name) == 4
    (best,) = await index.query(name, unit(0, 0, 0, 1), 1)
    assert (best.id, best.metadata) == ("a", {"lang": "xx"})
    await index.delete(name, ["a", "nope"])
    assert await index.count(name) == 3
    assert "a" not in {m.id for m in await index.query(name, unit(0, 0, 0, 1), 5)}


async def test_get_returns_stored_embeddings(index: Any, name: str) -> None:
    await filled(index, name)
    got = {e.id: e for e in await index.get(name, ["c", "missing"])}
    assert set(got) == {"c"}
    assert [round(float(x), 5) for x in got["c"].embedding] == [0.0, 1.0, 0.0, 0.0]
    (match,) = await index.query(name, unit(0, 1, 0, 0), 1, with_embeddings=True)
    assert match.embedding is not None and len(match.embedding) == 4


async def test_another_embedding_space_is_refused(index: Any, name: str) -> None:
    await filled(index, name)
    with pytest.raises(EmbeddingSpaceMismatch, match="kb reindex"):
        await index.open(name, EmbeddingSpace("other-model", 4))
    with pytest.raises(EmbeddingSpaceMismatch):
        await index.open(name, EmbeddingSpace("test-model", 8))


async def test_wrong_dimension_vectors_are_refused(index: Any, name: str) -> None:
    await filled(index, name)
    with pytest.raises(ValueError):
        await index.upsert(name, [VectorEntry("x", [1.0, 0.0], {"lang": "en"})])


async def test_large_batches_are_split(index: Any, name: str) -> None:
    await index.open(name, SPACE)
    many = [VectorEntry(f"e{i}", unit(1, i % 7, i % 5, 1), {"n": i}) for i in range(6000)]
    await index.upsert(name, many)
    assert await index.count(name) == 6000


async def test_drop_removes_the_collection(index: Any, name: str) -> None:
    await filled(index, name)
    await index.drop(name)
    assert await index.space_of(name) is None
    await index.drop(name)  # twice is fine
    await index.open(name, EmbeddingSpace("other-model", 4))  # free to rebuild in a new space
