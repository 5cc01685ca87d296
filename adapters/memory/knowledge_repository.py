from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence

from adapters.memory.knowledge_state import MemoryKnowledgeState
from application.ports.knowledge_repository import KnowledgeCollection, StoredChunk
from application.queries import Page, PageRequest
from domain.knowledge import Document


class MemoryKnowledgeRepository:
    def __init__(self, state: MemoryKnowledgeState) -> None:
        self._state = state

    async def get_collection(
        self, name: str, *, for_update: bool = False
    ) -> KnowledgeCollection | None:
        """`for_update` changes nothing: writing units of work run one at a time here."""
        found = self._state.collections.get(name)
        return copy.copy(found) if found else None

    async def lock_collection(self, new: KnowledgeCollection) -> KnowledgeCollection:
        self._state.collections.setdefault(new.name, copy.copy(new))
        return copy.copy(self._state.collections[new.name])

    async def list_collections(self) -> list[KnowledgeCollection]:
        return [copy.copy(c) for _, c in sorted(self._state.collections.items())]

    async def save_collection(self, collection: KnowledgeCollection) -> None:
        self._state.collections[collection.name] = copy.copy(collection)

    async def delete_collection(self, name: str) -> None:
        self._state.collections.pop(name, None)
        for key in [k for k in self._state.documents if k[0] == name]:
            del self._state.documents[key]
        for key in [k for k in self._state.chunks if k[0] == name]:
            del self._state.chunks[key]

    async def document_hashes(self, collection: str, ids: Sequence[str]) -> dict[str, str]:
        docs = self._state.documents
        return {i: docs[(collection, i)].content_hash for i in ids if (collection, i) in docs}

    def _chunks_of(self, collection: str, document_id: str) -> list[StoredChunk]:
        found = [
            s
            for (name, _), s in self._state.chunks.items()
            if name == collection and s.chunk.document_id == document_id
        ]
        return sorted(found, key=lambda s: s.chunk.position)

    async def get_document(
        self, collection: str, document_id: str, *, with_chunks: bool = False
    ) -> Document | None:
        found = self._state.documents.get((collection, document_id))
        if found is None:
            return None
        chunks = [s.chunk for s in self._chunks_of(collection, document_id)] if with_chunks else []
        return dataclasses.replace(found, metadata=dict(found.metadata), chunks=chunks)

    async def list_documents(self, collection: str, page: PageRequest) -> Page[Document]:
        docs = [d for (name, _), d in self._state.documents.items() if name == collection]
        docs.sort(key=lambda d: (d.updated_at, d.id), reverse=True)
        chosen = docs[page.offset : page.offset + page.page_size]
        return Page(
            [dataclasses.replace(d, text="", metadata=dict(d.metadata), chunks=[]) for d in chosen],
            len(docs),
            page,
        )

    async def put_document(self, document: Document, chunks: Sequence[StoredChunk]) -> list[str]:
        name = document.collection
        old = [s.chunk.id for s in self._chunks_of(name, document.id)]
        for chunk_id in old:
            del self._state.chunks[(name, chunk_id)]
        self._state.documents[(name, document.id)] = dataclasses.replace(
            document, metadata=dict(document.metadata), chunks=[]
        )
        for stored in chunks:
            self._state.chunks[(name, stored.chunk.id)] = stored
        return old

    async def delete_document(self, collection: str, document_id: str) -> list[str] | None:
        if self._state.documents.pop((collection, document_id), None) is None:
            return None
        old = [s.chunk.id for s in self._chunks_of(collection, document_id)]
        for chunk_id in old:
            del self._state.chunks[(collection, chunk_id)]
        return old

    async def delete_chunks(self, collection: str, chunk_ids: Sequence[str]) -> list[str]:
        gone = []
        for chunk_id in chunk_ids:
            stored = self._state.chunks.pop((collection, chunk_id), None)
            if stored is not None:
                gone.append(chunk_id)
                key = (collection, stored.chunk.document_id)
                doc = self._state.documents.get(key)
                if doc is not None:
                    self._state.documents[key] = dataclasses.replace(
                        doc, chunk_count=doc.chunk_count - 1
                    )
        return gone

    async def get_chunks(self, collection: str, chunk_ids: Sequence[str]) -> list[StoredChunk]:
        chunks = self._state.chunks
        return [chunks[(collection, i)] for i in chunk_ids if (collection, i) in chunks]

    async def iter_chunks(
        self, collection: str, *, after: str | None, limit: int
    ) -> list[StoredChunk]:
        ids = sorted(
            cid for (name, cid) in self._state.chunks if name == collection and cid > (after or "")
        )
        return [self._state.chunks[(collection, cid)] for cid in ids[:limit]]

    async def set_embeddings(self, collection: str, embeddings: dict[str, bytes]) -> None:
        for chunk_id, raw in embeddings.items():
            key = (collection, chunk_id)
            if key in self._state.chunks:
                self._state.chunks[key] = dataclasses.replace(
                    self._state.chunks[key], embedding=raw
                )

    async def count_chunks(self, collection: str) -> int:
        return sum(1 for (name, _) in self._state.chunks if name == collection)

    async def count_documents(self, collection: str) -> int:
        return sum(1 for (name, _) in self._state.documents if name == collection)
