from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from application.knowledge.base import (
    DOCUMENT,
    KnowledgeBase,
    title_entry_id,
    titles_of,
)
from application.knowledge.vectors import from_bytes, to_bytes
from application.ports.embedder import Vector
from application.ports.vector_index import VectorEntry

BATCH = 512
Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True, slots=True)
class ReindexReport:
    collection: str
    chunks: int
    embedded: int  # chunks that had to be embedded again (model changed or none stored)


class ReindexCollectionHandler:
    """Rebuild a collection's vectors from the stored chunks (the source of truth).

    The vector collection is dropped and refilled. Stored embeddings are reused
    when they were made by the current model; otherwise chunks are embedded
    again and the new embeddings stored, and the collection then records the
    new model. Titles are always embedded again (they are short).
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    async def __call__(self, collection: str, progress: Progress | None = None) -> ReindexReport:
        kb = self._kb
        name = kb.name(collection)
        space = await kb.space()
        async with kb.uow(read_only=True) as uow:
            record = await kb.existing(uow, name)
            total = await uow.knowledge.count_chunks(name)
        reuse = (record.embedding_model, record.embedding_dimension) == (
            space.model,
            space.dimension,
        )
        for target in (name, titles_of(name)):
            await kb.vectors.drop(target)
            await kb.vectors.open(target, space)
        done = embedded = 0
        titles: dict[str, tuple[str, dict[str, object]]] = {}
        after: str | None = None
        while True:
            async with kb.uow(read_only=True) as uow:
                batch = await uow.knowledge.iter_chunks(name, after=after, limit=BATCH)
            if not batch:
                break
            after = batch[-1].chunk.id
            stale = [s for s in batch if not (reuse and s.embedding)]
            fresh: dict[str, Vector] = {}
            if stale:
                vectors = await kb.embedder.embed([s.chunk.embedding_text for s in stale])
                fresh = {s.chunk.id: v for s, v in zip(stale, vectors, strict=True)}
                embedded += len(stale)
                async with kb.uow() as uow:
                    await uow.knowledge.set_embeddings(
                        name, {cid: to_bytes(v) for cid, v in fresh.items()}
                    )
                    await uow.commit()
            entries = []
            for stored in batch:
                chunk = stored.chunk
                vector = fresh.get(chunk.id) or from_bytes(stored.embedding or b"")
                meta = {**stored.metadata, DOCUMENT: chunk.document_id}
                entries.append(VectorEntry(chunk.id, vector, meta))
                if chunk.title:
                    titles[chunk.document_id] = (chunk.title, dict(stored.metadata))
            await kb.vectors.upsert(name, entries)
            done += len(batch)
            if progress:
                progress(done, total)
        ids = list(titles)
        for start in range(0, len(ids), BATCH):
            part = ids[start : start + BATCH]
            vectors = await kb.embedder.embed([titles[i][0] for i in part])
            await kb.vectors.upsert(
                titles_of(name),
                [
                    VectorEntry(title_entry_id(i), v, {**titles[i][1], DOCUMENT: i})
                    for i, v in zip(part, vectors, strict=True)
                ],
            )
        if not reuse:
            async with kb.uow() as uow:
                current = await kb.existing(uow, name, for_update=True)
                current.embedding_model = space.model
                current.embedding_dimension = space.dimension
                current.revision += 1
                current.updated_at = kb.clock.now()
                await uow.knowledge.save_collection(current)
                await uow.commit()
            # the texts are unchanged: the keyword index only moves to the new revision
            await kb.lexical.update(name, current.revision - 1, current.revision)
        return ReindexReport(name, done, embedded)
