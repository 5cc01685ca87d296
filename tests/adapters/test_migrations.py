"""The migrations build exactly the schema the code declares, on every database.

`adapters/sql/schema.py` (the tables the adapters use) and the Alembic
migrations are written separately; these tests fail when they drift apart:
a column, index, constraint or foreign key that one has and the other lacks,
or — on SQLite, where `batch_alter_table` rebuilds tables — a table that lost
AUTOINCREMENT and would hand a deleted row's id to the next one.
"""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import text

from adapters.sql.engine import create_engine
from adapters.sql.schema import metadata
from adapters.sql.text_search import POSTGRES_ONLY_INDEXES


def _declared_or_compared(_object: Any, name: Any, type_: str, *_: Any) -> bool:
    """Leave out PostgreSQL's trigram indexes, which the tables cannot declare."""
    return not (type_ == "index" and name in POSTGRES_ONLY_INDEXES)


def _differences(connection: Any) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": False,
            "include_object": _declared_or_compared,
        },
    )
    return compare_metadata(context, metadata)


def test_sqlite_migrations_match_the_declared_schema(sqlite_url: str) -> None:
    engine = create_sync_engine(sqlite_url)
    with engine.connect() as connection:
        assert _differences(connection) == []
    engine.dispose()


def test_sqlite_tables_keep_autoincrement_through_every_migration(sqlite_url: str) -> None:
    engine = create_sync_engine(sqlite_url)
    with engine.connect() as connection:
        created = dict(
            connection.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
            ).all()
        )
    engine.dispose()
    declared = {
        table.name: bool(table.dialect_options["sqlite"]["autoincrement"])
        for table in metadata.sorted_tables
    }
    built = {name: "AUTOINCREMENT" in created[name] for name in declared}
    assert built == declared


@pytest.mark.parametrize("server", ["postgres_url", "mariadb_url"])
async def test_server_migrations_match_the_declared_schema(
    server: str, request: pytest.FixtureRequest
) -> None:
    engine = create_engine(request.getfixturevalue(server), pool_size=1)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
    finally:
        await engine.dispose()


async def test_postgres_has_the_trigram_indexes_for_text_search(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            found = await connection.scalars(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'tickets'")
            )
            assert set(found) >= POSTGRES_ONLY_INDEXES
    finally:
        await engine.dispose()
