"""AI pipeline: triage suggestions with reasons, full drafts, background job state

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 09:00:00.000000

Rows written before this revision (only tests wrote any) keep NULL in the new
nullable columns: no ticket version, no text, no citations.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from adapters.sql.types import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}
_LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql")


def upgrade() -> None:
    with op.batch_alter_table("ai_triage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ticket_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("category_source", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("category_reason", _LONG_TEXT, nullable=True))
        batch_op.add_column(sa.Column("priority_source", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("priority_reason", _LONG_TEXT, nullable=True))
        batch_op.add_column(sa.Column("priority_confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("priority_abstained", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "tags",
                _LONG_TEXT,
                nullable=True,
                comment="JSON [{value, source, reason, confidence, abstained}, ...]",
            )
        )

    # SQLite rebuilds the table here: keep AUTOINCREMENT, so ids are never reused.
    with op.batch_alter_table(
        "ai_drafts", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.add_column(sa.Column("ticket_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("text", _LONG_TEXT, nullable=True))
        batch_op.add_column(
            sa.Column("model", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("latency_ms", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("prompt_tokens", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("completion_tokens", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "citations",
                _LONG_TEXT,
                nullable=True,
                comment="JSON [{marker, document_id, chunk_id, ticket_id, title, snippet}, ...]",
            )
        )
        batch_op.add_column(sa.Column("fallback_reason", _LONG_TEXT, nullable=True))
        batch_op.add_column(sa.Column("failure_reason", _LONG_TEXT, nullable=True))
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        batch_op.add_column(sa.Column("reject_reason", _LONG_TEXT, nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_ai_drafts_decided_by_users"),
            "users",
            ["decided_by"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.alter_column(
            "status",
            existing_type=sa.String(length=20),
            existing_nullable=False,
            comment="pending | accepted | edited | rejected | failed",
            existing_comment="pending | accepted | edited | rejected",
        )

    op.create_table(
        "ai_jobs",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("payload", _LONG_TEXT, nullable=False, comment="JSON object"),
        sa.Column("status", sa.String(length=20), nullable=False,
                  comment="queued | running | done | failed"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", _LONG_TEXT, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"],
            name=op.f("fk_ai_jobs_ticket_id_tickets"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_ai_jobs")),
        **_MYSQL,
    )
    with op.batch_alter_table("ai_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_ai_jobs_ticket_updated_at", ["ticket_id", "updated_at"])
        batch_op.create_index("ix_ai_jobs_status_updated_at", ["status", "updated_at"])


def downgrade() -> None:
    op.drop_table("ai_jobs")

    with op.batch_alter_table("ai_drafts", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=sa.String(length=20),
            existing_nullable=False,
            comment="pending | accepted | edited | rejected",
            existing_comment="pending | accepted | edited | rejected | failed",
        )
        batch_op.drop_constraint(batch_op.f("fk_ai_drafts_decided_by_users"), type_="foreignkey")
        for column in (
            "decided_by",
            "reject_reason",
            "attempts",
            "failure_reason",
            "fallback_reason",
            "citations",
            "completion_tokens",
            "prompt_tokens",
            "latency_ms",
            "language",
            "model",
            "text",
            "ticket_version",
        ):
            batch_op.drop_column(column)

    with op.batch_alter_table("ai_triage", schema=None) as batch_op:
        for column in (
            "tags",
            "priority_abstained",
            "priority_confidence",
            "priority_reason",
            "priority_source",
            "category_reason",
            "category_source",
            "ticket_version",
        ):
            batch_op.drop_column(column)
