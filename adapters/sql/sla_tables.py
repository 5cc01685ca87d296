"""Tables of the SLA policy and of satisfaction ratings (migration 0004)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
)

from adapters.sql.tables import metadata
from adapters.sql.types import LongText, UTCDateTime

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}

sla_targets = Table(
    "sla_targets",
    metadata,
    Column(
        "priority", SmallInteger, primary_key=True, autoincrement=False, comment="1 low .. 4 urgent"
    ),
    Column("first_response_minutes", Integer, nullable=False),
    Column("resolution_minutes", Integer, nullable=False),
    Column("business_hours", Boolean, nullable=False),
    **_MYSQL,
)
"""One row per priority; no rows means the default policy."""

sla_business_hours = Table(
    "sla_business_hours",
    metadata,
    Column("id", SmallInteger, primary_key=True, autoincrement=False, comment="always 1"),
    Column("timezone", String(64), nullable=False),
    Column("week", LongText, nullable=False, comment='JSON {"monday": [["09:00", "17:00"]], ...}'),
    **_MYSQL,
)
"""At most one row: the calendar targets with business_hours count in."""

satisfaction_ratings = Table(
    "satisfaction_ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
    Column("rater_id", Integer, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
    Column("score", SmallInteger, nullable=False),
    Column("comment", LongText, nullable=True),
    Column("resolved_at", UTCDateTime(), nullable=False, comment="the resolution rated"),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("ticket_id", "resolved_at"),
    Index("ix_satisfaction_ratings_created_at", "created_at"),
    **_MYSQL,
    sqlite_autoincrement=True,
)
