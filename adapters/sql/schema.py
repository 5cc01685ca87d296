"""The complete schema: importing this module loads every table onto `metadata`.

Each group of tables lives in its own module on the shared `metadata`; add new
modules to the import list below so migrations and tests see them.
"""

from __future__ import annotations

from adapters.sql import (
    ai_tables,  # noqa: F401  (AI records the dashboard reads)
    analytics_tables,  # noqa: F401  (ticket facts the dashboard reads)
    classifier_tables,  # noqa: F401  (classifier runs, models, category descriptions)
    knowledge_tables,  # noqa: F401  (knowledge base)
    sla_tables,  # noqa: F401  (SLA policy, satisfaction ratings)
    tables,  # noqa: F401  (core: users, tickets, tags, replies)
)
from adapters.sql.tables import metadata

__all__ = ["metadata"]
