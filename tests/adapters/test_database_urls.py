import pytest

from adapters.sql.urls import UnsupportedDatabaseUrl, async_database_url


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("sqlite:///./x.db", "sqlite+aiosqlite"),
        ("sqlite+aiosqlite:///./x.db", "sqlite+aiosqlite"),
        ("postgresql://u:p@h/db", "postgresql+asyncpg"),
        ("postgres://u:p@h/db", "postgresql+asyncpg"),
        ("postgresql+psycopg2://u:p@h/db", "postgresql+asyncpg"),
        ("mysql+pymysql://u:p@h/db", "mysql+asyncmy"),
        ("mysql://u:p@h/db", "mysql+asyncmy"),
        ("mariadb://u:p@h/db", "mysql+asyncmy"),
    ],
)
def test_seed_style_urls_map_to_async_drivers(given: str, driver: str) -> None:
    assert async_database_url(given).drivername == driver


def test_database_and_credentials_are_kept() -> None:
    url = async_database_url("postgresql://user:secret@db.example:6543/helpdesk")
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "user",
        "secret",
        "db.example",
        6543,
        "helpdesk",
    )


def test_mysql_gets_utf8mb4_unless_a_charset_is_named() -> None:
    assert async_database_url("mysql://u@h/db").query["charset"] == "utf8mb4"
    assert async_database_url("mysql://u@h/db?charset=latin1").query["charset"] == "latin1"


@pytest.mark.parametrize("given", ["oracle://u@h/db", "not a url", "redis://localhost"])
def test_unsupported_urls_are_refused_with_a_clear_message(given: str) -> None:
    with pytest.raises(UnsupportedDatabaseUrl, match="DATABASE_URL"):
        async_database_url(given)
