"""Database fixtures for every test folder (registered from tests/conftest.py).

- `sqlite_url`: a migrated SQLite file of its own for each test (a copy of a template
  migrated once per session).
- `postgres_url`, `mariadb_url`: a database created and migrated once per session under a
  unique name (`astratickets_test_<random>`) and dropped at the end; every test that asks
  for it gets it with all tables emptied (ids are not reset).
- `uow_factory`: the unit-of-work factory of each backend in turn:
  memory, sqlite, postgresql, mariadb.

The servers are found at ASTRATICKETS_TEST_POSTGRES_URL / ASTRATICKETS_TEST_MARIADB_URL
(defaults: the local CI services). When one is unreachable its tests are skipped, unless
REQUIRE_SERVICES=1, which makes them fail instead. Tests that use a server are marked
`postgres` / `mariadb`, so `-m "not postgres and not mariadb"` runs without them.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.schema import metadata
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from adapters.sql.urls import async_database_url

POSTGRES_SERVER_URL = os.environ.get(
    "ASTRATICKETS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
MARIADB_SERVER_URL = os.environ.get(
    "ASTRATICKETS_TEST_MARIADB_URL", "mysql://root@127.0.0.1:3306/test"
)
CONNECT_TIMEOUT_S = 5

# Children before parents, so that emptying never trips a foreign key.
TABLES_IN_DELETE_ORDER = tuple(table.name for table in reversed(metadata.sorted_tables))

BACKENDS = ("memory", "sqlite", "postgresql", "mariadb")

T = TypeVar("T")


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


class _BackgroundLoop:
    """An event loop on its own thread for session-long maintenance work.

    Session fixtures are synchronous and each test has its own event loop, so the
    maintenance connections (create, empty, drop databases) live here instead.
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="test-db-maintenance", daemon=True
        )
        self._thread.start()

    def run(self, make: Callable[[], Awaitable[T]]) -> T:
        async def wrapped() -> T:
            return await make()

        future: Future[T] = asyncio.run_coroutine_threadsafe(wrapped(), self._loop)
        return future.result()

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


@dataclass
class _ServerDatabase:
    """One uniquely named, migrated database on a server, with a maintenance engine."""

    url: str
    engine: AsyncEngine


def _maintenance_engine(server_url: str) -> AsyncEngine:
    url = async_database_url(server_url)
    connect_args: dict[str, Any] = (
        {"timeout": CONNECT_TIMEOUT_S}
        if url.get_backend_name() == "postgresql"
        else {"connect_timeout": CONNECT_TIMEOUT_S}
    )
    return create_async_engine(
        url, isolation_level="AUTOCOMMIT", connect_args=connect_args, pool_size=1
    )


def _server_database(
    loop: _BackgroundLoop, server_url: str, label: str, marker: str
) -> Iterator[_ServerDatabase]:
    """Create, migrate, hand out and finally drop one test database on a server."""
    url = make_url(server_url)
    is_postgres = async_database_url(server_url).get_backend_name() == "postgresql"
    name = f"astratickets_test_{secrets.token_hex(6)}"
    admin = _maintenance_engine(server_url)

    async def create() -> None:
        async with admin.connect() as connection:
            if is_postgres:
                await connection.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8'"))
            else:
                await connection.execute(
                    text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
                )

    try:
        loop.run(create)
    except Exception as error:  # unreachable server, refused login, ...
        loop.run(admin.dispose)
        reason = (
            f"{label} at {url.render_as_string(hide_password=True)} is unavailable "
            f"({type(error).__name__}: {error})"
        )
        if services_required():
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(
            f"{reason}; set REQUIRE_SERVICES=1 to make this a failure, "
            f"or deselect with -m 'not {marker}'"
        )

    database_url = url.set(database=name).render_as_string(hide_password=False)
    engine: AsyncEngine | None = None
    try:
        upgrade_database(database_url)
        engine = create_engine(database_url, pool_size=1)
        yield _ServerDatabase(database_url, engine)
    finally:

        async def drop() -> None:
            if engine is not None:
                await engine.dispose()
            async with admin.connect() as connection:
                if is_postgres:
                    await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                else:
                    await connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
            await admin.dispose()

        loop.run(drop)


def empty_server_database(loop: _BackgroundLoop, database: _ServerDatabase) -> str:
    """Delete every row of every table; the database's URL."""

    async def empty() -> None:
        async with database.engine.begin() as connection:
            for table in TABLES_IN_DELETE_ORDER:
                await connection.execute(text(f"DELETE FROM {table}"))

    loop.run(empty)
    return database.url


@pytest.fixture(scope="session")
def _maintenance_loop() -> Iterator[_BackgroundLoop]:
    loop = _BackgroundLoop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def _postgres_database(_maintenance_loop: _BackgroundLoop) -> Iterator[_ServerDatabase]:
    yield from _server_database(_maintenance_loop, POSTGRES_SERVER_URL, "PostgreSQL", "postgres")


@pytest.fixture(scope="session")
def _mariadb_database(_maintenance_loop: _BackgroundLoop) -> Iterator[_ServerDatabase]:
    yield from _server_database(_maintenance_loop, MARIADB_SERVER_URL, "MariaDB", "mariadb")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(_sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    """A migrated SQLite database file of this test's own."""
    path = tmp_path / f"astratickets_test_{secrets.token_hex(4)}.db"
    for suffix in ("", "-wal"):
        source = _sqlite_template.with_name(_sqlite_template.name + suffix)
        if source.exists():
            shutil.copyfile(source, path.with_name(path.name + suffix))
    yield f"sqlite:///{path}"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


@pytest.fixture
def postgres_url(_maintenance_loop: _BackgroundLoop, _postgres_database: _ServerDatabase) -> str:
    """A migrated PostgreSQL database with empty tables (shared by the session)."""
    return empty_server_database(_maintenance_loop, _postgres_database)


@pytest.fixture
def mariadb_url(_maintenance_loop: _BackgroundLoop, _mariadb_database: _ServerDatabase) -> str:
    """A migrated MariaDB database with empty tables (shared by the session)."""
    return empty_server_database(_maintenance_loop, _mariadb_database)


_URL_FIXTURE = {"sqlite": "sqlite_url", "postgresql": "postgres_url", "mariadb": "mariadb_url"}


@pytest.fixture(
    params=[
        "memory",
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ]
)
async def uow_factory(request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    """A unit-of-work factory over empty storage, once per backend."""
    if request.param == "memory":
        yield MemoryUnitOfWorkFactory()
        return
    url = request.getfixturevalue(_URL_FIXTURE[request.param])
    engine = create_engine(url, pool_size=2)
    try:
        yield SqlUnitOfWorkFactory(engine)
    finally:
        await engine.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that use a server database directly, so that `-m` can deselect them."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "postgres_url" in names or "_postgres_database" in names:
            item.add_marker(pytest.mark.postgres)
        if "mariadb_url" in names or "_mariadb_database" in names:
            item.add_marker(pytest.mark.mariadb)
