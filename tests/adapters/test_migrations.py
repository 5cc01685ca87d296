"""The migrations build exactly the schema the code declares, on every database.

`adapters/sql/schema.py` (the tables the adapters use) and the Alembic
migrations are written separately; these tests fail when they drift apart:
a column, index, constraint or foreign key that one has and the other lacks,
or — on SQLite, where `batch_alter_table` rebuilds tables — a table that lost
AUTOINCREMENT and would hand a deleted row's id to the next one, or `tickets` lost
the triggers that keep its text index (migration 0010) in step.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.sql.engine import create_engine
from adapters.sql.migrate import alembic_config, upgrade_database
from adapters.sql.schema import compared_by_alembic, metadata
from adapters.sql.text_search import POSTGRES_ONLY_INDEXES
from adapters.sql.ticket_text_index import INDEX, SQLITE_ONLY_TABLES, SQLITE_ONLY_TRIGGERS
from adapters.sql.urls import async_database_url
from tests.adapters.raw_rows import insert_raw_tickets
from tests.databases import POSTGRES_SERVER_URL


def _differences(connection: Any) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": False,
            "include_object": compared_by_alembic,
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


def _sqlite_objects(sqlite_url: str) -> dict[str, set[str]]:
    engine = create_sync_engine(sqlite_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT type, name FROM sqlite_master")).all()
    engine.dispose()
    found: dict[str, set[str]] = {}
    for kind, name in rows:
        found.setdefault(kind, set()).add(name)
    return found


def test_sqlite_has_the_text_index_and_the_triggers_that_keep_it(sqlite_url: str) -> None:
    objects = _sqlite_objects(sqlite_url)
    assert objects["table"] >= SQLITE_ONLY_TABLES
    assert objects.get("trigger", set()) >= SQLITE_ONLY_TRIGGERS


def test_sqlite_text_index_goes_on_downgrade_and_indexes_existing_tickets_on_upgrade(
    tmp_path: Any,
) -> None:
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    upgrade_database(url)
    command.downgrade(alembic_config(url), "0009")
    objects = _sqlite_objects(url)
    assert not objects["table"] & SQLITE_ONLY_TABLES
    assert not objects.get("trigger", set()) & SQLITE_ONLY_TRIGGERS

    engine = create_sync_engine(url)
    with engine.begin() as connection:
        insert_raw_tickets(connection, {7: ("Printer jams", "Paper stuck")})
    engine.dispose()
    upgrade_database(url)

    engine = create_sync_engine(url)
    with engine.connect() as connection:
        found = connection.scalars(
            text(f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH '\"stuck\"'")
        ).all()
        connection.execute(
            text(f"INSERT INTO {INDEX}({INDEX}, rank) VALUES ('integrity-check', 1)")
        )
    engine.dispose()
    assert found == [7]


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


def _execute(database_url: str, *statements: str) -> list[Any]:
    """Runs each statement in autocommit mode; the rows of the last one."""

    async def run() -> list[Any]:
        engine = create_async_engine(async_database_url(database_url), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                rows: list[Any] = []
                for statement in statements:
                    result = await connection.execute(text(statement))
                    rows = list(result.all()) if result.returns_rows else []
                return rows
        finally:
            await engine.dispose()

    return asyncio.run(run())


@pytest.fixture
def limited_postgres_role(_postgres_database: Any) -> Iterator[Callable[[bool], str]]:
    """Databases for a role that may create tables but not install extensions (no
    CREATE on the database), optionally with pg_trgm installed by a superuser first."""
    server = make_url(POSTGRES_SERVER_URL)
    role = f"astratickets_limited_{secrets.token_hex(4)}"
    databases: list[str] = []

    def database(with_trigrams: bool) -> str:
        name = f"astratickets_test_{secrets.token_hex(6)}"
        _execute(POSTGRES_SERVER_URL, f'CREATE DATABASE "{name}"')
        databases.append(name)
        _execute(
            server.set(database=name).render_as_string(hide_password=False),
            f'REVOKE CREATE ON DATABASE "{name}" FROM PUBLIC',
            f'GRANT CONNECT ON DATABASE "{name}" TO "{role}"',
            f'GRANT USAGE, CREATE ON SCHEMA public TO "{role}"',
            *(["CREATE EXTENSION pg_trgm"] if with_trigrams else []),
        )
        return server.set(username=role, password=None, database=name).render_as_string(
            hide_password=False
        )

    _execute(POSTGRES_SERVER_URL, f'CREATE ROLE "{role}" LOGIN')
    try:
        yield database
    finally:
        _execute(
            POSTGRES_SERVER_URL,
            *(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in databases),
            f'DROP ROLE IF EXISTS "{role}"',
        )


def _tickets_indexes(database_url: str) -> set[str]:
    rows = _execute(database_url, "SELECT indexname FROM pg_indexes WHERE tablename = 'tickets'")
    return {row[0] for row in rows}


def test_a_role_that_may_not_install_pg_trgm_still_migrates(
    limited_postgres_role: Callable[[bool], str], caplog: pytest.LogCaptureFixture
) -> None:
    url = limited_postgres_role(False)
    with caplog.at_level(logging.WARNING):
        upgrade_database(url)
    indexes = _tickets_indexes(url)
    assert "ix_tickets_priority_id" in indexes
    assert not indexes & POSTGRES_ONLY_INDEXES
    assert any("pg_trgm could not be installed" in r.getMessage() for r in caplog.records)


def test_a_role_uses_pg_trgm_installed_by_an_administrator(
    limited_postgres_role: Callable[[bool], str],
) -> None:
    url = limited_postgres_role(True)
    upgrade_database(url)
    assert _tickets_indexes(url) >= POSTGRES_ONLY_INDEXES
