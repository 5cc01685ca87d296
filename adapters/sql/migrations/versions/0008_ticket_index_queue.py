"""What the similar-ticket index still owes: one row per committed ticket write

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:00:00.000000

`ticket_index_queue` (adapters/sql/knowledge_tables.py) is written in the same
transaction as each ticket write and emptied as the vector index catches up, so a
ticket written while the vector store is down is indexed once it is back. Tickets
written before this migration are not queued: `astratickets kb reindex --tickets`
covers them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from adapters.sql.types import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}


def upgrade() -> None:
    op.create_table(
        "ticket_index_queue",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "ticket_id",
            sa.Integer(),
            nullable=False,
            comment="no foreign key: deletes are queued too",
        ),
        sa.Column("queued_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False, comment="next try, or end of the claim"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "claim",
            sa.String(length=32),
            nullable=True,
            comment="token of the process working on it",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_index_queue")),
        sqlite_autoincrement=True,
        **_MYSQL,
    )
    op.create_index("ix_ticket_index_queue_ticket_id", "ticket_index_queue", ["ticket_id", "id"])
    op.create_index("ix_ticket_index_queue_due_at", "ticket_index_queue", ["due_at", "id"])
    op.create_index("ix_ticket_index_queue_claim", "ticket_index_queue", ["claim"])


def downgrade() -> None:
    op.drop_table("ticket_index_queue")
