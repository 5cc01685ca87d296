"""SLA clocks, SLA policy, satisfaction ratings, AI records for the dashboard

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 16:00:00.000000

Tickets stored before this revision keep NULL SLA columns: they are not tracked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from adapters.sql.types import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}
_LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql")


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_response_due_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("first_responded_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("resolution_due_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("resolution_paused_at", UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("sla_pauses", _LONG_TEXT, nullable=True, comment="JSON [[start, end], ...]")
        )
        batch_op.add_column(
            sa.Column(
                "sla_breach_at",
                UTCDateTime(),
                nullable=True,
                comment="derived: when the ticket is or will be breached; indexed for sla=",
            )
        )
        batch_op.create_index("ix_tickets_sla_breach_at", ["sla_breach_at"], unique=False)
        batch_op.create_index(
            "ix_tickets_status_sla",
            ["status", "sla_breach_at", "priority", "category"],
            unique=False,
        )
        batch_op.create_index("ix_tickets_resolved_at", ["resolved_at"], unique=False)
        batch_op.create_index(
            "ix_tickets_analytics",
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
            unique=False,
        )

    # SQLite rebuilds the table here: keep AUTOINCREMENT, so ids are never reused.
    with op.batch_alter_table(
        "replies", schema=None, table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.add_column(
            sa.Column("ai_assisted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "sla_targets",
        sa.Column(
            "priority",
            sa.SmallInteger(),
            autoincrement=False,
            nullable=False,
            comment="1 low .. 4 urgent",
        ),
        sa.Column("first_response_minutes", sa.Integer(), nullable=False),
        sa.Column("resolution_minutes", sa.Integer(), nullable=False),
        sa.Column("business_hours", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("priority", name=op.f("pk_sla_targets")),
        **_MYSQL,
    )
    op.create_table(
        "sla_business_hours",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False, comment="always 1"),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column(
            "week", _LONG_TEXT, nullable=False, comment='JSON {"monday": [["09:00", "17:00"]], ...}'
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_business_hours")),
        **_MYSQL,
    )
    op.create_table(
        "satisfaction_ratings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("comment", _LONG_TEXT, nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=False, comment="the resolution rated"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rater_id"],
            ["users.id"],
            name=op.f("fk_satisfaction_ratings_rater_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_satisfaction_ratings_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_ratings")),
        sa.UniqueConstraint(
            "ticket_id", "resolved_at", name=op.f("uq_satisfaction_ratings_ticket_id_resolved_at")
        ),
        **_MYSQL,
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("satisfaction_ratings", schema=None) as batch_op:
        batch_op.create_index("ix_satisfaction_ratings_created_at", ["created_at"], unique=False)

    op.create_table(
        "ai_triage",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("priority", sa.SmallInteger(), nullable=True, comment="1 low .. 4 urgent"),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("abstained", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ai_triage_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_triage")),
        **_MYSQL,
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("ai_triage", schema=None) as batch_op:
        batch_op.create_index("ix_ai_triage_ticket_id", ["ticket_id", "id"], unique=False)

    op.create_table(
        "ai_drafts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="pending | accepted | edited | rejected",
        ),
        sa.Column("changed_share_bp", sa.Integer(), nullable=True, comment="0..10000"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reply_id"],
            ["replies.id"],
            name=op.f("fk_ai_drafts_reply_id_replies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ai_drafts_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_drafts")),
        **_MYSQL,
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("ai_drafts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ai_drafts_ticket_created_at", ["ticket_id", "created_at"], unique=False
        )


def downgrade() -> None:
    # Dropping a table drops its indexes (MariaDB refuses to drop one a foreign key uses).
    op.drop_table("ai_drafts")
    op.drop_table("ai_triage")
    op.drop_table("satisfaction_ratings")
    op.drop_table("sla_business_hours")
    op.drop_table("sla_targets")

    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_column("ai_assisted")

    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_analytics")
        batch_op.drop_index("ix_tickets_resolved_at")
        batch_op.drop_index("ix_tickets_status_sla")
        batch_op.drop_index("ix_tickets_sla_breach_at")
        batch_op.drop_column("sla_breach_at")
        batch_op.drop_column("sla_pauses")
        batch_op.drop_column("resolution_paused_at")
        batch_op.drop_column("resolution_due_at")
        batch_op.drop_column("first_responded_at")
        batch_op.drop_column("first_response_due_at")
