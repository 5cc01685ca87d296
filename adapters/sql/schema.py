"""The complete schema: importing this module loads every table onto `metadata`.

Each group of tables lives in its own module on the shared `metadata`; add new
modules to the import list below so migrations and tests see them.
"""

from __future__ import annotations

from typing import Any

from adapters.sql import (
    ai_tables,  # noqa: F401  (AI records the dashboard reads)
    analytics_tables,  # noqa: F401  (ticket facts the dashboard reads)
    classifier_tables,  # noqa: F401  (classifier runs, models, category descriptions)
    knowledge_tables,  # noqa: F401  (knowledge base)
    sla_tables,  # noqa: F401  (SLA policy, satisfaction ratings)
    tables,  # noqa: F401  (core: users, tickets, tags, replies)
)
from adapters.sql.tables import metadata
from adapters.sql.text_search import POSTGRES_ONLY_INDEXES
from adapters.sql.ticket_text_index import SQLITE_ONLY_TABLES

__all__ = ["compared_by_alembic", "metadata"]


def compared_by_alembic(_object: Any, name: str | None, type_: str, *_: Any) -> bool:
    """Whether Alembic compares this object with `metadata` (autogenerate, the drift test).

    Not what exists on one database only and so cannot be declared on the tables:
    PostgreSQL's trigram indexes (migration 0009), SQLite's FTS5 text index and its
    shadow tables (migration 0010). Autogenerate would otherwise propose dropping them.
    """
    if type_ == "index":
        return name not in POSTGRES_ONLY_INDEXES
    return not (type_ == "table" and name in SQLITE_ONLY_TABLES)
