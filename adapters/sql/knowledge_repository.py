from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.knowledge_tables import kb_chunks, kb_collections, kb_documents
from application.ports.knowledge_repository import KnowledgeCollection, StoredChunk
from application.queries import Page, PageRequest
from domain.knowledge import Chunk, Document

_IN_BATCH = 500
_LOCK_ATTEMPTS = 3  # a collection deleted between creating and locking it is recreated


def _collection(row: Mapping[str, Any]) -> KnowledgeCollection:
    return KnowledgeCollection(
        name=row["name"],
        embedding_model=row["embedding_model"],
        embedding_dimension=row["embedding_dimension"],
        revision=row["revision"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _document(row: Mapping[str, Any], *, text: bool = True) -> Document:
    return Document(
        collection=row["collection"],
        id=row["id"],
        title=row["title"],
        text=row["text"] if text else "",
        metadata=json.loads(row["metadata"]),
        content_hash=row["content_hash"],
        chunk_count=row["chunk_count"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        source=row["source"],
    )


def _chunk(row: Mapping[str, Any]) -> Chunk:
    return Chunk(
        id=row["id"],
        document_id=row["document_id"],
        position=row["position"],
        title=row["title"],
        section=row["section"],
        text=row["text"],
    )


_CHUNK_WITH_METADATA = select(kb_chunks, kb_documents.c.metadata.label("document_metadata")).join(
    kb_documents,
    (kb_documents.c.collection == kb_chunks.c.collection)
    & (kb_documents.c.id == kb_chunks.c.document_id),
)


def _stored(row: Mapping[str, Any], cache: dict[str, dict[str, Any]]) -> StoredChunk:
    raw = row["document_metadata"]
    meta = cache.get(raw)
    if meta is None:
        meta = cache[raw] = json.loads(raw)
    return StoredChunk(row["collection"], _chunk(row), meta, row["embedding"])


def _insert_unless_present(dialect: str, values: dict[str, Any]) -> Any:
    """An insert of a collection that does nothing when one of that name exists (waiting,
    when another transaction is inserting it, for that one to end)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(kb_collections).values(values).on_conflict_do_nothing()
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(kb_collections).values(values).on_conflict_do_nothing()
    from sqlalchemy.dialects.mysql import insert as mysql_insert

    statement = mysql_insert(kb_collections).values(values)
    return statement.on_duplicate_key_update(name=statement.inserted.name)


class SqlKnowledgeRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get_collection(
        self, name: str, *, for_update: bool = False
    ) -> KnowledgeCollection | None:
        query = select(kb_collections).where(kb_collections.c.name == name)
        if for_update:
            query = query.with_for_update()
        row = (await self._connection.execute(query)).mappings().first()
        return _collection(row) if row else None

    async def lock_collection(self, new: KnowledgeCollection) -> KnowledgeCollection:
        """Insert unless present, then a locking read. The insert ignores a duplicate
        without an error, which InnoDB would answer with a shared lock on the row that
        every waiting creator then tries to upgrade: a deadlock."""
        values = {
            "name": new.name,
            "embedding_model": new.embedding_model,
            "embedding_dimension": new.embedding_dimension,
            "revision": new.revision,
            "created_at": new.created_at,
            "updated_at": new.updated_at,
        }
        for _ in range(_LOCK_ATTEMPTS):
            if await self.get_collection(new.name) is None:
                await self._connection.execute(_insert_unless_present(self._dialect, values))
            locked = await self.get_collection(new.name, for_update=True)
            if locked is not None:
                return locked
        raise RuntimeError(f"collection {new.name!r} keeps disappearing while being written")

    @property
    def _dialect(self) -> str:
        return self._connection.dialect.name

    async def list_collections(self) -> list[KnowledgeCollection]:
        rows = await self._connection.execute(
            select(kb_collections).order_by(kb_collections.c.name)
        )
        return [_collection(r) for r in rows.mappings()]

    async def save_collection(self, collection: KnowledgeCollection) -> None:
        values = {
            "embedding_model": collection.embedding_model,
            "embedding_dimension": collection.embedding_dimension,
            "revision": collection.revision,
            "updated_at": collection.updated_at,
        }
        result = await self._connection.execute(
            update(kb_collections).where(kb_collections.c.name == collection.name).values(values)
        )
        if result.rowcount == 0:
            await self._connection.execute(
                insert(kb_collections).values(
                    name=collection.name, created_at=collection.created_at, **values
                )
            )

    async def delete_collection(self, name: str) -> None:
        await self._connection.execute(delete(kb_chunks).where(kb_chunks.c.collection == name))
        await self._connection.execute(
            delete(kb_documents).where(kb_documents.c.collection == name)
        )
        await self._connection.execute(delete(kb_collections).where(kb_collections.c.name == name))

    async def document_hashes(self, collection: str, ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(ids), _IN_BATCH):
            rows = await self._connection.execute(
                select(kb_documents.c.id, kb_documents.c.content_hash).where(
                    kb_documents.c.collection == collection,
                    kb_documents.c.id.in_(list(ids[start : start + _IN_BATCH])),
                )
            )
            found.update({i: h for i, h in rows})
        return found

    async def get_document(
        self, collection: str, document_id: str, *, with_chunks: bool = False
    ) -> Document | None:
        row = (
            (
                await self._connection.execute(
                    select(kb_documents).where(
                        kb_documents.c.collection == collection, kb_documents.c.id == document_id
                    )
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        document = _document(row)
        if with_chunks:
            rows = await self._connection.execute(
                select(kb_chunks)
                .where(kb_chunks.c.collection == collection, kb_chunks.c.document_id == document_id)
                .order_by(kb_chunks.c.position)
            )
            document.chunks = [_chunk(r) for r in rows.mappings()]
        return document

    async def list_documents(self, collection: str, page: PageRequest) -> Page[Document]:
        total = int(
            await self._connection.scalar(
                select(func.count())
                .select_from(kb_documents)
                .where(kb_documents.c.collection == collection)
            )
            or 0
        )
        items: list[Document] = []
        if page.offset < total:
            columns = [c for c in kb_documents.c if c.name != "text"]
            rows = await self._connection.execute(
                select(*columns)
                .where(kb_documents.c.collection == collection)
                .order_by(kb_documents.c.updated_at.desc(), kb_documents.c.id.desc())
                .limit(page.page_size)
                .offset(page.offset)
            )
            items = [_document({**r, "text": ""}, text=False) for r in rows.mappings()]
        return Page(items, total, page)

    async def _chunk_ids(self, collection: str, document_id: str) -> list[str]:
        rows = await self._connection.execute(
            select(kb_chunks.c.id).where(
                kb_chunks.c.collection == collection, kb_chunks.c.document_id == document_id
            )
        )
        return [r for (r,) in rows]

    async def put_document(self, document: Document, chunks: Sequence[StoredChunk]) -> list[str]:
        name = document.collection
        old = await self._chunk_ids(name, document.id)
        await self._connection.execute(
            delete(kb_chunks).where(
                kb_chunks.c.collection == name, kb_chunks.c.document_id == document.id
            )
        )
        values = {
            "title": document.title,
            "source": document.source,
            "text": document.text,
            "metadata": json.dumps(document.metadata, sort_keys=True, ensure_ascii=False),
            "content_hash": document.content_hash,
            "chunk_count": document.chunk_count,
            "created_at": document.created_at,
            "updated_at": document.updated_at,
        }
        result = await self._connection.execute(
            update(kb_documents)
            .where(kb_documents.c.collection == name, kb_documents.c.id == document.id)
            .values(values)
        )
        if result.rowcount == 0:
            await self._connection.execute(
                insert(kb_documents).values(collection=name, id=document.id, **values)
            )
        if chunks:
            await self._connection.execute(
                insert(kb_chunks),
                [
                    {
                        "collection": name,
                        "id": s.chunk.id,
                        "document_id": document.id,
                        "position": s.chunk.position,
                        "title": s.chunk.title,
                        "section": s.chunk.section[:1000],
                        "text": s.chunk.text,
                        "embedding": s.embedding,
                    }
                    for s in chunks
                ],
            )
        return old

    async def delete_document(self, collection: str, document_id: str) -> list[str] | None:
        old = await self._chunk_ids(collection, document_id)
        await self._connection.execute(
            delete(kb_chunks).where(
                kb_chunks.c.collection == collection, kb_chunks.c.document_id == document_id
            )
        )
        result = await self._connection.execute(
            delete(kb_documents).where(
                kb_documents.c.collection == collection, kb_documents.c.id == document_id
            )
        )
        return old if result.rowcount else None

    async def delete_chunks(self, collection: str, chunk_ids: Sequence[str]) -> list[str]:
        found = [s.chunk for s in await self.get_chunks(collection, chunk_ids)]
        if not found:
            return []
        await self._connection.execute(
            delete(kb_chunks).where(
                kb_chunks.c.collection == collection, kb_chunks.c.id.in_([c.id for c in found])
            )
        )
        for chunk in found:
            await self._connection.execute(
                update(kb_documents)
                .where(
                    kb_documents.c.collection == collection,
                    kb_documents.c.id == chunk.document_id,
                )
                .values(chunk_count=kb_documents.c.chunk_count - 1)
            )
        return [c.id for c in found]

    async def get_chunks(self, collection: str, chunk_ids: Sequence[str]) -> list[StoredChunk]:
        cache: dict[str, dict[str, Any]] = {}
        found: dict[str, StoredChunk] = {}
        for start in range(0, len(chunk_ids), _IN_BATCH):
            rows = await self._connection.execute(
                _CHUNK_WITH_METADATA.where(
                    kb_chunks.c.collection == collection,
                    kb_chunks.c.id.in_(list(chunk_ids[start : start + _IN_BATCH])),
                )
            )
            for row in rows.mappings():
                found[row["id"]] = _stored(row, cache)
        return [found[i] for i in chunk_ids if i in found]

    async def iter_chunks(
        self, collection: str, *, after: str | None, limit: int
    ) -> list[StoredChunk]:
        query = _CHUNK_WITH_METADATA.where(kb_chunks.c.collection == collection)
        if after is not None:
            query = query.where(kb_chunks.c.id > after)
        rows = await self._connection.execute(query.order_by(kb_chunks.c.id).limit(limit))
        cache: dict[str, dict[str, Any]] = {}
        return [_stored(r, cache) for r in rows.mappings()]

    async def set_embeddings(self, collection: str, embeddings: dict[str, bytes]) -> None:
        if not embeddings:
            return
        statement = (
            update(kb_chunks)
            .where(kb_chunks.c.collection == collection, kb_chunks.c.id == bindparam("chunk_id"))
            .values(embedding=bindparam("vector"))
        )
        await self._connection.execute(
            statement, [{"chunk_id": k, "vector": v} for k, v in embeddings.items()]
        )

    async def count_chunks(self, collection: str) -> int:
        return int(
            await self._connection.scalar(
                select(func.count())
                .select_from(kb_chunks)
                .where(kb_chunks.c.collection == collection)
            )
            or 0
        )

    async def count_documents(self, collection: str) -> int:
        return int(
            await self._connection.scalar(
                select(func.count())
                .select_from(kb_documents)
                .where(kb_documents.c.collection == collection)
            )
            or 0
        )
