"""The `astratickets` command line: serve the product and manage its database."""

from __future__ import annotations

import sys
from typing import Any

import click

from entrypoints.container import storage_kind
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings, SettingsError


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        raise click.UsageError(str(error)) from None


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

    settings = _settings()
    configure_logging(settings.log_level)
    if not no_migrate:
        _upgrade(settings)
    bind_host = host or settings.host
    bind_port = port or settings.port
    click.echo(f"AstraTickets on http://{bind_host}:{bind_port}  (API docs: /docs)")
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
def db() -> None:
    """Database schema management."""


@db.command()
def upgrade() -> None:
    """Apply pending migrations to DATABASE_URL's database."""
    settings = _settings()
    configure_logging(settings.log_level)
    _upgrade(settings)
    click.echo("database is up to date")


if __name__ == "__main__":
    sys.exit(main())
