"""The KnowledgeRepository contract on every backend: memory, SQLite, PostgreSQL, MariaDB."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from adapters.memory import MemoryUnitOfWorkFactory
from application.knowledge.vectors import from_bytes, to_bytes
from application.ports.knowledge_repository import KnowledgeCollection, StoredChunk
from application.queries import PageRequest
from domain.knowledge import ChunkingPolicy, Document, chunk_document
from tests.fakes import T0

NAME = "kb_main"


def document(doc_id: str, text: str, minutes: int = 0, **meta: Any) -> tuple[Document, list]:
    policy = ChunkingPolicy(max_chars=200, overlap=50)
    chunks = chunk_document(doc_id, f"Title {doc_id}", text, policy)
    when = T0 + timedelta(minutes=minutes)
    doc = Document(NAME, doc_id, f"Title {doc_id}", text, meta, f"hash-{doc_id}-{len(text)}",
                   len(chunks), when, when, source=None)  # fmt: skip
    stored = [StoredChunk(NAME, c, dict(meta), to_bytes([0.5, -0.25, float(n)]))
              for n, c in enumerate(chunks)]  # fmt: skip
    return doc, stored


LONG = " ".join(f"Sentence {i} about refunds and parcels." for i in range(20))


async def seed(uow_factory: Any) -> None:
    async with uow_factory() as uow:
        await uow.knowledge.save_collection(KnowledgeCollection(NAME, "m", 3, 0, T0, T0))
        for doc, chunks in (
            document("alpha", LONG, 1, lang="en", views=3),
            document("beta", "Short text.", 2, lang="de"),
            document("gamma", "Another one. ü ✓ 日本", 3),
        ):
            await uow.knowledge.put_document(doc, chunks)
        await uow.commit()


async def test_collections_round_trip_and_update(uow_factory: Any) -> None:
    await seed(uow_factory)
    async with uow_factory() as uow:
        found = await uow.knowledge.get_collection(NAME)
        assert found is not None and (found.embedding_model, found.revision) == ("m", 0)
        found.revision = 5
        found.embedding_model = "other"
        await uow.knowledge.save_collection(found)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        again = await uow.knowledge.get_collection(NAME)
        assert again is not None and (again.revision, again.embedding_model) == (5, "other")
        assert [c.name for c in await uow.knowledge.list_collections()] == [NAME]
        assert await uow.knowledge.get_collection("nope") is None


async def test_lock_collection_creates_it_once_and_writers_take_turns(uow_factory: Any) -> None:
    """Writers that lock a collection (new or not) at the same time all succeed, one after
    the other: each moves the revision on from the one the previous writer left."""
    writers = 4  # the SQL backends' test pool has 2 connections + 2 overflow
    # Where units of work run one at a time (memory; SQLite's write lock), they cannot all
    # be inside at once: there they simply follow each other.
    together = not isinstance(uow_factory, MemoryUnitOfWorkFactory) and not _is_sqlite(uow_factory)
    inside = asyncio.Barrier(writers)

    async def write(n: int) -> None:
        async with uow_factory() as uow:
            if together:
                await inside.wait()
            collection = await uow.knowledge.lock_collection(
                KnowledgeCollection("fresh", f"model-{n}", 3, 0, T0, T0)
            )
            collection.revision += 1
            await uow.knowledge.save_collection(collection)
            await uow.commit()

    await asyncio.gather(*(write(n) for n in range(writers)))
    async with uow_factory(read_only=True) as uow:
        found = await uow.knowledge.get_collection("fresh")
    assert found is not None and found.revision == writers
    assert found.embedding_model.startswith("model-")
    async with uow_factory() as uow:  # an existing collection is returned as it is
        again = await uow.knowledge.lock_collection(KnowledgeCollection("fresh", "x", 9, 0, T0, T0))
    assert (again.embedding_model, again.revision) == (found.embedding_model, writers)


def _is_sqlite(uow_factory: Any) -> bool:
    engine = getattr(uow_factory, "engine", None)
    return engine is not None and engine.dialect.name == "sqlite"


async def test_documents_and_chunks_round_trip(uow_factory: Any) -> None:
    await seed(uow_factory)
    async with uow_factory(read_only=True) as uow:
        alpha = await uow.knowledge.get_document(NAME, "alpha", with_chunks=True)
        assert alpha is not None
        assert alpha.metadata == {"lang": "en", "views": 3}
        assert alpha.text == LONG and alpha.created_at == T0 + timedelta(minutes=1)
        assert [c.position for c in alpha.chunks] == list(range(alpha.chunk_count))
        assert alpha.chunk_count > 2
        gamma = await uow.knowledge.get_document(NAME, "gamma")
        assert gamma is not None and gamma.text == "Another one. ü ✓ 日本" and gamma.chunks == []
        hashes = await uow.knowledge.document_hashes(NAME, ["alpha", "nope"])
        assert hashes == {"alpha": f"hash-alpha-{len(LONG)}"}
        ids = [c.id for c in alpha.chunks]
        stored = await uow.knowledge.get_chunks(NAME, [ids[1], "nope", ids[0]])
        assert [s.chunk.id for s in stored] == [ids[1], ids[0]]
        assert stored[0].metadata == {"lang": "en", "views": 3}
        assert from_bytes(stored[1].embedding or b"") == [0.5, -0.25, 0.0]
        assert await uow.knowledge.count_chunks(NAME) == alpha.chunk_count + 2
        assert await uow.knowledge.count_documents(NAME) == 3


async def test_listing_pages_newest_first(uow_factory: Any) -> None:
    await seed(uow_factory)
    async with uow_factory(read_only=True) as uow:
        first = await uow.knowledge.list_documents(NAME, PageRequest(page=1, page_size=2))
        second = await uow.knowledge.list_documents(NAME, PageRequest(page=2, page_size=2))
        empty = await uow.knowledge.list_documents(NAME, PageRequest(page=9, page_size=2))
    assert first.total == 3 and [d.id for d in first.items] == ["gamma", "beta"]
    assert [d.id for d in second.items] == ["alpha"] and empty.items == []
    assert all(d.text == "" for d in first.items)


async def test_put_replaces_chunks_and_iteration_is_in_id_order(uow_factory: Any) -> None:
    await seed(uow_factory)
    doc, chunks = document("alpha", "Now short.", 9, lang="fr")
    async with uow_factory() as uow:
        replaced = await uow.knowledge.put_document(doc, chunks)
        await uow.commit()
    assert len(replaced) > 2
    async with uow_factory(read_only=True) as uow:
        alpha = await uow.knowledge.get_document(NAME, "alpha", with_chunks=True)
        assert alpha is not None and [c.text for c in alpha.chunks] == ["Now short."]
        assert alpha.metadata == {"lang": "fr"} and alpha.created_at == T0 + timedelta(minutes=9)
        everything, after = [], None
        while batch := await uow.knowledge.iter_chunks(NAME, after=after, limit=1):
            everything += [s.chunk.id for s in batch]
            after = batch[-1].chunk.id
    assert everything == sorted(everything) and len(everything) == 3


async def test_deletes_and_embeddings(uow_factory: Any) -> None:
    await seed(uow_factory)
    async with uow_factory() as uow:
        alpha = await uow.knowledge.get_document(NAME, "alpha", with_chunks=True)
        assert alpha is not None
        first_chunk = alpha.chunks[0].id
        assert await uow.knowledge.delete_chunks(NAME, [first_chunk, "nope#1"]) == [first_chunk]
        gone = await uow.knowledge.delete_document(NAME, "beta")
        assert gone is not None and len(gone) == 1
        assert await uow.knowledge.delete_document(NAME, "beta") is None
        await uow.knowledge.set_embeddings(NAME, {alpha.chunks[1].id: to_bytes([1.0, 2.0, 3.0])})
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        alpha = await uow.knowledge.get_document(NAME, "alpha", with_chunks=True)
        assert alpha is not None and first_chunk not in [c.id for c in alpha.chunks]
        assert alpha.chunk_count == len(alpha.chunks)
        (stored,) = await uow.knowledge.get_chunks(NAME, [alpha.chunks[0].id])
        assert from_bytes(stored.embedding or b"") == [1.0, 2.0, 3.0]
        assert await uow.knowledge.get_document(NAME, "beta") is None


async def test_a_rolled_back_write_leaves_nothing(uow_factory: Any) -> None:
    await seed(uow_factory)
    doc, chunks = document("delta", "Never stored.")
    async with uow_factory() as uow:
        await uow.knowledge.put_document(doc, chunks)
    async with uow_factory(read_only=True) as uow:
        assert await uow.knowledge.get_document(NAME, "delta") is None
        assert await uow.knowledge.count_documents(NAME) == 3
