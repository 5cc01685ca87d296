"""The `astratickets` command line: serve the product and manage its database."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from entrypoints.container import storage_kind
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings, SettingsError

if TYPE_CHECKING:
    from entrypoints.container import Container

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        raise click.UsageError(str(error)) from None


def _run(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
    """Run `work` against a container for `settings`, then release its connections."""
    from entrypoints.container import build_container

    container = build_container(settings)

    async def run() -> T:
        try:
            return await work(container)
        finally:
            await container.health_probe().close()

    return asyncio.run(run())


def _upgrade(settings: Settings) -> None:
    if storage_kind(settings.database_url) == "memory":
        return
    from adapters.sql.migrate import upgrade_database
    from adapters.sql.urls import UnsupportedDatabaseUrl

    try:
        upgrade_database(settings.database_url)
    except UnsupportedDatabaseUrl as error:
        raise click.UsageError(str(error)) from None


@click.group()
def main() -> None:
    """AstraTickets: AI-assisted customer support."""


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default: HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: PORT or 8000).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
@click.option("--no-migrate", is_flag=True, help="Do not apply pending migrations first.")
def serve(host: str | None, port: int | None, workers: int, reload: bool, no_migrate: bool) -> None:
    """Apply pending migrations, then serve the API and the console."""
    import uvicorn

    from entrypoints.bootstrap import ensure_first_admin
    from entrypoints.secret_key import resolve_secret_key

    settings = _settings()
    configure_logging(settings.log_level)
    try:
        resolve_secret_key(settings)
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    from entrypoints.process_checks import several_api_processes_problem

    if problem := several_api_processes_problem(settings, 1 if reload else workers):
        raise click.UsageError(problem)
    if not no_migrate:
        _upgrade(settings)
    bind_host = host or settings.host
    bind_port = port or settings.port
    base_url = f"http://{bind_host}:{bind_port}"
    if storage_kind(settings.database_url) == "sql":
        click.echo(_run(settings, ensure_first_admin).message(base_url))
        if settings.load_sample_kb:
            from entrypoints.knowledge_cli import load_sample_kb_if_empty

            click.echo(_run(settings, load_sample_kb_if_empty))
        if settings.load_default_categories:
            from entrypoints.default_categories import seed_default_categories

            click.echo(_run(settings, seed_default_categories))
    click.echo(f"AstraTickets on {base_url}  (API docs: {base_url}/docs)")
    uvicorn.run(
        "entrypoints.asgi:make_app",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers if not reload else 1,
        reload=reload,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
        server_header=False,
    )


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file.")
def openapi(output: str | None) -> None:
    """Print the OpenAPI document of the HTTP API (no server is started)."""
    import json

    from entrypoints.container import build_container
    from entrypoints.http.app import create_app

    app = create_app(build_container(Settings(database_url="memory://")))
    document = json.dumps(_stable(app.openapi_schema.to_schema()), indent=2) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as file:
            file.write(document)
    else:
        click.echo(document, nl=False)


def _stable(node: Any) -> Any:
    """Litestar lists response headers in set order; sort them so output is repeatable."""
    if isinstance(node, dict):
        return {
            key: (dict(sorted(_stable(value).items())) if key == "headers" else _stable(value))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_stable(item) for item in node]
    return node


@main.group()
def users() -> None:
    """Accounts."""


@users.command("create")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option(
    "--role", type=click.Choice(["admin", "agent", "customer"]), default="agent", show_default=True
)
@click.password_option("--password", help="Prompted for (twice) when not given.")
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create an account that can sign in."""
    from application.use_cases.register_user import RegisterUser
    from domain.access import Actor
    from domain.users import Role

    settings = _settings()
    _upgrade(settings)
    system = Actor(user_id=0, role=Role.ADMIN)

    async def create(container: Container) -> str:
        command = RegisterUser(email=email, name=name, role=role, password=password)
        user = await container.register_user()(command, system)
        return f"created {user.role.value} {user.email.value} (id {user.id})"

    click.echo(_run(settings, _explained(create)))


@users.command("set-password")
@click.argument("email")
@click.password_option("--password", help="Prompted for (twice) when not given.")
def set_password(email: str, password: str) -> None:
    """Set an account's password (and re-activate it)."""
    from application.use_cases.update_user import UpdateUser
    from domain.access import Actor
    from domain.users import Email, Role

    settings = _settings()
    _upgrade(settings)
    system = Actor(user_id=0, role=Role.ADMIN)

    async def update(container: Container) -> str:
        async with container.unit_of_work()(read_only=True) as uow:
            user = await uow.users.get_by_email(Email(email).value)
        if user is None or user.id is None:
            raise click.ClickException(f"no account with e-mail {email}")
        command = UpdateUser(user_id=user.id, password=password, active=True)
        await container.update_user()(command, system)
        return f"password set for {user.email.value}"

    click.echo(_run(settings, _explained(update)))


def _explained(
    work: Callable[[Container], Awaitable[str]],
) -> Callable[[Container], Awaitable[str]]:
    """Turn the use cases' refusals into one-line command errors."""
    from application.errors import ApplicationError
    from domain.errors import DomainError

    async def run(container: Container) -> str:
        try:
            return await work(container)
        except (ApplicationError, DomainError) as error:
            raise click.ClickException(str(error)) from None

    return run


@main.group()
def db() -> None:
    """Database schema management."""


@db.command()
def upgrade() -> None:
    """Apply pending migrations to DATABASE_URL's database."""
    settings = _settings()
    configure_logging(settings.log_level)
    _upgrade(settings)
    click.echo("database is up to date")


@main.command()
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True)
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker(concurrency: int, burst: bool) -> None:
    """Run background jobs (AI triage and drafts) from the Redis queue at REDIS_URL."""
    settings = _settings()
    configure_logging(settings.log_level)
    if not settings.redis_url:
        raise click.UsageError(
            "REDIS_URL is not set: jobs run inside the API process (astratickets serve); "
            "set REDIS_URL to run them in separate workers"
        )
    if storage_kind(settings.database_url) == "memory":
        raise click.UsageError("a worker needs a shared database: DATABASE_URL is memory://")
    from entrypoints.process_checks import embedded_vector_store_problem

    if problem := embedded_vector_store_problem(settings, "a worker"):
        raise click.UsageError(problem)
    from entrypoints.ai_wiring import run_worker

    click.echo(f"running jobs from the Redis queue ({concurrency} at a time); Ctrl+C stops")
    _run(settings, lambda container: run_worker(container, concurrency=concurrency, burst=burst))


from entrypoints.knowledge_cli import kb  # noqa: E402  (the `kb` command group)

main.add_command(kb)

from entrypoints.backup_cli import export_command, import_command  # noqa: E402

main.add_command(export_command)
main.add_command(import_command)

if __name__ == "__main__":
    sys.exit(main())
