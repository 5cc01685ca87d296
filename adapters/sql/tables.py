"""The relational schema. Alembic migrations create it; adapters read and write it."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    false,
    true,
)

from adapters.sql.types import LongText, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}
# SQLite would otherwise hand the id of a deleted last row to the next insert, and a
# stale URL or If-Match could then act on a different ticket.
_NEVER_REUSE_IDS = {"sqlite_autoincrement": True}

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("role", String(20), nullable=False, server_default="customer"),
    Column("password_hash", String(255), nullable=True),
    Column("active", Boolean, nullable=False, server_default=true()),
    **_MYSQL,
    **_NEVER_REUSE_IDS,
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(200), nullable=False),
    Column("content", LongText, nullable=False),
    Column("status", String(20), nullable=False),
    Column("priority", SmallInteger, nullable=False, comment="1 low .. 4 urgent"),
    Column("category", String(100), nullable=True),
    Column(
        "requester_id",
        Integer,
        ForeignKey("users.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column(
        "assignee_id",
        Integer,
        ForeignKey("users.id", ondelete="SET NULL"),
        nullable=True,
    ),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("resolved_at", UTCDateTime(), nullable=True),
    Column("version", Integer, nullable=False),
    # SLA clocks (domain/tickets/sla_clock.py); NULL on tickets stored before 0004.
    Column("first_response_due_at", UTCDateTime(), nullable=True),
    Column("first_responded_at", UTCDateTime(), nullable=True),
    Column("resolution_due_at", UTCDateTime(), nullable=True),
    Column("resolution_paused_at", UTCDateTime(), nullable=True),
    Column("sla_pauses", LongText, nullable=True, comment="JSON [[start, end], ...]"),
    Column(
        "sla_breach_at",
        UTCDateTime(),
        nullable=True,
        comment="derived: when the ticket is or will be breached; indexed for sla=",
    ),
    Index("ix_tickets_created_at_id", "created_at", "id"),
    Index("ix_tickets_updated_at_id", "updated_at", "id"),
    Index("ix_tickets_status_created_at", "status", "created_at", "id"),
    Index("ix_tickets_priority_created_at", "priority", "created_at", "id"),
    Index("ix_tickets_priority_id", "priority", "id"),
    Index("ix_tickets_requester_created_at", "requester_id", "created_at", "id"),
    Index("ix_tickets_assignee_created_at", "assignee_id", "created_at", "id"),
    Index("ix_tickets_category_created_at", "category", "created_at", "id"),
    Index("ix_tickets_sla_breach_at", "sla_breach_at"),
    Index("ix_tickets_status_sla", "status", "sla_breach_at", "priority", "category"),
    Index("ix_tickets_resolved_at", "resolved_at"),
    **_MYSQL,
    **_NEVER_REUSE_IDS,
)

ticket_tags = Table(
    "ticket_tags",
    metadata,
    Column(
        "ticket_id",
        Integer,
        ForeignKey("tickets.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("tag", String(40), primary_key=True),
    Column("position", SmallInteger, nullable=False),
    Index("ix_ticket_tags_tag_ticket", "tag", "ticket_id"),
    **_MYSQL,
)

replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "ticket_id",
        Integer,
        ForeignKey("tickets.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "author_id",
        Integer,
        ForeignKey("users.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column("content", LongText, nullable=False),
    Column("internal", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("ai_assisted", Boolean, nullable=False, default=False, server_default=false()),
    Index("ix_replies_ticket_created_at", "ticket_id", "created_at", "id"),
    Index("ix_replies_author_id", "author_id"),
    **_MYSQL,
    **_NEVER_REUSE_IDS,
)

ticket_activity = Table(
    "ticket_activity",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "ticket_id",
        Integer,
        ForeignKey("tickets.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("actor_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("action", String(40), nullable=False),
    Column("details", LongText, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_ticket_activity_ticket_created_at", "ticket_id", "created_at", "id"),
    **_MYSQL,
    **_NEVER_REUSE_IDS,
)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_started_at", UTCDateTime(), nullable=False),
    Column("blocked_until", UTCDateTime(), nullable=True),
    **_MYSQL,
)
