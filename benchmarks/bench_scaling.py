"""Ticket-list latency as the data grows: 10k, 100k and 1M tickets on SQLite and PostgreSQL.

Through the use-case layer: `ListTicketsHandler` (as `GET /api/tickets` calls it, for an
agent, with a fixed clock) over the SQL unit of work, so every figure includes the total
count and the tags of the page, but not HTTP. Per database, one fresh database grows in
slices (10k, then +90k, then +900k tickets, each slice loaded in bulk: see
`benchmarks/scaling_data.py`), and after each slice every case is timed (p50 of up to
`--runs` runs after a warm-up; a case stops early after ~2 s of runs, with at least 3):

- the first page (default sort `-created_at`), and the first page with each filter;
- `count(*)` alone, over all tickets and over the open ones;
- deep pages: page 1, 100, 1,000, 10,000 (20 per page) by `page` (OFFSET, counted like
  every numbered page) and by cursor (the same tickets, reached by keyset; cursor pages
  are not counted; "page 1 by cursor" starts from a key before the newest ticket).

    .venv/bin/python -m benchmarks.bench_scaling [--sizes 10000,100000,1000000] [--runs 9]
        [--database sqlite|postgresql|all] [--cases q=]
        [--postgres-url postgresql://postgres@127.0.0.1:5432/postgres]

`--cases TEXT` times only the cases whose name contains TEXT (`q=`: the text searches).
After each load the SQLite run prints the database's size, of which the text index.

`ASTRATICKETS_BENCH_SCALING_SIZES` overrides the default sizes (e.g. `10000,100000` on a
slow machine). The PostgreSQL run creates `astratickets_bench_<random>` and drops it.
Target: cursor pages stay flat (the deepest within 3x of page 1 plus 5 ms); the exit
status is 1 when they do not.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.tables import tickets
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from adapters.sql.urls import async_database_url
from application.queries import PageRequest, TicketKey, TicketQuery
from application.ticket_cursor import key_of
from application.use_cases.list_tickets import ListTicketsHandler
from benchmarks.scaling_data import (
    CUSTOMERS,
    NOW,
    RARE_WORD,
    Generated,
    generate,
    load_postgres,
    load_sqlite,
)
from domain.access import Actor
from domain.tickets import TicketPriority, TicketStatus
from domain.tickets.sla_clock import SlaStatus
from domain.users import Role

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
PAGE_SIZE = 20
DEPTHS = (1, 100, 1_000, 10_000)
CASE_BUDGET_S = 2.0
AGENT = Actor(CUSTOMERS + 1, Role.AGENT)

FILTERS: dict[str, dict[str, Any]] = {
    "status=pending": {"status": TicketStatus.PENDING},
    "priority=urgent": {"priority": TicketPriority.URGENT},
    "requester_id": {"requester_id": 7},
    "assignee_id": {"assignee_id": CUSTOMERS + 3},
    "tag": {"tag": "tag05"},
    "category=billing": {"category": "billing"},
    "sla=breached": {"sla": SlaStatus.BREACHED},
    "sla=at_risk": {"sla": SlaStatus.AT_RISK},
    "sla=ok": {"sla": SlaStatus.OK},
    f"q={RARE_WORD} (1 in 10^4)": {"text": RARE_WORD},
    "q=refund order (4 %)": {"text": "refund order"},
    "q=printer (most)": {"text": "printer"},
}


class _FixedClock:
    def now(self) -> Any:
        return NOW


async def _p50(call: Callable[[], Awaitable[Any]], runs: int) -> float:
    """Median wall time in ms of up to `runs` calls after one warm-up."""
    await call()
    timings: list[float] = []
    budget_end = time.perf_counter() + CASE_BUDGET_S
    while len(timings) < runs and (len(timings) < 3 or time.perf_counter() < budget_end):
        started = time.perf_counter()
        await call()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


async def _time_cases(
    engine: AsyncEngine, size: int, runs: int, cases: str = ""
) -> dict[str, float | None]:
    """p50 of every case whose name contains `cases` (all of them by default)."""
    handler = ListTicketsHandler(SqlUnitOfWorkFactory(engine), _FixedClock())
    results: dict[str, float | None] = {}

    async def listing(query: TicketQuery) -> Any:
        return await handler(query, AGENT)

    async def timed(name: str, call: Callable[[], Awaitable[Any]]) -> None:
        if cases in name:
            results[name] = await _p50(call, runs)

    await timed("first page, no filter", lambda: listing(TicketQuery()))
    for name, fields in FILTERS.items():
        query = TicketQuery(**fields)
        await timed(f"first page, {name}", lambda q=query: listing(q))

    async def count(*conditions: Any) -> int:
        async with engine.connect() as connection:
            found = await connection.scalar(
                select(func.count()).select_from(tickets).where(*conditions)
            )
            return int(found or 0)

    await timed("count(*), all", lambda: count())
    await timed("count(*), status=open", lambda: count(tickets.c.status == TicketStatus.OPEN.value))
    for depth in DEPTHS:
        by_offset, by_cursor = f"page {depth:,} by offset", f"page {depth:,} by cursor"
        if cases not in by_offset and cases not in by_cursor:
            continue
        offset_query = TicketQuery(page=PageRequest(depth, PAGE_SIZE))
        if (depth - 1) * PAGE_SIZE >= size:
            results[by_offset] = results[by_cursor] = None
            continue
        await timed(by_offset, lambda q=offset_query: listing(q))
        # Page 1 by cursor: a key before the newest ticket, so the same uncounted query.
        cursor_query = TicketQuery(
            page=PageRequest(1, PAGE_SIZE), after=TicketKey(NOW + timedelta(days=1), 2**31 - 1)
        )
        if depth > 1:  # the cursor that the page before this one hands out
            before = await listing(TicketQuery(page=PageRequest(depth - 1, PAGE_SIZE)))
            cursor_query = replace(cursor_query, after=key_of(before.items[-1], cursor_query.sort))
            offset_page = await listing(offset_query)
            cursor_page = await listing(cursor_query)
            assert [t.id for t in cursor_page.items] == [t.id for t in offset_page.items]
        await timed(by_cursor, lambda q=cursor_query: listing(q))
    return results


async def _grow(
    engine: AsyncEngine,
    data: Generated,
    sizes: list[int],
    runs: int,
    load: Callable[[list[tuple[Any, ...]], list[tuple[Any, ...]], bool], Awaitable[None]],
    as_text: bool,
    cases: str,
) -> dict[int, dict[str, float | None]]:
    results = {}
    loaded = 0
    for size in sizes:
        started = time.perf_counter()
        rows = data.tickets(loaded, size, as_text=as_text)
        await load(rows, data.tags_of(loaded, size), loaded == 0)
        print(
            f"  {size:>9,} tickets loaded (+{size - loaded:,} in "
            f"{time.perf_counter() - started:.1f} s); load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        loaded = size
        started = time.perf_counter()
        results[size] = await _time_cases(engine, size, runs, cases)
        print(f"    timed in {time.perf_counter() - started:.1f} s", flush=True)
    return results


def _sqlite_megabytes(path: Path) -> str:
    """The file's size, and the part of it that the text index (tickets_fts*) takes."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        pages = connection.execute(
            "SELECT name LIKE 'tickets_fts%', sum(pgsize) FROM dbstat GROUP BY 1"
        ).fetchall()
    except sqlite3.OperationalError:  # a SQLite built without dbstat
        pages = []
    finally:
        connection.close()
    index = sum(size for is_index, size in pages if is_index)
    return f"{path.stat().st_size / 1e6:,.0f} MB, text index {index / 1e6:,.0f} MB"


