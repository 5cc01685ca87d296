"""What the dashboard reads instead of the tickets themselves (migration 0007).

`ticket_facts` holds one narrow row of integers per ticket: exactly what the
dashboard's figures need, kept in step with the tickets and the AI records by
`adapters/sql/analytics_facts.py` in the transaction of every write (docs/analytics.md,
"Performance"). Instants are microseconds since 1970-01-01 UTC, durations
microseconds, days whole UTC days since 1970-01-01, flags 0 or 1:

- `created_day`, `resolved_day`: the UTC day of `created_at` and of `resolved_at`;
- `status`, `priority`, `category`: the ticket's now;
- `first_response_us`, `resolution_us`: `created_at` to the first response, and
  to `resolved_at` (NULL when there is none);
- `first_response_met`, `resolution_met`: the targets met (they never depend on now);
- `first_response_due_us`, `first_response_done_us` (the first response or else
  the resolution), `resolution_due_us`, `resolution_stopped_us` (the instant the
  resolution clock stands still since): what the "breached" figures compare with now;
- `triage_id`, `triage_abstained`, `triage_category`: the ticket's latest AI triage;
- `first_draft_us`: `created_at` to the ticket's first AI draft;
- `drafts_accepted`, `drafts_edited`, `drafts_rejected`: its drafts so decided;
  `drafts_sent`: accepted or edited drafts that record a changed share, and
  `drafts_changed_bp` the sum of those shares (basis points).

The primary key starts with `created_day`, and on SQLite the table is stored in
that order (WITHOUT ROWID; InnoDB always stores rows in primary-key order), so
the tickets created in a range are one contiguous read. The other indexes serve
one query each: counts by status, priority and category; tickets resolved per day;
the two durations read in order for their percentiles.

`ix_replies_ai_assisted` lets the satisfaction figures find a ticket's public
AI-assisted replies without reading the replies themselves.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    text,
)

from adapters.sql.tables import metadata, replies

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}

FIRST_RESPONSE_ORDER = "ix_ticket_facts_first_response"
RESOLUTION_ORDER = "ix_ticket_facts_resolution"
STATUS_GROUPS = "ix_ticket_facts_status"


def _counter(name: str) -> Column[int]:
    return Column(name, Integer, nullable=False, server_default=text("0"))


ticket_facts = Table(
    "ticket_facts",
    metadata,
    Column("created_day", Integer, nullable=False),
    Column(
        "ticket_id",
        Integer,
        ForeignKey("tickets.id", ondelete="CASCADE"),
        nullable=False,
        autoincrement=False,
    ),
    Column("status", String(20), nullable=False),
    Column("priority", SmallInteger, nullable=False, comment="1 low .. 4 urgent"),
    Column("category", String(100), nullable=True),
    Column("resolved_day", Integer, nullable=True),
    Column("first_response_us", BigInteger, nullable=True),
    Column("resolution_us", BigInteger, nullable=True),
    Column("first_response_met", SmallInteger, nullable=False),
    Column("resolution_met", SmallInteger, nullable=False),
    Column("first_response_due_us", BigInteger, nullable=True),
    Column("first_response_done_us", BigInteger, nullable=True),
    Column("resolution_due_us", BigInteger, nullable=True),
    Column("resolution_stopped_us", BigInteger, nullable=True),
    Column("triage_id", Integer, nullable=True),
    Column("triage_abstained", SmallInteger, nullable=True),
    Column("triage_category", String(100), nullable=True),
    Column("first_draft_us", BigInteger, nullable=True),
    _counter("drafts_accepted"),
    _counter("drafts_edited"),
    _counter("drafts_rejected"),
    _counter("drafts_sent"),
    _counter("drafts_changed_bp"),
    PrimaryKeyConstraint("created_day", "ticket_id"),
    Index("ix_ticket_facts_ticket_id", "ticket_id", unique=True),
    Index(STATUS_GROUPS, "status", "priority", "category", "created_day"),
    Index("ix_ticket_facts_resolved", "resolved_day", "priority", "category"),
    Index(
        FIRST_RESPONSE_ORDER,
        "first_response_us",
        "created_day",
        "priority",
        "category",
        "first_draft_us",
    ),
    Index(RESOLUTION_ORDER, "resolution_us", "created_day", "priority", "category"),
    sqlite_with_rowid=False,
    **_MYSQL,
)

Index(
    "ix_replies_ai_assisted",
    replies.c.ticket_id,
    replies.c.ai_assisted,
    replies.c.internal,
    replies.c.created_at,
)
