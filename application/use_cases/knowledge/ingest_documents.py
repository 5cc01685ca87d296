from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from application.knowledge.base import (
    DOCUMENT,
    KnowledgeBase,
    lexical_entry,
    title_entry_id,
    titles_of,
)
from application.knowledge.errors import DocumentTooLarge
from application.knowledge.vectors import to_bytes
from application.ports.knowledge_repository import KnowledgeCollection, StoredChunk
from application.ports.vector_index import VectorEntry
from domain.errors import FieldProblem, InvalidValue
from domain.knowledge import ChunkingPolicy, Document, DocumentDraft, chunk_document
from domain.knowledge.documents import content_hash

log = logging.getLogger("astratickets.knowledge")


@dataclass(frozen=True, slots=True)
class DocumentInput:
    text: object
    id: object = None
    title: object = None
    metadata: object = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class IngestDocuments:
    documents: Sequence[DocumentInput]
    collection: str | None = None
    chunking: ChunkingPolicy | None = None


@dataclass(frozen=True, slots=True)
class IngestedDocument:
    id: str
    status: str  # "created" | "updated" | "unchanged"
    chunk_ids: list[str]


@dataclass(frozen=True, slots=True)
class IngestResult:
    collection: str
    documents: list[IngestedDocument] = field(default_factory=list)

    @property
    def chunk_ids(self) -> list[str]:
        return [cid for doc in self.documents for cid in doc.chunk_ids]


