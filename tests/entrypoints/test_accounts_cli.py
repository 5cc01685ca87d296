"""The first admin, `astratickets serve`'s refusals, and `astratickets users ...`.

`serve` is run through click's CliRunner with uvicorn.run replaced, so nothing
listens on a port. The commands' container hashes passwords at the lowest Argon2
cost, except in one test that runs them exactly as shipped.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner, Result

import entrypoints.container
from application.errors import InvalidCredentials
from application.use_cases.sign_in import SignIn
from entrypoints.bootstrap import DEFAULT_ADMIN_EMAIL, ensure_first_admin
from entrypoints.cli import main
from entrypoints.settings import Settings
from tests.http.servers import LIGHT_KNOWLEDGE_BASE, LIGHT_KNOWLEDGE_BASE_ENV, cheap_container

GOOD_KEY = "a-real-secret-key-" + "0123456789" * 3
PASSWORD = "a long enough passphrase"


# --- ensure_first_admin --------------------------------------------------------------------


def _memory_settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(
        database_url="memory://",
        data_dir=tmp_path,
        secret_key=GOOD_KEY,
        **LIGHT_KNOWLEDGE_BASE,
        **values,
    )


async def _signs_in(container, email: str, password: str) -> Any:
    return await container.sign_in()(SignIn(email=email, password=password))


async def test_the_first_admin_comes_from_admin_email_and_password(tmp_path: Path) -> None:
    settings = _memory_settings(tmp_path, admin_email="Boss@Example.com", admin_password=PASSWORD)
    container = cheap_container(settings)

    outcome = await ensure_first_admin(container)

    assert (outcome.created, outcome.email, outcome.generated_password) == (
        True,
        "boss@example.com",
        None,
    )
    message = outcome.message("http://here:1")
    assert "boss@example.com" in message and "http://here:1" in message
    assert PASSWORD not in message
    admin = await _signs_in(container, "boss@example.com", PASSWORD)
    assert admin.role.value == "admin"


async def test_without_a_password_one_is_generated_and_shown_once(tmp_path: Path) -> None:
    container = cheap_container(_memory_settings(tmp_path))

    outcome = await ensure_first_admin(container)

    assert outcome.created and outcome.email == DEFAULT_ADMIN_EMAIL
    assert outcome.generated_password and len(outcome.generated_password) >= 12
    assert outcome.generated_password in outcome.message("http://here:1")
    assert await _signs_in(container, DEFAULT_ADMIN_EMAIL, outcome.generated_password)

    again = await ensure_first_admin(container)
    assert (again.created, again.generated_password) == (False, None)
    assert "users create --role admin" in again.message("http://here:1")


async def test_nothing_is_done_while_an_active_admin_exists(tmp_path: Path) -> None:
    first = cheap_container(_memory_settings(tmp_path, admin_password=PASSWORD))
    assert (await ensure_first_admin(first)).created
    # Same store, other settings: still nothing to do.
    container = first
    container.settings.override(
        _memory_settings(tmp_path, admin_email="other@example.com", admin_password=PASSWORD)
    )
    outcome = await ensure_first_admin(container)
    assert not outcome.created
    with pytest.raises(InvalidCredentials):
        await _signs_in(container, "other@example.com", PASSWORD)


# --- astratickets serve --------------------------------------------------------------------


def _clean_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A clean environment in an empty folder (no .env), and a uvicorn that never serves."""
    monkeypatch.chdir(tmp_path)
    for name in ("SECRET_KEY", "ADMIN_EMAIL", "ADMIN_PASSWORD", "ALLOW_SIGNUP", "ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "cli.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    for name, value in LIGHT_KNOWLEDGE_BASE_ENV.items():
        monkeypatch.setenv(name, value)
    served: list[dict[str, Any]] = []
    monkeypatch.setattr(
        uvicorn, "run", lambda app, **options: served.append({"app": app, **options})
    )
    return {"database": database, "served": served, "monkeypatch": monkeypatch}


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The CLI with the cheap hasher in its container (hashing at full cost takes long)."""
    monkeypatch.setattr(entrypoints.container, "build_container", cheap_container)
    return _clean_cli(tmp_path, monkeypatch)


@pytest.fixture
def real_cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The CLI exactly as shipped, full-cost hashing included."""
    return _clean_cli(tmp_path, monkeypatch)


def _settings_now() -> Settings:
    return Settings.from_env(env_file=None)


def _invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"SECRET_KEY": "change-me"},
        {"SECRET_KEY": "too-short-for-a-real-key"},
    ],
)
def test_serve_refuses_to_start_in_production_without_a_real_key(cli_env, env) -> None:
    cli_env["monkeypatch"].setenv("ENVIRONMENT", "production")
    for name, value in env.items():
        cli_env["monkeypatch"].setenv(name, value)

    result = _invoke("serve")

    assert result.exit_code == 2, result.output
    assert "SECRET_KEY" in result.output
    assert cli_env["served"] == []
    assert not cli_env["database"].exists(), "it stops before touching the database"


