"""The HTTP API under test: the real app over a migrated database.

The app is built once per session (per xdist worker) over a migrated SQLite
file; every test starts from empty tables, wiped through a connection of its
own with the id counters reset, and then the first admin is bootstrapped the
way `astratickets serve` does it (ADMIN_EMAIL / ADMIN_PASSWORD), so the admin
is user 1. The default client (`api.client`) sends that admin's bearer token
(made as sign-in makes it; signing in over HTTP is tested in test_sign_in.py).

`_pg_server` / `pg_api` are the same over PostgreSQL (a second app instance),
for tests that must hold on both backends (the authorisation matrix); ids
are not reset there.

Two container providers are overridden for the whole session: the password
hasher (real Argon2id at the lowest cost, so that hashing does not dominate
the run) and the clock (real time plus an offset that `api.clock` moves, so
that a test can jump past a sign-in block; reset before every test).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.sql.migrate import upgrade_database
from tests.http.api import Api, Server
from tests.http.servers import fresh_api, running_server, settings_for, wipe_sqlite

# --- SQLite --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def http_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("http") / "api.db"
    upgrade_database(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _sqlite_server(http_database: Path) -> Iterator[Server]:
    settings = settings_for(f"sqlite+aiosqlite:///{http_database}", http_database.parent)
    with running_server(settings) as server:
        yield server


@pytest.fixture
def server(_sqlite_server: Server, http_database: Path) -> Server:
    """The SQLite app over empty tables (no admin yet)."""
    wipe_sqlite(http_database)
    _sqlite_server.clock.reset()
    _sqlite_server.container.account_cache().forget_all()
    _sqlite_server.container.sla_policy_cache().forget()
    return _sqlite_server


@pytest.fixture
def api(server: Server) -> Api:
    """The SQLite app with only the bootstrapped admin, signed in as them."""
    return fresh_api(server)


# --- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _pg_server(_postgres_database: Any, tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("http-pg")
    with running_server(settings_for(_postgres_database.url, data_dir)) as server:
        yield server


@pytest.fixture
def pg_api(postgres_url: str, _pg_server: Server) -> Api:
    """The PostgreSQL app over empty tables (emptied by `postgres_url`), as the admin."""
    return fresh_api(_pg_server)
