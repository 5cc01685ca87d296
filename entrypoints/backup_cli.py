"""`astratickets export` and `import`: all data as JSON lines (see adapters/sql/backup.py)."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

import click

from entrypoints.container import storage_kind
from entrypoints.settings import Settings, SettingsError


def _sql_settings() -> Settings:
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    if storage_kind(settings.database_url) == "memory":
        raise click.UsageError("DATABASE_URL is memory://: there is no database to export to/from")
    return settings


@click.command("export")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Default: stdout."
)
def export_command(output: str | None) -> None:
    """Write every row of DATABASE_URL's database as JSON lines (a full backup)."""
    from adapters.sql.backup import export_database
    from adapters.sql.engine import create_engine

    settings = _sql_settings()

    async def run(stream) -> dict[str, int]:
        engine = create_engine(settings.database_url, pool_size=1)
        try:
            return await export_database(engine, stream, now=datetime.now(UTC))
        finally:
            await engine.dispose()

    if output is None:
        counts = asyncio.run(run(sys.stdout))
    else:
        with open(output, "w", encoding="utf-8") as stream:
            counts = asyncio.run(run(stream))
    click.echo(f"exported {sum(counts.values())} rows of {len(counts)} tables", err=True)


@click.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
def import_command(source: str) -> None:
    """Load an export into DATABASE_URL's database (migrated first; it must be empty)."""
    from adapters.sql.backup import BackupError, import_database
    from adapters.sql.engine import create_engine
    from adapters.sql.migrate import upgrade_database

    settings = _sql_settings()
    upgrade_database(settings.database_url)

    async def run(stream):
        engine = create_engine(settings.database_url, pool_size=1)
        try:
            return await import_database(engine, stream)
        finally:
            await engine.dispose()

    try:
        if source == "-":
            summary = asyncio.run(run(sys.stdin))
        else:
            with open(source, encoding="utf-8") as stream:
                summary = asyncio.run(run(stream))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"imported {summary.total} rows into {len(summary.rows)} tables "
        f"(schema {summary.schema_revision}); rebuild the search index with "
        "`astratickets kb reindex`"
    )
