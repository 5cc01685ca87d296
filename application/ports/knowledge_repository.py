from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.queries import Page, PageRequest
from domain.knowledge import Chunk, Document


@dataclass
class KnowledgeCollection:
    """A named set of documents, embedded in one space; `revision` grows with every write."""

    name: str
    embedding_model: str
    embedding_dimension: int
    revision: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StoredChunk:
    """A chunk as stored, with its document's metadata and (when kept) its embedding."""

    collection: str
    chunk: Chunk
    metadata: dict[str, str | int | float | bool]
    embedding: bytes | None = None


class KnowledgeRepository(Protocol):
    """Stores collections, documents and chunks: the source of truth of the knowledge base.

    Never commits: the unit of work does.
    """

    async def get_collection(
        self, name: str, *, for_update: bool = False
    ) -> KnowledgeCollection | None:
        """`for_update`: lock the collection's row until the unit of work ends, so that
        writers of one collection, in any process, take turns and each moves the
        revision on from the one the previous writer left."""

    async def lock_collection(self, new: KnowledgeCollection) -> KnowledgeCollection:
        """The collection named `new.name`, locked as by `get_collection(for_update=True)`;
        created from `new` when absent. Two writers creating it at once both succeed:
        the second one waits for the first and gets its collection."""

    async def list_collections(self) -> list[KnowledgeCollection]: ...

    async def save_collection(self, collection: KnowledgeCollection) -> None:
        """Insert or update (by name)."""

    async def delete_collection(self, name: str) -> None: ...

    async def document_hashes(self, collection: str, ids: Sequence[str]) -> dict[str, str]:
        """content_hash of the stored documents among `ids`."""

    async def get_document(
        self, collection: str, document_id: str, *, with_chunks: bool = False
    ) -> Document | None: ...

    async def list_documents(self, collection: str, page: PageRequest) -> Page[Document]:
        """Documents without text or chunks, newest update first."""

    async def put_document(self, document: Document, chunks: Sequence[StoredChunk]) -> list[str]:
        """Store a document with exactly these chunks, replacing any earlier version.

        Returns the ids of the chunks it replaced.
        """

    async def delete_document(self, collection: str, document_id: str) -> list[str] | None:
        """Delete a document and its chunks; the deleted chunk ids, or None if absent."""

    async def delete_chunks(self, collection: str, chunk_ids: Sequence[str]) -> list[str]:
        """Delete single chunks; the ids that existed."""

    async def get_chunks(self, collection: str, chunk_ids: Sequence[str]) -> list[StoredChunk]: ...

    async def iter_chunks(
        self, collection: str, *, after: str | None, limit: int
    ) -> list[StoredChunk]:
        """Chunks in id order, `limit` at a time, starting after the id `after`."""

    async def set_embeddings(self, collection: str, embeddings: dict[str, bytes]) -> None:
        """Replace the stored embeddings of the given chunks."""

    async def count_chunks(self, collection: str) -> int: ...

    async def count_documents(self, collection: str) -> int: ...
