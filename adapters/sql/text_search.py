"""Case-insensitive substring matching that means the same on every database."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy.sql.elements import ColumnClause

_ESCAPE = "\\"


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
    pattern = _like_pattern(text)
    return or_(*(func.lower(column).like(pattern, escape=_ESCAPE) for column in columns))
