"""Case-insensitive substring matching that means the same on every database.

On PostgreSQL, migration 0009 adds trigram GIN indexes on `lower(title)` and
`lower(content)` (when pg_trgm is installed, or the migrating role may install it),
which serve exactly the LIKE written here. They are not declared on the tables:
SQLAlchemy cannot declare an index for one dialect only, so the schema-drift test
leaves these names out (POSTGRES_ONLY_INDEXES).
SQLite and MariaDB scan the tickets for `q`.
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
