"""Classifier: training runs, stored triage models, category descriptions, label changes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 10:00:00.000000

The tables are described in adapters/sql/classifier_tables.py. Models are
stored as LONGBLOB on MariaDB (a plain BLOB holds only 64 KiB).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from adapters.sql.types import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin", "mysql_engine": "InnoDB"}
_LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql")
_MODEL_BYTES = sa.LargeBinary().with_variant(mysql.LONGBLOB(), "mysql")


def upgrade() -> None:
    op.create_table(
        "ai_classifier_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_key", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False,
                  comment="training | ready | failed"),
        sa.Column("trigger", sa.String(length=20), nullable=False, comment="manual | labels"),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("label_watermark", sa.Integer(), nullable=False),
        sa.Column("examples", sa.Integer(), nullable=True),
        sa.Column("notes", _LONG_TEXT, nullable=True, comment="JSON list of strings"),
        sa.Column("error", _LONG_TEXT, nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"],
            name=op.f("fk_ai_classifier_runs_requested_by_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_classifier_runs")),
        sa.UniqueConstraint("request_key", name=op.f("uq_ai_classifier_runs_request_key")),
        **_MYSQL,
        sqlite_autoincrement=True,
    )  # fmt: skip
    with op.batch_alter_table("ai_classifier_runs", schema=None) as batch_op:
        batch_op.create_index("ix_ai_classifier_runs_status_id", ["status", "id"])

    op.create_table(
        "ai_triage_models",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False,
                  comment="category | priority | tags"),
        sa.Column("method", sa.String(length=20), nullable=False,
                  comment="supervised | zero-shot"),
        sa.Column("labels", _LONG_TEXT, nullable=False, comment="JSON list"),
        sa.Column("metrics", _LONG_TEXT, nullable=False, comment="JSON object"),
        sa.Column("confused", _LONG_TEXT, nullable=False,
                  comment="JSON [[actual, predicted, count]]"),
        sa.Column("examples", sa.Integer(), nullable=False),
        sa.Column("trained_at", UTCDateTime(), nullable=False),
        sa.Column("model", _MODEL_BYTES, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ai_classifier_runs.id"],
            name=op.f("fk_ai_triage_models_run_id_ai_classifier_runs"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "kind", name=op.f("pk_ai_triage_models")),
        **_MYSQL,
    )  # fmt: skip

    op.create_table(
        "ai_category_descriptions",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", _LONG_TEXT, nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_ai_category_descriptions")),
        **_MYSQL,
    )

    op.create_table(
        "ai_label_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_label_changes")),
        **_MYSQL,
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("ai_label_changes")
    op.drop_table("ai_category_descriptions")
    op.drop_table("ai_triage_models")
    with op.batch_alter_table("ai_classifier_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_ai_classifier_runs_status_id")
    op.drop_table("ai_classifier_runs")