def test_serve_in_production_with_a_real_key_starts(cli_env) -> None:
    cli_env["monkeypatch"].setenv("ENVIRONMENT", "production")
    cli_env["monkeypatch"].setenv("SECRET_KEY", GOOD_KEY)
    cli_env["monkeypatch"].setenv("ADMIN_EMAIL", "ops@example.com")
    cli_env["monkeypatch"].setenv("ADMIN_PASSWORD", PASSWORD)

    result = _invoke("serve", "--port", "8123")

    assert result.exit_code == 0, result.output
    assert "Created the first admin account ops@example.com" in result.output
    assert PASSWORD not in result.output
    (served,) = cli_env["served"]
    assert (served["app"], served["factory"], served["port"]) == (
        "entrypoints.asgi:make_app",
        True,
        8123,
    )


def test_serve_in_development_bootstraps_an_admin_once(cli_env) -> None:
    first = _invoke("serve")

    assert first.exit_code == 0, first.output
    match = re.search(r"e-mail:\s+(\S+)\s+password:\s+(\S+)", first.output)
    assert match, first.output
    email, password = match.groups()
    assert email == DEFAULT_ADMIN_EMAIL
    key_file = Path("data") / "secret_key"
    assert key_file.is_file()

    second = _invoke("serve")

    assert second.exit_code == 0, second.output
    assert password not in second.output and "Created" not in second.output
    assert "Sign in at" in second.output
    assert len(cli_env["served"]) == 2
    assert (Path("data") / "secret_key").read_text() == key_file.read_text()
    admin = asyncio.run(_with_container(_signs_in, email, password))
    assert admin.role.value == "admin"


# --- astratickets users ... ----------------------------------------------------------------


async def _with_container(work, *args: Any) -> Any:
    container = entrypoints.container.build_container(_settings_now())
    try:
        return await work(container, *args)
    finally:
        await container.health_probe().close()


def test_users_create_makes_an_account_that_signs_in(real_cli_env) -> None:
    result = _invoke(
        "users", "create", "--role", "agent", "--email", "Agent@Example.com",
        "--name", "Agent Smith", "--password", PASSWORD,
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "created agent agent@example.com" in result.output
    agent = asyncio.run(_with_container(_signs_in, "agent@example.com", PASSWORD))
    assert (agent.role.value, agent.name) == ("agent", "Agent Smith")


def test_users_create_prompts_for_what_is_missing(cli_env) -> None:
    result = _invoke(
        "users", "create", "--role", "admin",
        input=f"prompted@example.com\nPrompted\n{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    admin = asyncio.run(_with_container(_signs_in, "prompted@example.com", PASSWORD))
    assert admin.role.value == "admin"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--password", "short"], "password"),
        (["--password", "dup@example.com"], "password"),
        (["--role", "root"], "root"),
    ],
)
def test_users_create_explains_a_refusal_in_one_line(cli_env, args, message) -> None:
    base = ["users", "create", "--email", "dup@example.com", "--name", "D"]
    if "--password" not in args:
        args = [*args, "--password", PASSWORD]
    result = _invoke(*base, *args)
    assert result.exit_code in (1, 2), result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_users_create_refuses_a_taken_email(cli_env) -> None:
    base = ["users", "create", "--email", "dup@example.com", "--name", "D", "--password", PASSWORD]
    assert _invoke(*base).exit_code == 0
    again = _invoke(*base)
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_users_set_password_resets_and_reactivates(cli_env) -> None:
    create = ["users", "create", "--role", "customer", "--email", "c@example.com", "--name", "C"]
    assert _invoke(*create, "--password", PASSWORD).exit_code == 0

    async def deactivate(container) -> None:
        async with container.unit_of_work()() as uow:
            user = await uow.users.get_by_email("c@example.com")
            user.deactivate()
            await uow.users.update(user)
            await uow.commit()

    asyncio.run(_with_container(deactivate))
    with pytest.raises(InvalidCredentials):
        asyncio.run(_with_container(_signs_in, "c@example.com", PASSWORD))

    result = _invoke("users", "set-password", "C@example.com", "--password", "another passphrase")

    assert result.exit_code == 0, result.output
    assert "password set for c@example.com" in result.output
    user = asyncio.run(_with_container(_signs_in, "c@example.com", "another passphrase"))
    assert user.active


def test_users_set_password_of_an_unknown_account_fails(cli_env) -> None:
    assert _invoke("db", "upgrade").exit_code == 0
    result = _invoke("users", "set-password", "nobody@example.com", "--password", PASSWORD)
    assert result.exit_code == 1
    assert "no account" in result.output
