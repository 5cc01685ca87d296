"""What the AI pipeline records (migrations 0004 and 0005).

The pipeline (`adapters/sql/ai_repository.py`) writes these rows;
`adapters/sql/analytics_ai.py` turns them into the dashboard's AI figures
(docs/analytics.md, "AI"):

- `ai_triage`: one row per triage of a ticket (the latest row, by id, counts):
  the suggested `category` with its `confidence` (0..1), `category_source`
  (`model`, `zero-shot`, `llm`) and `category_reason`; `abstained` is true when
  no category was suggested with enough confidence ("needs a human"). The
  suggested `priority` (1 low .. 4 urgent) with its source, reason, confidence
  and abstention; `tags` as JSON (a list of suggestions, each with value,
  source, reason, confidence, abstained). `ticket_version` is the version of
  the ticket that was triaged (NULL on rows from before 0005).
- `ai_drafts`: one row per draft reply offered to an agent, for the ticket at
  `ticket_version`. `status` is `pending` until the agent decides, then
  `accepted` (sent unchanged), `edited` (sent after changes) or `rejected` (not
  sent, with `reject_reason`); `failed` when the pipeline could not write one
  (`failure_reason`, after `attempts` runs). `changed_share_bp` is the share of
  the draft changed before sending, in basis points (0..10000; 0 when
  accepted), `reply_id` the reply that was sent, `decided_by` the agent who
  decided. `text`, `model` (`extractive` for the built-in drafter), `language`,
  `latency_ms`, token counts, `citations` (JSON) and `fallback_reason` (why the
  language model was not used) describe how the draft was written.
- `ai_jobs`: the state of every background job, keyed by its idempotency key
  (e.g. `triage:42:v1`): `kind`, the `ticket_id` it concerns (if any), its JSON
  `payload`, `status` (`queued`, `running`, `done`, `failed`), the `attempts`
  made so far and the last `error`. It is the record of the work owed and
  survives restarts: the in-process queue re-runs unfinished jobs on start-up, and
  SAQ workers re-queue those Redis lost (`adapters/jobs/saq_queue.py`).
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
    text,
)

from adapters.sql.tables import metadata
from adapters.sql.types import LongText, UTCDateTime

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}

DRAFT_STATUSES = ("pending", "accepted", "edited", "rejected", "failed")
JOB_STATUSES = ("queued", "running", "done", "failed")

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
    Column("ticket_version", Integer, nullable=True),
    Column("category_source", String(20), nullable=True),
    Column("category_reason", LongText, nullable=True),
    Column("priority_source", String(20), nullable=True),
    Column("priority_reason", LongText, nullable=True),
    Column("priority_confidence", Float, nullable=True),
    Column("priority_abstained", Boolean, nullable=True),
    Column(
        "tags",
        LongText,
        nullable=True,
        comment="JSON [{value, source, reason, confidence, abstained}, ...]",
    ),
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
    Column("ticket_version", Integer, nullable=True),
    Column("text", LongText, nullable=True),
    Column("model", String(200), nullable=False, server_default=""),
    Column("language", String(16), nullable=True),
    Column("latency_ms", Float, nullable=True),
    Column("prompt_tokens", Integer, nullable=True),
    Column("completion_tokens", Integer, nullable=True),
    Column(
        "citations",
        LongText,
        nullable=True,
        comment="JSON [{marker, document_id, chunk_id, ticket_id, title, snippet}, ...]",
    ),
    Column("fallback_reason", LongText, nullable=True),
    Column("failure_reason", LongText, nullable=True),
    Column("attempts", Integer, nullable=False, server_default=text("1")),
    Column("reject_reason", LongText, nullable=True),
    Column("decided_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Index("ix_ai_drafts_ticket_created_at", "ticket_id", "created_at"),
    **_MYSQL,
    sqlite_autoincrement=True,
)

ai_jobs = Table(
    "ai_jobs",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("kind", String(60), nullable=False),
    Column("ticket_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=True),
    Column("payload", LongText, nullable=False, comment="JSON object"),
    Column("status", String(20), nullable=False, comment=" | ".join(JOB_STATUSES)),
    Column("attempts", Integer, nullable=False),
    Column("error", LongText, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_ai_jobs_ticket_updated_at", "ticket_id", "updated_at"),
    Index("ix_ai_jobs_status_updated_at", "status", "updated_at"),
    **_MYSQL,
)
