"""Engines for each supported database, configured for safe concurrent use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.sql.urls import async_database_url

SQLITE_BUSY_TIMEOUT_S = 30


def create_engine(database_url: str, *, echo: bool = False, pool_size: int = 10) -> AsyncEngine:
    """Build the engine for DATABASE_URL (no connection is made yet).

    SQLite: foreign keys on, WAL journal, a busy timeout, and transactions
    begun explicitly so that writers take the write lock up front
    (`BEGIN IMMEDIATE`) instead of failing when they upgrade from reading.
    Server databases: pre-ping pooled connections so that a restarted server
    costs one failed request at most, not a restart of the app.
    """
    url = async_database_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}
        )
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=1800,
    )


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()
        # SQLite's own lower() folds ASCII only; text search must ignore case in any script.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        # Straight on the driver's connection: one hand-off to aiosqlite's thread, where
        # `exec_driver_sql` takes three (cursor, execute, close) on every transaction.
        connection.connection.dbapi_connection.run_async(
            lambda driver: driver.execute(f"BEGIN {mode}")
        )


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value
