"""Indexes for the ticket list: priority order with its tie-breaker, and text search on PostgreSQL

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:00:00.000000

`ix_tickets_priority_id` serves `sort=priority` / `-priority` (ties by id) and its
keyset pages; the older `ix_tickets_priority_created_at` left the id order to a sort.

On PostgreSQL, `q` (a case-insensitive LIKE '%text%' over `lower(title)` and
`lower(content)`) gets trigram GIN indexes on those very expressions when the pg_trgm
extension is installed in the database, or can be installed by the migrating role (it
ships with PostgreSQL's contrib and is a trusted extension: a role with CREATE on the
database may install it). A role that may not is no reason to fail the upgrade: the
attempt runs in a savepoint, the indexes are left out with a warning, and `q` scans
until an administrator runs `CREATE EXTENSION pg_trgm` and the indexes are added
(docs/operations.md). The query stays a LIKE, so its meaning is the same on every
database; the index only finds the candidate rows. SQLite and MariaDB still scan for
`q` (docs/benchmarks.md has the figures).
"""

import logging
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


log = logging.getLogger("alembic.runtime.migration")


def _trigrams_installed() -> bool:
    """True when pg_trgm is in this database, installing it if the role may."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    if bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
        return True
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        log.warning("pg_trgm is not available on this server: `q` will scan the tickets")
        return False
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION pg_trgm"))
    except sa.exc.DBAPIError as error:
        log.warning(
            "pg_trgm could not be installed (%s): `q` will scan the tickets until an "
            "administrator runs CREATE EXTENSION pg_trgm and adds the trigram indexes "
            "(docs/operations.md)",
            str(error.orig).splitlines()[0],
        )
        return False
    return True


def upgrade() -> None:
    op.create_index("ix_tickets_priority_id", "tickets", ["priority", "id"])
    if _trigrams_installed():
        for name, expression in TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON tickets USING gin ({expression} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_tickets_priority_id", table_name="tickets")