class IngestDocumentsHandler:
    """Add or replace documents in a collection (created on first use).

    Rules:
    - 1..KB_MAX_DOCUMENTS_PER_CALL documents, ids unique within the call; each
      text at most KB_MAX_DOCUMENT_BYTES (UTF-8) or DocumentTooLarge;
    - a document whose content hash (title, text, metadata, chunking) is the
      stored one is left alone: re-ingesting it is a no-op;
    - a changed document replaces all its chunks at once: vectors of the new
      chunks are written first, then the stored chunks are swapped in one
      transaction, then the old vectors are removed. Chunk ids carry a hash of
      their content, so a search never pairs an old vector with new text;
    - the collection must have been built with the embedder's model.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def _drafts(self, command: IngestDocuments) -> list[DocumentDraft]:
        limits = self._kb.limits
        count = len(command.documents)
        if not 1 <= count <= limits.max_documents_per_call:
            raise InvalidValue.single(
                "documents", f"give 1..{limits.max_documents_per_call} documents per call"
            )
        too_large = [
            FieldProblem(
                f"documents[{i}].text",
                f"is {size:,} bytes; at most {limits.max_document_bytes:,} are accepted",
            )
            for i, doc in enumerate(command.documents)
            if isinstance(doc.text, str)
            and (size := len(doc.text.encode("utf-8", "surrogatepass"))) > limits.max_document_bytes
        ]
        if too_large:
            raise DocumentTooLarge(too_large, limits.max_document_bytes)
        drafts: list[DocumentDraft] = []
        problems: list[FieldProblem] = []
        for i, doc in enumerate(command.documents):
            try:
                drafts.append(
                    DocumentDraft.of(
                        text=doc.text,
                        id=doc.id,
                        title=doc.title,
                        metadata_=doc.metadata,
                        source=doc.source,
                        max_chars=limits.max_document_bytes,
                        field_prefix=f"documents[{i}].",
                    )
                )
            except InvalidValue as error:
                problems.extend(error.problems)
        seen: set[str] = set()
        for i, draft in enumerate(drafts):
            if draft.id in seen:
                problems.append(FieldProblem(f"documents[{i}].id", "appears twice in this call"))
            seen.add(draft.id)
        if problems:
            raise InvalidValue(problems)
        return drafts

    async def __call__(self, command: IngestDocuments) -> IngestResult:
        kb = self._kb
        name = kb.name(command.collection, for_writing=True)
        policy = command.chunking or kb.chunking
        drafts = self._drafts(command)
        space = await kb.space()
        hashes = {
            d.id: content_hash(d.title, d.text, d.metadata, d.source, policy.fingerprint())
            for d in drafts
        }
        async with kb.uow(read_only=True) as uow:
            collection = await uow.knowledge.get_collection(name)
            if collection is not None:
                kb.check_space(collection, space)
            stored = await uow.knowledge.document_hashes(name, [d.id for d in drafts])
        changed = [d for d in drafts if stored.get(d.id) != hashes[d.id]]
        changed_ids = {d.id for d in changed}
        chunks = {d.id: chunk_document(d.id, d.title, d.text, policy) for d in changed}
        texts = [c.embedding_text for d in changed for c in chunks[d.id]]
        titled = [d for d in changed if d.title]
        vectors = await kb.embedder.embed(texts + [d.title for d in titled]) if changed else []
        now = kb.clock.now()

        entries: list[VectorEntry] = []
        title_entries: list[VectorEntry] = []
        stored_chunks: dict[str, list[StoredChunk]] = {}
        at = 0
        for draft in changed:
            meta = {**draft.metadata, DOCUMENT: draft.id}
            rows = []
            for chunk in chunks[draft.id]:
                vector = vectors[at]
                at += 1
                entries.append(VectorEntry(chunk.id, vector, meta))
                rows.append(StoredChunk(name, chunk, dict(draft.metadata), to_bytes(vector)))
            stored_chunks[draft.id] = rows
        for draft in titled:
            meta = {**draft.metadata, DOCUMENT: draft.id}
            title_entries.append(VectorEntry(title_entry_id(draft.id), vectors[at], meta))
            at += 1

        if changed:
            await kb.vectors.open(name, space)
            await kb.vectors.open(titles_of(name), space)
            await kb.vectors.upsert(name, entries)
            await kb.vectors.upsert(titles_of(name), title_entries)
        replaced: list[str] = []
        untitled: list[str] = []
        after = 0
        async with kb.uow() as uow:
            # Writers of a collection take turns from here (see `lock_collection`).
            collection = await uow.knowledge.lock_collection(
                KnowledgeCollection(name, space.model, space.dimension, 0, now, now)
            )
            kb.check_space(collection, space)
            for draft in changed:
                previous = (  # only a document stored before has a creation time to keep
                    await uow.knowledge.get_document(name, draft.id) if draft.id in stored else None
                )
                document = Document(
                    collection=name,
                    id=draft.id,
                    title=draft.title,
                    text=draft.text,
                    metadata=draft.metadata,
                    content_hash=hashes[draft.id],
                    chunk_count=len(chunks[draft.id]),
                    created_at=previous.created_at if previous else now,
                    updated_at=now,
                    source=draft.source,
                )
                replaced += await uow.knowledge.put_document(document, stored_chunks[draft.id])
                if not draft.title:
                    untitled.append(title_entry_id(draft.id))
            if changed:
                after = collection.revision
                collection.revision += 1
                collection.updated_at = now
                await uow.knowledge.save_collection(collection)
            existing_ids = {
                d.id: [c.id for c in (doc.chunks if doc else [])]
                for d in drafts
                if d.id not in changed_ids
                for doc in [await uow.knowledge.get_document(name, d.id, with_chunks=True)]
            }
            await uow.commit()
        fresh = {e.id for e in entries}
        stale = [cid for cid in replaced if cid not in fresh]
        if changed:
            await kb.lexical.update(
                name,
                after,
                collection.revision,
                added=[lexical_entry(row) for rows in stored_chunks.values() for row in rows],
                removed=stale,
            )
        if stale or untitled:
            try:
                await kb.vectors.delete(name, stale)
                await kb.vectors.delete(titles_of(name), untitled)
            except Exception:  # the stored chunks are right; a reindex drops the orphans
                log.exception("could not remove %d replaced vectors from %s", len(stale), name)
        result = IngestResult(name)
        for draft in drafts:
            if draft.id in changed_ids:
                status = "updated" if draft.id in stored else "created"
                ids = [c.id for c in chunks[draft.id]]
            else:
                status, ids = "unchanged", existing_ids[draft.id]
            result.documents.append(IngestedDocument(draft.id, status, ids))
        return result
