"""Ticket facts for the dashboard, filled from the existing tickets and AI records

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 12:00:00.000000

`ticket_facts` (adapters/sql/analytics_tables.py) replaces the wide covering index
`ix_tickets_analytics` the dashboard used to scan; `ix_replies_ai_assisted` serves
the satisfaction figures. The backfill is the same recomputation the adapters
offer to bulk writers (`adapters.sql.analytics_facts.rebuild_statements`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from adapters.sql.analytics_facts import rebuild_statements

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}


def _counter(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), server_default=sa.text("0"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "ticket_facts",
        sa.Column("created_day", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False, comment="1 low .. 4 urgent"),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("resolved_day", sa.Integer(), nullable=True),
        sa.Column("first_response_us", sa.BigInteger(), nullable=True),
        sa.Column("resolution_us", sa.BigInteger(), nullable=True),
        sa.Column("first_response_met", sa.SmallInteger(), nullable=False),
        sa.Column("resolution_met", sa.SmallInteger(), nullable=False),
        sa.Column("first_response_due_us", sa.BigInteger(), nullable=True),
        sa.Column("first_response_done_us", sa.BigInteger(), nullable=True),
        sa.Column("resolution_due_us", sa.BigInteger(), nullable=True),
        sa.Column("resolution_stopped_us", sa.BigInteger(), nullable=True),
        sa.Column("triage_id", sa.Integer(), nullable=True),
        sa.Column("triage_abstained", sa.SmallInteger(), nullable=True),
        sa.Column("triage_category", sa.String(length=100), nullable=True),
        sa.Column("first_draft_us", sa.BigInteger(), nullable=True),
        _counter("drafts_accepted"),
        _counter("drafts_edited"),
        _counter("drafts_rejected"),
        _counter("drafts_sent"),
        _counter("drafts_changed_bp"),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_facts_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("created_day", "ticket_id", name=op.f("pk_ticket_facts")),
        sqlite_with_rowid=False,
        **_MYSQL,
    )
    op.create_index("ix_ticket_facts_ticket_id", "ticket_facts", ["ticket_id"], unique=True)
    op.create_index(
        "ix_ticket_facts_status",
        "ticket_facts",
        ["status", "priority", "category", "created_day"],
    )
    op.create_index(
        "ix_ticket_facts_resolved", "ticket_facts", ["resolved_day", "priority", "category"]
    )
    op.create_index(
        "ix_ticket_facts_first_response",
        "ticket_facts",
        ["first_response_us", "created_day", "priority", "category", "first_draft_us"],
    )
    op.create_index(
        "ix_ticket_facts_resolution",
        "ticket_facts",
        ["resolution_us", "created_day", "priority", "category"],
    )
    op.create_index(
        "ix_replies_ai_assisted", "replies", ["ticket_id", "ai_assisted", "internal", "created_at"]
    )
    op.drop_index("ix_tickets_analytics", table_name="tickets")
    for statement in rebuild_statements():
        op.execute(statement)


def downgrade() -> None:
    op.create_index(
        "ix_tickets_analytics",
        "tickets",
        [
            "created_at",
            "priority",
            "category",
            "status",
            "first_response_due_at",
            "first_responded_at",
            "resolution_due_at",
            "resolution_paused_at",
            "resolved_at",
            "sla_breach_at",
            "id",
        ],
    )
    op.drop_index("ix_replies_ai_assisted", table_name="replies")
    # Dropping the table drops its indexes (MariaDB refuses to drop one a foreign key uses).
    op.drop_table("ticket_facts")
