"""Indexes for the ticket list: priority order with its tie-breaker, and text search on PostgreSQL

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:00:00.000000

`ix_tickets_priority_id` serves `sort=priority` / `-priority` (ties by id) and its
keyset pages; the older `ix_tickets_priority_created_at` left the id order to a sort.

On PostgreSQL, `q` (a case-insensitive LIKE '%text%' over `lower(title)` and
`lower(content)`) gets trigram GIN indexes on those very expressions when the pg_trgm
extension is available (it ships with PostgreSQL's contrib and is a trusted extension:
the database owner may create it). The query stays a LIKE, so its meaning is the same on
every database; the index only finds the candidate rows. SQLite and MariaDB still scan
for `q` (docs/benchmarks.md has the figures).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGRAM_INDEXES = {
    "ix_tickets_title_trgm": "lower(title)",
    "ix_tickets_content_trgm": "lower(content)",
}


def _trigrams_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    return found is not None


def upgrade() -> None:
    op.create_index("ix_tickets_priority_id", "tickets", ["priority", "id"])
    if _trigrams_available():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, expression in TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON tickets USING gin ({expression} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_tickets_priority_id", table_name="tickets")
