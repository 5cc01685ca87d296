"""Export and import every row of the database as JSON lines (backup and migration).

Format (one JSON object per line, UTF-8):

- line 1, the header: `{"format": "astratickets-export", "version": 1,
  "schema_revision": "<alembic revision>", "exported_at": "<ISO time>",
  "tables": {"<name>": <rows>, ...}}`;
- then one line per row, `{"table": "<name>", "row": {"<column>": <value>, ...}}`,
  tables parents first (so an import never trips a foreign key), rows by
  primary key.

Values: text, numbers, booleans and null as themselves; date-times as ISO 8601
in UTC; binary columns (models, embeddings) as base64. Nothing is left out:
users with their password hashes, tickets, replies, notes, activity, ratings,
SLA policy, knowledge documents and chunks, AI records. The vector index is not
part of it: it is rebuilt from the chunks (`astratickets kb reindex`).

Rules for import:
- the target database must be migrated to the export's schema revision and
  hold no rows at all (import is for restoring or moving, never merging);
- the whole import is one transaction: it lands completely or not at all;
- ids are kept, and the id counters are moved past them (PostgreSQL
  sequences; SQLite and MariaDB do this themselves).
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import Column, Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.schema import metadata

FORMAT = "astratickets-export"
VERSION = 1
BATCH_ROWS = 1000


class BackupError(ValueError):
    """The export cannot be imported here; the message says why."""


@dataclass(frozen=True, slots=True)
class ImportSummary:
    schema_revision: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _tables() -> list[Table]:
    return list(metadata.sorted_tables)


def _python_type(column: Column[Any]) -> type | None:
    declared = getattr(column.type, "impl_instance", column.type)  # through TypeDecorators
    try:
        return declared.python_type
    except NotImplementedError:
        return None


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decoder(column: Column[Any]) -> Any:
    kind = _python_type(column)
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    if kind is bytes:
        return base64.b64decode
    return None


async def schema_revision(connection: AsyncConnection) -> str:
    result = await connection.execute(text("SELECT version_num FROM alembic_version"))
    revisions = [row[0] for row in result]
    if len(revisions) != 1:
        raise BackupError("the database is not migrated: run `astratickets db upgrade` first")
    return str(revisions[0])


async def _rows(connection: AsyncConnection, table: Table) -> AsyncIterator[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = await connection.stream(select(table).order_by(*order))
    async for row in result.mappings():
        yield {key: _encode(value) for key, value in row.items()}


async def export_database(engine: AsyncEngine, out: IO[str], *, now: datetime) -> dict[str, int]:
    """Write every row, in one consistent read; the row count of each table."""
    async with engine.connect() as connection, connection.begin():
        counts = {
            table.name: int(await connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in _tables()
        }
        header = {
            "format": FORMAT,
            "version": VERSION,
            "schema_revision": await schema_revision(connection),
            "exported_at": now.astimezone(UTC).isoformat(),
            "tables": counts,
        }
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for table in _tables():
            async for row in _rows(connection, table):
                line = {"table": table.name, "row": row}
                out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    return counts


def _read_header(lines: Iterator[str]) -> dict[str, Any]:
    try:
        header = json.loads(next(lines))
    except (StopIteration, ValueError):
        raise BackupError("not an AstraTickets export: the first line is no header") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("not an AstraTickets export: the first line is no header")
    if header.get("version") != VERSION:
        raise BackupError(f"export format version {header.get('version')} is not supported")
    return header


def _parse_rows(lines: Iterable[str], tables: dict[str, Table]) -> Iterator[tuple[Table, dict]]:
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            table = tables[entry["table"]]
            raw = entry["row"]
            row = {}
            for name, value in raw.items():
                column = table.columns[name]
                decode = _decoder(column)
                row[name] = decode(value) if decode is not None and value is not None else value
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"line {number}: not a row of this schema ({error!r})") from None
        yield table, row


async def _ensure_empty(connection: AsyncConnection) -> None:
    for table in _tables():
        if await connection.scalar(select(func.count()).select_from(table)):
            raise BackupError(
                f"the target database is not empty (table {table.name} has rows): "
                "import restores into a new, migrated database only"
            )


async def _move_id_counters(connection: AsyncConnection) -> None:
    if connection.dialect.name != "postgresql":
        return  # SQLite (AUTOINCREMENT) and MariaDB move past explicit ids by themselves
    for table in _tables():
        column = table.columns.get("id")
        if column is None or not column.primary_key or _python_type(column) is not int:
            continue
        await connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )


async def import_database(engine: AsyncEngine, source: IO[str]) -> ImportSummary:
    """Load an export into an empty, migrated database, all or nothing."""
    lines = iter(source)
    header = _read_header(lines)
    tables = {table.name: table for table in _tables()}
    counts = dict.fromkeys(tables, 0)
    async with engine.connect() as connection, connection.begin():
        revision = await schema_revision(connection)
        if revision != header.get("schema_revision"):
            raise BackupError(
                f"the export is of schema revision {header.get('schema_revision')}, this "
                f"database is at {revision}: migrate both to the same revision first"
            )
        await _ensure_empty(connection)
        batch: list[dict[str, Any]] = []
        batch_table: Table | None = None
        for table, row in _parse_rows(lines, tables):
            if batch and (table is not batch_table or len(batch) >= BATCH_ROWS):
                await connection.execute(insert(batch_table), batch)  # type: ignore[arg-type]
                batch = []
            batch_table = table
            batch.append(row)
            counts[table.name] += 1
        if batch:
            await connection.execute(insert(batch_table), batch)  # type: ignore[arg-type]
        expected = header.get("tables") or {}
        short = {
            name: (n, counts.get(name, 0))
            for name, n in expected.items()
            if counts.get(name, 0) != n
        }
        if short:
            raise BackupError(f"the export is incomplete: (expected, found) rows {short}")
        await _move_id_counters(connection)
    return ImportSummary(str(header["schema_revision"]), {k: v for k, v in counts.items() if v})
