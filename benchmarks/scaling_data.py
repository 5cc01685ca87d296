"""Many tickets, generated and loaded fast, for the scaling benchmark and query-plan tests.

Columns are drawn with numpy and turned into row tuples (not through the domain: at a
million tickets that would take minutes), with the columns the product stores and
`sla_breach_at` derived by the rule of `adapters/sql/sla_breach.py`. Creation times are
drawn independently of the ids, uniformly over the year before NOW, so any prefix of
ids is a uniform sample: the benchmark loads 10k, measures, adds 90k, measures, and so on.

Loading writes rows with explicit ids and no ticket facts or replies: enough for the
ticket list, not for the dashboard (benchmarks/bench_dashboard.py builds those).

Loading: PostgreSQL by COPY (asyncpg's binary copy), with foreign-key triggers off for
the transaction; SQLite by `executemany` in one transaction with `synchronous=OFF` and
a large page cache. Either way the secondary indexes of `tickets` and `ticket_tags` are
dropped first and built again afterwards (one sort per index instead of a million
random B-tree inserts), then the tables are analysed. On SQLite the triggers that keep
the text index `tickets_fts` (migration 0010) are dropped too, the new rows indexed in
one statement and the triggers created again (about three times faster than row by row).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.common import CATEGORIES, WORDS

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
NAIVE_NOW = NOW.replace(tzinfo=None)
CUSTOMERS, AGENTS = 5_000, 50
TAGS = [f"tag{n:02d}" for n in range(40)]
STATUSES = [("open", 0.25), ("in_progress", 0.15), ("pending", 0.10), ("resolved", 0.35)]
STATUSES.append(("closed", 1 - sum(share for _, share in STATUSES)))
FIRST_RESPONSE_HOURS = {1: 24, 2: 8, 3: 4, 4: 1}

TICKET_COLUMNS = (
    "id",
    "title",
    "content",
    "status",
    "priority",
    "category",
    "requester_id",
    "assignee_id",
    "created_at",
    "updated_at",
    "resolved_at",
    "version",
    "first_response_due_at",
    "first_responded_at",
    "resolution_due_at",
    "resolution_paused_at",
    "sla_pauses",
    "sla_breach_at",
)
TAG_COLUMNS = ("ticket_id", "tag", "position")
RARE_WORD = "zanzibar"
"""In about one ticket in ten thousand: the needle of the `q` benchmark."""


def _bodies(rng: random.Random, count: int = 2_000) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))) for _ in range(count)]


@dataclass(frozen=True)
class Generated:
    """Ticket columns (datetimes as microseconds since the epoch, -1 for none) and tag rows."""

    columns: list[Any]
    tags: list[tuple[Any, ...]]

    def tickets(self, start: int, stop: int, *, as_text: bool) -> list[tuple[Any, ...]]:
        """Rows start..stop-1 in TICKET_COLUMNS order; datetimes as SQLite text or naive."""
        converted = [
            _moments(column[start:stop], as_text)
            if isinstance(column, np.ndarray) and column.dtype == np.int64
            else column[start:stop]
            for column in self.columns
        ]
        return list(zip(*converted, strict=True))

    def tags_of(self, start: int, stop: int) -> list[tuple[Any, ...]]:
        """Tag rows of tickets with ids start+1..stop (the rows are in id order)."""
        ids = [row[0] for row in self.tags]
        return self.tags[bisect.bisect_right(ids, start) : bisect.bisect_right(ids, stop)]


def _moments(values: np.ndarray, as_text: bool) -> list[Any]:
    """Microsecond epoch integers (or -1 for none) as naive datetimes and Nones.

    As text: SQLAlchemy's SQLite DATETIME format, always with microseconds.
    """
    stamps = values.astype("datetime64[us]")
    moments: np.ndarray
    if as_text:
        moments = np.char.replace(np.datetime_as_string(stamps, unit="us"), "T", " ").astype(object)
    else:
        moments = stamps.astype(object)
    moments[values < 0] = None
    return moments.tolist()


def generate(count: int, seed: int = 11) -> Generated:
    """Tickets with ids 1..count and their tags.

    Vectorised with numpy: a million rows take seconds, not a minute.
    """
    rng = np.random.default_rng(seed)
    ids = np.arange(1, count + 1)
    second, hour = 1_000_000, 3_600_000_000
    now = _epoch_us(NAIVE_NOW)
    created = now - second - rng.integers(0, 365 * 86_400 * second, count)
    updated = np.minimum(
        now, created + (rng.exponential(600, count) * 60 * second).astype(np.int64)
    )
    status_index = rng.choice(len(STATUSES), count, p=[share for _, share in STATUSES])
    statuses = np.array([name for name, _ in STATUSES])[status_index]
    priority = rng.integers(1, 5, count)
    first_hours = np.array([0, 24, 8, 4, 1])[priority]
    first_due = created + first_hours * hour
    resolution_due = created + first_hours * 6 * hour
    is_open = statuses == "open"
    responds = ~is_open | (rng.random(count) < 0.3)
    responded_at = created + (rng.exponential(180, count) * 60 * second).astype(np.int64)
    responded = np.where(responds, responded_at, -1)
    finished = np.isin(statuses, ["resolved", "closed"])
    resolved = np.where(finished, updated, -1)
    paused = np.where(finished | (statuses == "pending"), updated, -1)
    done = np.where(responded >= 0, responded, resolved)
    first = np.where((done < 0) | (done > first_due), first_due, -1)
    resolution = np.where((paused < 0) | (resolution_due < paused), resolution_due, -1)
    big = np.iinfo(np.int64).max
    breach = np.minimum(np.where(first < 0, big, first), np.where(resolution < 0, big, resolution))
    breach = np.where(breach == big, -1, breach)
    categories = rng.integers(0, len(CATEGORIES), count)
    requesters = rng.integers(1, CUSTOMERS + 1, count)
    assignees = np.where(rng.random(count) < 0.7, CUSTOMERS + rng.integers(1, AGENTS + 1, count), 0)
    versions = rng.integers(1, 6, count)
    bodies = _bodies(random.Random(seed))
    body_index = rng.integers(0, len(bodies), count)
    rare = set((ids[rng.random(count) < 0.0001]).tolist())
    columns = [
        ids.tolist(),
        [f"Generated ticket {n}" for n in range(1, count + 1)],
        [bodies[i] for i in body_index.tolist()],
        statuses.tolist(),
        priority.tolist(),
        [CATEGORIES[i] for i in categories.tolist()],
        requesters.tolist(),
        [a or None for a in assignees.tolist()],
        created,
        updated,
        resolved,
        versions.tolist(),
        first_due,
        responded,
        resolution_due,
        paused,
        [None] * count,
        breach,
    ]
    for ticket_id in rare:
        columns[2][ticket_id - 1] += " " + RARE_WORD
    tag_count = rng.integers(0, 3, count)
    first_tag = rng.integers(0, len(TAGS), count)
    second_tag = (first_tag + rng.integers(1, len(TAGS), count)) % len(TAGS)
    tags: list[tuple[Any, ...]] = []
    for ticket_id, n, a, b in zip(
        ids.tolist(), tag_count.tolist(), first_tag.tolist(), second_tag.tolist(), strict=True
    ):
        if n:
            tags.append((ticket_id, TAGS[a], 0))
        if n == 2:
            tags.append((ticket_id, TAGS[b], 1))
    return Generated(columns, tags)


def _epoch_us(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1)) // timedelta(microseconds=1))


def people() -> list[tuple[Any, ...]]:
    """(id, email, name, created_at, role, active) of every customer and agent."""
    joined = NAIVE_NOW - timedelta(days=800)
    return [
        (
            n,
            f"person{n}@bench.test",
            f"Person {n}",
            joined,
            "customer" if n <= CUSTOMERS else "agent",
            True,
        )
        for n in range(1, CUSTOMERS + AGENTS + 1)
    ]


def _sqlite_value(value: Any) -> Any:
    # SQLAlchemy's SQLite DATETIME storage format: always with microseconds.
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _sqlite_rows(rows: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        yield tuple(_sqlite_value(v) for v in row)


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def load_sqlite(
    path: str, tickets: list[tuple[Any, ...]], tags: list[tuple[Any, ...]], *, with_people: bool
) -> None:
    """Append rows to a migrated SQLite file through the sqlite3 module (synchronously)."""
    import sqlite3

    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=MEMORY")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA temp_store=MEMORY")
        connection.execute("PRAGMA cache_size=-400000")  # 400 MB
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("BEGIN")
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('tickets', 'ticket_tags')"
        ).fetchall()
        for name, _ in indexes:
            connection.execute(f"DROP INDEX {name}")
        triggers = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tickets'"
        ).fetchall()
        for name, _ in triggers:
            connection.execute(f"DROP TRIGGER {name}")
        (loaded,) = connection.execute("SELECT coalesce(max(id), 0) FROM tickets").fetchone()
        if with_people:
            columns = ("id", "email", "name", "created_at", "role", "active")
            connection.executemany(_insert_sql("users", columns), _sqlite_rows(people()))
        connection.executemany(_insert_sql("tickets", TICKET_COLUMNS), tickets)
        connection.executemany(_insert_sql("ticket_tags", TAG_COLUMNS), tags)
        for _, sql in indexes:
            connection.execute(sql)
        if triggers:
            connection.execute(
                "INSERT INTO tickets_fts (rowid, title, content)"
                " SELECT id, title, content FROM tickets WHERE id > ?",
                (loaded,),
            )
        for _, sql in triggers:
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()


async def load_postgres(
    engine: AsyncEngine,
    tickets: list[tuple[Any, ...]],
    tags: list[tuple[Any, ...]],
    *,
    with_people: bool,
) -> None:
    """Append rows by COPY, foreign-key triggers off, then VACUUM ANALYZE."""
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        async with raw.transaction():
            await raw.execute("SET LOCAL session_replication_role = replica")
            await raw.execute("SET LOCAL maintenance_work_mem = '256MB'")
            indexes = await raw.fetch(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE tablename IN ('tickets', 'ticket_tags')"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
            for index in indexes:
                await raw.execute(f"DROP INDEX {index['indexname']}")
            if with_people:
                await raw.copy_records_to_table(
                    "users",
                    records=people(),
                    columns=["id", "email", "name", "created_at", "role", "active"],
                )
            await raw.copy_records_to_table(
                "tickets", records=tickets, columns=list(TICKET_COLUMNS)
            )
            await raw.copy_records_to_table("ticket_tags", records=tags, columns=list(TAG_COLUMNS))
            for index in indexes:
                await raw.execute(index["indexdef"])
            for table in ("users", "tickets"):
                await raw.execute(f"SELECT setval('{table}_id_seq', (SELECT MAX(id) FROM {table}))")
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE tickets"))
        await connection.execute(text("VACUUM ANALYZE ticket_tags"))
