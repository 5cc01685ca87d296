"""Database URLs: accept the usual spellings, always use an async driver."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "mysql": "mysql+asyncmy",
    "mariadb": "mysql+asyncmy",
}


class UnsupportedDatabaseUrl(ValueError):
    pass


def async_database_url(raw: str) -> URL:
    """Map `sqlite:///x.db`, `postgresql://...`, `mysql+pymysql://...` and the like
    to the async driver of the same database (aiosqlite, asyncpg, asyncmy).

    MySQL URLs get `charset=utf8mb4` unless they name a charset, so that any
    Unicode text (emoji included) round-trips.
    """
    try:
        url = make_url(raw)
    except Exception as error:  # sqlalchemy raises ArgumentError with a clear text
        raise UnsupportedDatabaseUrl(f"DATABASE_URL is not a valid URL: {error}") from None
    backend = url.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise UnsupportedDatabaseUrl(
            f"DATABASE_URL names '{backend}'; supported: sqlite, postgresql, mysql/mariadb"
        )
    url = url.set(drivername=_ASYNC_DRIVERS[backend])
    if url.get_backend_name() == "mysql" and "charset" not in url.query:
        url = url.update_query_dict({"charset": "utf8mb4"})
    return url


def dialect_of(url: URL) -> str:
    """'sqlite', 'postgresql' or 'mysql'."""
    return url.get_backend_name()
