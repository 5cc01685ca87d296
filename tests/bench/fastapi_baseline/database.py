"""Engine and sessions of the baseline: synchronous SQLAlchemy, a session per request.

SQLite gets what any production SQLite deployment sets (WAL, a busy timeout, foreign
keys), the same settings AstraTickets uses, so both are measured on equal terms.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

from tests.bench.fastapi_baseline.models import Base

POOL_SIZE = 10  # AstraTickets' default DATABASE_POOL_SIZE


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=POOL_SIZE,
            max_overflow=POOL_SIZE,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)


def make_sessions(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, autoflush=False, expire_on_commit=False)


def create_schema(url: str) -> None:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
