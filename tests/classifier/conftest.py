from __future__ import annotations

from typing import Any

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.classifier_store import MemoryClassifierStore
from adapters.sql.classifier_store import SqlClassifierStore


@pytest.fixture
def store(uow_factory: Any) -> Any:
    """An empty classifier store of each kind in turn (memory, SQLite, PostgreSQL, MariaDB)."""
    if isinstance(uow_factory, MemoryUnitOfWorkFactory):
        return MemoryClassifierStore()
    return SqlClassifierStore(uow_factory.engine)
