"""Knowledge-base tables: collections, documents and chunks (the source of truth of the KB),
and the entries the similar-ticket index still owes.

Vectors live in the vector index, which can always be rebuilt from these rows;
each chunk keeps its embedding too, so a rebuild with the same model does not
embed anything again.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
)

from adapters.sql.tables import metadata
from adapters.sql.types import LongText, UTCDateTime

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}

kb_collections = Table(
    "kb_collections",
    metadata,
    Column("name", String(63), primary_key=True),
    Column("embedding_model", String(300), nullable=False),
    Column("embedding_dimension", Integer, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    **_MYSQL,
)

kb_documents = Table(
    "kb_documents",
    metadata,
    Column("collection", String(63), nullable=False),
    Column("id", String(128), nullable=False),
    Column("title", String(300), nullable=False),
    Column("source", String(300), nullable=True),
    Column("text", LongText, nullable=False),
    Column("metadata", LongText, nullable=False, comment="JSON object"),
    Column("content_hash", String(64), nullable=False),
    Column("chunk_count", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    PrimaryKeyConstraint("collection", "id"),
    ForeignKeyConstraint(["collection"], ["kb_collections.name"], ondelete="CASCADE"),
    Index("ix_kb_documents_collection_updated_at", "collection", "updated_at", "id"),
    **_MYSQL,
)

kb_chunks = Table(
    "kb_chunks",
    metadata,
    Column("collection", String(63), nullable=False),
    Column("id", String(160), nullable=False),
    Column("document_id", String(128), nullable=False),
    Column("position", Integer, nullable=False),
    Column("title", String(300), nullable=False),
    Column("section", String(1000), nullable=False),
    Column("text", LongText, nullable=False),
    Column("embedding", LargeBinary(), nullable=True, comment="float32 little-endian"),
    PrimaryKeyConstraint("collection", "id"),
    ForeignKeyConstraint(
        ["collection", "document_id"],
        ["kb_documents.collection", "kb_documents.id"],
        ondelete="CASCADE",
    ),
    Index("ix_kb_chunks_document", "collection", "document_id", "position"),
    **_MYSQL,
)

ticket_index_queue = Table(
    "ticket_index_queue",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", Integer, nullable=False, comment="no foreign key: deletes are queued too"),
    Column("queued_at", UTCDateTime(), nullable=False),
    Column("due_at", UTCDateTime(), nullable=False, comment="next try, or end of the claim"),
    Column("attempts", Integer, nullable=False),
    Column("claim", String(32), nullable=True, comment="token of the process working on it"),
    Index("ix_ticket_index_queue_ticket_id", "ticket_id", "id"),
    Index("ix_ticket_index_queue_due_at", "due_at", "id"),
    Index("ix_ticket_index_queue_claim", "claim"),
    **_MYSQL,
    sqlite_autoincrement=True,  # entry ids are marks: one must never be handed out twice
)
"""What the similar-ticket index owes (application/ports/ticket_index_queue.py): one row
per committed ticket write, removed once the ticket's vector is up to date."""
