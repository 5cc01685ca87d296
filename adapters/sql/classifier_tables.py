"""Tables of the ticket classifier: training runs, stored models, categories (migration 0006).

- `ai_classifier_runs`: one row per training. `status` is `training` from the
  request until the job ends, then `ready` or `failed` (with `error`).
  `request_key` (`after-run-<id of the run before>`) is unique, so two
  processes asking for a training at the same moment create one run.
  `label_watermark` is the last `ai_label_changes` id counted when the run was
  requested: changes after it count towards the next retraining.
- `ai_triage_models`: the models a ready run produced, one per `kind`
  (`category`, `priority`, `tags`): the serialised model (`model`, a zip of JSON
  and numpy arrays, about 2 MB for 77 categories; LONGBLOB on MariaDB, whose
  BLOB holds only 64 KiB), its `method`, `labels`, cross-validated `metrics`,
  the most `confused` label pairs and the number of `examples`.
- `ai_category_descriptions`: the administrators' category descriptions, used
  for zero-shot categories while no category model has been learned.
- `ai_label_changes`: how many ticket labels (category, priority, tags) changed,
  appended after each change or import; summed since the last run's watermark
  to decide on retraining.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
)
from sqlalchemy.dialects import mysql

from adapters.sql.tables import metadata
from adapters.sql.types import LongText, UTCDateTime

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}

ModelBytes = LargeBinary().with_variant(mysql.LONGBLOB(), "mysql")
"""Serialised models of several MB (MariaDB's plain BLOB stops at 64 KiB)."""

RUN_STATUSES = ("training", "ready", "failed")
MODEL_KINDS = ("category", "priority", "tags")

ai_classifier_runs = Table(
    "ai_classifier_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_key", String(100), nullable=False, unique=True),
    Column("status", String(20), nullable=False, comment=" | ".join(RUN_STATUSES)),
    Column("trigger", String(20), nullable=False, comment="manual | labels"),
    Column("requested_by", Integer, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    Column("requested_at", UTCDateTime(), nullable=False),
    Column("started_at", UTCDateTime(), nullable=True),
    Column("finished_at", UTCDateTime(), nullable=True),
    Column("label_watermark", Integer, nullable=False),
    Column("examples", Integer, nullable=True),
    Column("notes", LongText, nullable=True, comment="JSON list of strings"),
    Column("error", LongText, nullable=True),
    Index("ix_ai_classifier_runs_status_id", "status", "id"),
    **_MYSQL,
    sqlite_autoincrement=True,
)

ai_triage_models = Table(
    "ai_triage_models",
    metadata,
    Column(
        "run_id",
        Integer,
        ForeignKey("ai_classifier_runs.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("kind", String(20), primary_key=True, comment=" | ".join(MODEL_KINDS)),
    Column("method", String(20), nullable=False, comment="supervised | zero-shot"),
    Column("labels", LongText, nullable=False, comment="JSON list"),
    Column("metrics", LongText, nullable=False, comment="JSON object"),
    Column("confused", LongText, nullable=False, comment="JSON [[actual, predicted, count]]"),
    Column("examples", Integer, nullable=False),
    Column("trained_at", UTCDateTime(), nullable=False),
    Column("model", ModelBytes, nullable=False),
    **_MYSQL,
)

ai_category_descriptions = Table(
    "ai_category_descriptions",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("description", LongText, nullable=False),
    Column("position", SmallInteger, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    **_MYSQL,
)

ai_label_changes = Table(
    "ai_label_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("changes", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    **_MYSQL,
    sqlite_autoincrement=True,
)
