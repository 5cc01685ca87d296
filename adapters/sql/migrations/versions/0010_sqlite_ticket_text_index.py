"""Text search on SQLite through an FTS5 trigram index over tickets' title and content

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 01:00:00.000000

On SQLite, `tickets_fts` is an FTS5 table with the trigram tokenizer (SQLite 3.34+,
built with FTS5, as Python's and the distributions' builds are) over `tickets.title`
and `tickets.content`. It is an external-content table: it holds only the index and
reads the text from `tickets` (content='tickets', content_rowid='id'). Three triggers
keep it in step with every write to `tickets`, whoever makes it (the repository, bulk
import, backup restore, a raw sqlite3 connection); existing tickets are indexed by
'rebuild'. `q` keeps its LIKE, which decides; the index only narrows the candidates
(adapters/sql/ticket_text_index.py).

The triggers belong to `tickets`: a later migration that rebuilds `tickets` on SQLite
(`batch_alter_table` copies the table and drops the old one) drops them with it and
must create them again (tests/adapters/test_migrations.py checks they exist at head).

PostgreSQL has its trigram indexes from 0009; MariaDB has nothing comparable that
serves a substring LIKE and keeps scanning for `q`. On both, this migration does nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "tickets_fts"
TRIGGERS = {
    "tickets_fts_after_insert": """
        AFTER INSERT ON tickets BEGIN
            INSERT INTO tickets_fts(rowid, title, content)
            VALUES (new.id, new.title, new.content);
        END""",
    "tickets_fts_after_delete": """
        AFTER DELETE ON tickets BEGIN
            INSERT INTO tickets_fts(tickets_fts, rowid, title, content)
            VALUES ('delete', old.id, old.title, old.content);
        END""",
    # Most edits change neither text (status, assignee ...): they leave the index alone.
    "tickets_fts_after_update": """
        AFTER UPDATE OF id, title, content ON tickets
        WHEN old.id IS NOT new.id OR old.title IS NOT new.title
            OR old.content IS NOT new.content
        BEGIN
            INSERT INTO tickets_fts(tickets_fts, rowid, title, content)
            VALUES ('delete', old.id, old.title, old.content);
            INSERT INTO tickets_fts(rowid, title, content)
            VALUES (new.id, new.title, new.content);
        END""",
}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    try:
        op.execute(
            f"CREATE VIRTUAL TABLE {INDEX} USING fts5(title, content, "
            "content='tickets', content_rowid='id', tokenize='trigram')"
        )
    except sa.exc.OperationalError as error:
        version = bind.execute(sa.text("SELECT sqlite_version()")).scalar()
        raise RuntimeError(
            f"SQLite {version} cannot create the ticket text index ({error.orig}): "
            "AstraTickets needs SQLite 3.34+ built with FTS5 (docs/operations.md)"
        ) from error
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(f"INSERT INTO {INDEX}({INDEX}) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {INDEX}")
