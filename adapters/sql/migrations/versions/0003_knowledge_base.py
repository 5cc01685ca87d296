"""knowledge base: collections, documents, chunks

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from adapters.sql.types import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}
_LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql")


def upgrade() -> None:
    op.create_table(
        "kb_collections",
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("embedding_model", sa.String(length=300), nullable=False),
        sa.Column("embedding_dimension", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_kb_collections")),
        **_MYSQL,
    )
    op.create_table(
        "kb_documents",
        sa.Column("collection", sa.String(length=63), nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("text", _LONG_TEXT, nullable=False),
        sa.Column("metadata", _LONG_TEXT, nullable=False, comment="JSON object"),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection"],
            ["kb_collections.name"],
            name=op.f("fk_kb_documents_collection_kb_collections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collection", "id", name=op.f("pk_kb_documents")),
        **_MYSQL,
    )
    with op.batch_alter_table("kb_documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_kb_documents_collection_updated_at",
            ["collection", "updated_at", "id"],
            unique=False,
        )
    op.create_table(
        "kb_chunks",
        sa.Column("collection", sa.String(length=63), nullable=False),
        sa.Column("id", sa.String(length=160), nullable=False),
        sa.Column("document_id", sa.String(length=128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("section", sa.String(length=1000), nullable=False),
        sa.Column("text", _LONG_TEXT, nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=True, comment="float32 little-endian"),
        sa.ForeignKeyConstraint(
            ["collection", "document_id"],
            ["kb_documents.collection", "kb_documents.id"],
            name=op.f("fk_kb_chunks_collection_kb_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collection", "id", name=op.f("pk_kb_chunks")),
        **_MYSQL,
    )
    with op.batch_alter_table("kb_chunks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_kb_chunks_document", ["collection", "document_id", "position"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("kb_chunks", schema=None) as batch_op:
        batch_op.drop_index("ix_kb_chunks_document")
    op.drop_table("kb_chunks")
    with op.batch_alter_table("kb_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_kb_documents_collection_updated_at")
    op.drop_table("kb_documents")
    op.drop_table("kb_collections")
