from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.sql.engine import create_engine

_URL = {"sqlite": "sqlite_url", "postgresql": "postgres_url", "mariadb": "mariadb_url"}


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
async def sql_backend(request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    """An engine on a migrated, empty database of each SQL kind in turn."""
    engine = create_engine(request.getfixturevalue(_URL[request.param]), pool_size=2)
    try:
        yield engine
    finally:
        await engine.dispose()
