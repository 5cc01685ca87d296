"""The HTTP API under test: the real app over a migrated SQLite file.

The database is migrated and the app built once per session (per xdist worker);
every test starts from empty tables, wiped through a connection of its own, with
the id counters reset, so the first user or ticket of every test has id 1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.sql.migrate import upgrade_database
from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.http.api import Api


@pytest.fixture(scope="session")
def http_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("http") / "api.db"
    upgrade_database(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _session_client(http_database: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{http_database}",
        environment="test",
        console_dist=http_database.parent / "no-console",  # the API only, whatever frontend/ holds
    )
    app = create_app(build_container(settings))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _wipe(database: Path) -> None:
    """Empty every table but Alembic's, and restart the id counters.

    This connection leaves foreign keys off, so the order does not matter and
    tables added by later migrations are emptied too.
    """
    connection = sqlite3.connect(database, timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        for table in tables:
            connection.execute(f'DELETE FROM "{table}"')
        if connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ).fetchone():
            connection.execute("DELETE FROM sqlite_sequence")
        connection.execute("COMMIT")
    finally:
        connection.close()


@pytest.fixture
def client(_session_client: TestClient, http_database: Path) -> TestClient:
    """The app's client over empty tables."""
    _wipe(http_database)
    return _session_client


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client)