async def _sqlite(data: Generated, sizes: list[int], runs: int, cases: str) -> dict[int, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        url = f"sqlite:///{path}"
        upgrade_database(url)
        engine = create_engine(url)

        async def load(rows: list[Any], tags: list[Any], first: bool) -> None:
            await engine.dispose()  # the loader needs the file to itself
            await asyncio.to_thread(load_sqlite, str(path), rows, tags, with_people=first)
            print(f"  database {_sqlite_megabytes(path)}", flush=True)

        try:
            return await _grow(engine, data, sizes, runs, load, as_text=True, cases=cases)
        finally:
            await engine.dispose()


async def _postgres(
    server_url: str, data: Generated, sizes: list[int], runs: int, cases: str
) -> Any:
    name = f"astratickets_bench_{secrets.token_hex(4)}"
    admin = create_async_engine(async_database_url(server_url), isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade_database, url)
        engine = create_engine(url)

        async def load(rows: list[Any], tags: list[Any], first: bool) -> None:
            await load_postgres(engine, rows, tags, with_people=first)

        try:
            return await _grow(engine, data, sizes, runs, load, as_text=False, cases=cases)
        finally:
            await engine.dispose()
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def _table(database: str, results: dict[int, dict[str, float | None]]) -> None:
    sizes = list(results)
    print(f"\n{database}: p50 ms per call (use case; numbered pages include the count)")
    header = f"  {'case':<40}" + "".join(f"{size:>12,}" for size in sizes)
    print(header)
    print("  " + "-" * (len(header) - 2))
    for case in results[sizes[0]]:
        cells = [results[size][case] for size in sizes]
        print(
            f"  {case:<40}"
            + "".join(f"{c:>12.1f}" if c is not None else f"{'-':>12}" for c in cells)
        )


def _cursor_is_flat(results: dict[int, dict[str, float | None]]) -> bool:
    """At the largest size, the deepest cursor page costs at most 3x page 1 plus 5 ms
    (true when the cursor pages were not timed)."""
    figures = results[max(results)]
    if "page 1 by cursor" not in figures:
        return True
    first = figures["page 1 by cursor"]
    deepest = [v for k, v in figures.items() if k.endswith("by cursor") and v is not None][-1]
    return first is not None and deepest <= 3 * first + 5


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    configured = os.environ.get("ASTRATICKETS_BENCH_SCALING_SIZES")
    default_sizes = configured or ",".join(str(s) for s in DEFAULT_SIZES)
    parser.add_argument("--sizes", default=default_sizes)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--cases", default="", help="time only cases whose name contains this")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))

    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )
    started = time.perf_counter()
    data = generate(max(sizes))
    print(
        f"generated {max(sizes):,} tickets, {len(data.tags):,} tags "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    flat = True
    for database in ("sqlite", "postgresql"):
        if args.database not in (database, "all"):
            continue
        print(f"{database}:", flush=True)
        if database == "sqlite":
            results = await _sqlite(data, sizes, args.runs, args.cases)
        else:
            results = await _postgres(args.postgres_url, data, sizes, args.runs, args.cases)
        _table(database, results)
        flat = flat and _cursor_is_flat(results)
    print(f"\ncursor pages flat with depth: {'yes' if flat else 'NO'}")
    return 0 if flat else 1


if __name__ == "__main__":
    started = time.perf_counter()
    status = asyncio.run(main())
    print(f"total {time.perf_counter() - started:.0f} s")
    sys.exit(status)
