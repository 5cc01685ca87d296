"""Case-insensitive substring matching that means the same on every database.

On PostgreSQL, migration 0009 adds trigram GIN indexes on `lower(title)` and
`lower(content)` (when pg_trgm is installed, or the migrating role may install it),
which serve exactly the LIKE written here. They are not declared on the tables:
SQLAlchemy cannot declare an index for one dialect only, so the schema-drift test
leaves these names out (POSTGRES_ONLY_INDEXES).
On SQLite, the ticket repository adds to this LIKE a condition on the FTS5 trigram
index of migration 0010 (adapters/sql/ticket_text_index.py), for texts of three
characters or more (with exceptions explained there): the index finds the candidate
tickets, this LIKE still decides. MariaDB scans the tickets for `q`; every database
scans the users for theirs.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, or_
from sqlalchemy.sql.elements import ColumnClause

from adapters.sql.limits import storable_text

_ESCAPE = "\\"

POSTGRES_ONLY_INDEXES = frozenset({"ix_tickets_title_trgm", "ix_tickets_content_trgm"})


def _like_pattern(text: str) -> str:
    escaped = (
        text.lower()
        .replace(_ESCAPE, _ESCAPE * 2)
        .replace("%", _ESCAPE + "%")
        .replace("_", _ESCAPE + "_")
    )
    return f"%{escaped}%"


def contains_text(columns: list[ColumnClause[str]], text: str) -> ColumnElement[bool]:
    """True where any column contains `text`, ignoring case; % and _ are literal."""
    if not storable_text(text):
        return false()
    pattern = _like_pattern(text)
    return or_(*(func.lower(column).like(pattern, escape=_ESCAPE) for column in columns))
