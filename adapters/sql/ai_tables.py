"""What the AI features record, as the dashboard reads it (migration 0004).

The AI work writes these rows; `adapters/sql/analytics_ai.py` turns them into the
dashboard's AI figures (docs/analytics.md, "AI"):

- `ai_triage`: one row per triage of a ticket (the latest row, by id, counts):
  the suggested `category` (and `priority`), its `confidence` (0..1) and whether
  the model `abstained` (made no suggestion).
- `ai_drafts`: one row per draft reply offered to an agent. `status` is `pending`
  until the agent decides, then `accepted` (sent unchanged), `edited` (sent after
  changes) or `rejected` (not sent). `changed_share_bp` is the share of the draft
  changed before sending, in basis points (0..10000; 0 when accepted), `reply_id`
  the reply that was sent.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
)

from adapters.sql.tables import metadata
from adapters.sql.types import UTCDateTime

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}

DRAFT_STATUSES = ("pending", "accepted", "edited", "rejected")

ai_triage = Table(
    "ai_triage",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
    Column("category", String(100), nullable=True),
    Column("priority", SmallInteger, nullable=True, comment="1 low .. 4 urgent"),
    Column("confidence", Float, nullable=True),
    Column("abstained", Boolean, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_ai_triage_ticket_id", "ticket_id", "id"),
    **_MYSQL,
    sqlite_autoincrement=True,
)

ai_drafts = Table(
    "ai_drafts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False),
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="SET NULL"), nullable=True),
    Column("status", String(20), nullable=False, comment=" | ".join(DRAFT_STATUSES)),
    Column("changed_share_bp", Integer, nullable=True, comment="0..10000"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("decided_at", UTCDateTime(), nullable=True),
    Index("ix_ai_drafts_ticket_created_at", "ticket_id", "created_at"),
    **_MYSQL,
    sqlite_autoincrement=True,
)
