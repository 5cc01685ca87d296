"""Building the real app for tests: cheap hashing, a movable clock, a known signing key."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dependency_injector import providers
from litestar.testing import TestClient

from entrypoints.bootstrap import ensure_first_admin
from entrypoints.container import Container, build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.fakes import CHEAP_HASHER, OffsetClock
from tests.http.api import ADMIN_EMAIL, ADMIN_PASSWORD, SECRET_KEY, Api, Server

# The knowledge base without a model download or files: a hashing embedder, vectors in memory.
LIGHT_KNOWLEDGE_BASE: dict[str, Any] = {
    "embedding_model": "hashing",
    "vector_store_path": "memory://",
    "load_sample_kb": False,
    "load_default_categories": False,
}
LIGHT_KNOWLEDGE_BASE_ENV = {
    "EMBEDDING_MODEL": "hashing",
    "VECTOR_STORE_PATH": "memory://",
    "LOAD_SAMPLE_KB": "false",
    "LOAD_DEFAULT_CATEGORIES": "false",
}


def settings_for(database_url: str, data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "environment": "test",
        "console_dist": data_dir / "no-console",  # the API only, whatever frontend/ holds
        "data_dir": data_dir,
        "secret_key": SECRET_KEY,
        "allow_signup": True,
        "admin_email": ADMIN_EMAIL,
        "admin_password": ADMIN_PASSWORD,
        **LIGHT_KNOWLEDGE_BASE,
    }
    values.update(overrides)
    return Settings(**values)


def cheap_container(settings: Settings, clock: Any = None) -> Container:
    """The product's container with the cheap hasher (and optionally a clock) swapped in."""
    container = build_container(settings)
    container.password_hasher.override(providers.Object(CHEAP_HASHER))
    if clock is not None:
        container.clock.override(providers.Object(clock))
    return container


@contextmanager
def running_server(settings: Settings) -> Iterator[Server]:
    clock = OffsetClock()
    container = cheap_container(settings, clock)
    app = create_app(container)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert "authorization" not in client.headers, "anonymous must mean no token at all"
        yield Server(client, container, clock)


def fresh_api(server: Server) -> Api:
    """Bootstrap the admin on empty tables, as `astratickets serve` does, and hand out a
    client signed in as them."""
    server.clock.reset()
    server.container.account_cache().forget_all()  # the tables were emptied underneath
    server.container.sla_policy_cache().forget()
    outcome = server.call(ensure_first_admin, server.container)
    assert outcome.created and outcome.email == ADMIN_EMAIL, outcome
    return server.api_for_admin()


def wipe_sqlite(database: Path) -> None:
    """Empty every table but Alembic's, and restart the id counters.

    This connection leaves foreign keys off, so the order does not matter and
    tables added by later migrations are emptied too. An FTS5 index (the ticket text
    index of migration 0010) is emptied by its own 'delete-all' command: deleting the
    rows of its shadow tables would break it.
    """
    connection = sqlite3.connect(database, timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        tables = dict(
            connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            ).fetchall()
        )
        indexes = [name for name, sql in tables.items() if "USING fts5" in sql]
        for table in tables:
            if table not in indexes and not table.startswith(tuple(f"{i}_" for i in indexes)):
                connection.execute(f'DELETE FROM "{table}"')
        for index in indexes:
            connection.execute(f'INSERT INTO "{index}"("{index}") VALUES (\'delete-all\')')
        if connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ).fetchone():
            connection.execute("DELETE FROM sqlite_sequence")
        connection.execute("COMMIT")
    finally:
        connection.close()
