"""Every filter and sort order of the ticket list is served by an index, on SQLite and PostgreSQL.

The statements are the ones `SqlTicketRepository.list` really sends (captured as it
runs), explained with their own parameters over 20,000 generated tickets:

- SQLite: EXPLAIN QUERY PLAN after ANALYZE. A full scan is `SCAN tickets` without an index.
- PostgreSQL: EXPLAIN (FORMAT JSON) with `enable_seqscan = off`, so that the plan shows
  whether an index CAN serve the query (on a small table a sequential scan may be cheaper,
  which says nothing about a large one). A full scan is a `Seq Scan` on tickets.

For every filter, the count must find the matching rows through an index (an index
condition, not a scan that filters every row) and the page query must not scan the
table. Every sort order, and every keyset page, must read an index in order: no sort step.
`q`, a substring search no B-tree can serve, is found through trigram indexes: on
PostgreSQL GIN indexes (migration 0009), on SQLite the FTS5 table `tickets_fts`
(migration 0010), whose candidates are then looked up by id (see TEXT_INDEX_BY_DESIGN).
The documented exception: `sla=ok` on PostgreSQL, counted by reading the whole sla index
(see WHOLE_INDEX_BY_DESIGN).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.ticket_repository import SqlTicketRepository
from application.queries import SlaWindow, TicketKey, TicketQuery, TicketSort
from benchmarks.scaling_data import CUSTOMERS, NOW, RARE_WORD, generate, load_postgres, load_sqlite
from domain.tickets import TicketPriority, TicketStatus
from domain.tickets.sla_clock import SlaStatus
from tests.databases import POSTGRES_SERVER_URL, _BackgroundLoop, _server_database

TICKETS = 20_000
WINDOW = SlaWindow(NOW, NOW + timedelta(minutes=60))

FILTERS: dict[str, dict[str, Any]] = {
    "status": {"status": TicketStatus.PENDING},
    "priority": {"priority": TicketPriority.URGENT},
    "requester_id": {"requester_id": 7},
    "assignee_id": {"assignee_id": CUSTOMERS + 3},
    "tag": {"tag": "tag05"},
    "category": {"category": "billing"},
    "sla=breached": {"sla": SlaStatus.BREACHED, "sla_window": WINDOW},
    "sla=at_risk": {"sla": SlaStatus.AT_RISK, "sla_window": WINDOW},
    "sla=ok": {"sla": SlaStatus.OK, "sla_window": WINDOW},
    "q": {"text": RARE_WORD},
}
TEXT_INDEX_BY_DESIGN = {("sqlite", "q")}
"""SQLite: the FTS5 index finds the candidates (a virtual-table MATCH, not an index
condition on tickets), each then read by id and checked by the LIKE."""
WHOLE_INDEX_BY_DESIGN = {("postgresql", "sla=ok")}
"""`sla_breach_at IS NULL OR > until`: PostgreSQL prefers reading the whole narrow
`ix_tickets_sla_breach_at` (no table rows) to two range reads; `ok` is most tickets."""


@dataclass
class Captured:
    statement: str
    parameters: Any


async def _statements(engine: AsyncEngine, query: TicketQuery) -> list[Captured]:
    """What the repository sends for `query`: the count, then the page (then the tags)."""
    captured: list[Captured] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append(Captured(statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with engine.connect() as connection:
            await SqlTicketRepository(connection).list(query)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return [c for c in captured if "FROM tickets" in c.statement]


# --- plans, read the same way on both databases ------------------------------------------


@dataclass
class Plan:
    """What matters in a plan: full scans of tickets, index reads by a condition, sort steps."""

    text: str
    full_scan: bool
    walks_tickets: bool
    """Reads every ticket, in the table or in an index (fine for a page that stops after
    20 rows in sort order; for a count it means the filter found nothing by an index)."""
    conditions: list[str]
    """What the plan looks up in indexes (SQLite: SEARCH lines; PostgreSQL: Index Cond)."""
    sorts: bool

    @property
    def index_condition(self) -> bool:
        return bool(self.conditions)


async def _sqlite_plan(engine: AsyncEngine, captured: Captured) -> Plan:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        cursor = await raw.driver_connection.execute(  # type: ignore[union-attr]
            "EXPLAIN QUERY PLAN " + captured.statement, captured.parameters
        )
        details = [row[3] for row in await cursor.fetchall()]
    return Plan(
        text="\n".join(details),
        full_scan=any(d in ("SCAN tickets", "SCAN t") for d in details),
        walks_tickets=any(d == "SCAN tickets" or d.startswith("SCAN tickets ") for d in details),
        conditions=[d for d in details if d.startswith("SEARCH") and "INDEX" in d],
        sorts=any("TEMP B-TREE FOR" in d and "ORDER BY" in d for d in details),
    )


def _nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


async def _postgres_plan(engine: AsyncEngine, captured: Captured) -> Plan:
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        async with raw.transaction():
            await raw.execute("SET LOCAL enable_seqscan = off")
            document = await raw.fetchval(
                "EXPLAIN (FORMAT JSON) " + captured.statement, *captured.parameters
            )
    plan = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
    nodes = list(_nodes(plan))
    return Plan(
        text=json.dumps(plan, indent=1),
        full_scan=any(
            n["Node Type"] == "Seq Scan" and n.get("Relation Name") == "tickets" for n in nodes
        ),
        walks_tickets=any(
            n.get("Relation Name") == "tickets" and "Index Cond" not in n
            for n in nodes
            if n["Node Type"] in ("Seq Scan", "Index Scan", "Index Only Scan")
        ),
        conditions=[n["Index Cond"] for n in nodes if "Index Cond" in n],
        sorts=any(n["Node Type"] in ("Sort", "Incremental Sort") for n in nodes),
    )


# --- databases full of tickets -----------------------------------------------------------


@dataclass
class Database:
    kind: str
    url: str


@pytest.fixture(scope="module")
def _generated() -> Any:
    return generate(TICKETS)


@pytest.fixture(scope="module")
def _sqlite_tickets(tmp_path_factory: pytest.TempPathFactory, _generated: Any) -> Database:
    path = tmp_path_factory.mktemp("plans") / "tickets.db"
    upgrade_database(f"sqlite:///{path}")
    tickets = _generated.tickets(0, TICKETS, as_text=True)
    load_sqlite(str(path), tickets, _generated.tags, with_people=True)
    return Database("sqlite", f"sqlite:///{path}")


@pytest.fixture(scope="module")
def _postgres_tickets(_generated: Any) -> Iterator[Database]:
    loop = _BackgroundLoop()
    try:
        for database in _server_database(loop, POSTGRES_SERVER_URL, "PostgreSQL", "postgres"):
            engine, tickets = database.engine, _generated.tickets(0, TICKETS, as_text=False)

            async def load(engine: AsyncEngine = engine, tickets: Any = tickets) -> None:
                await load_postgres(engine, tickets, _generated.tags, with_people=True)

            loop.run(load)
            yield Database("postgresql", database.url)
    finally:
        loop.close()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
async def tickets_db(request: pytest.FixtureRequest) -> Any:
    """(kind, engine) over 20,000 generated, analysed tickets."""
    fixture = {"sqlite": "_sqlite_tickets", "postgresql": "_postgres_tickets"}[request.param]
    database: Database = request.getfixturevalue(fixture)
    engine = create_engine(database.url, pool_size=1)
    try:
        yield database.kind, engine
    finally:
        await engine.dispose()


async def _plans(tickets_db: Any, query: TicketQuery) -> tuple[Plan | None, Plan]:
    """The plans of the count (None for keyset pages, which are not counted) and the page."""
    kind, engine = tickets_db
    explain = _sqlite_plan if kind == "sqlite" else _postgres_plan
    statements = await _statements(engine, query)
    counts = [c for c in statements if "count(*)" in c.statement]
    # (SQLite with `q` also asks for max(tickets.id), to choose how to read the page.)
    (page,) = [c for c in statements if c not in counts and "max(tickets.id)" not in c.statement]
    count = await explain(engine, counts[0]) if counts else None
    return count, await explain(engine, page)


# --- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FILTERS))
async def test_each_filter_finds_its_tickets_through_an_index(tickets_db, name) -> None:
    kind, _ = tickets_db
    count, page = await _plans(tickets_db, TicketQuery(**FILTERS[name]))
    assert count is not None
    if (kind, name) in TEXT_INDEX_BY_DESIGN:
        for plan in (count, page):
            assert re.search(r"^SCAN tickets_fts VIRTUAL TABLE INDEX \d+:M", plan.text, re.M)
            assert "SEARCH tickets USING INTEGER PRIMARY KEY (rowid=?)" in plan.text, plan.text
            assert not plan.walks_tickets, plan.text
        return
    if (kind, name) in WHOLE_INDEX_BY_DESIGN:
        assert not count.full_scan and "ix_tickets_sla_breach_at" in count.text, count.text
        assert count.walks_tickets, "an index range now serves this: update this test"
        assert not page.full_scan, page.text
        return
    assert count.index_condition and not count.walks_tickets, count.text
    assert not page.full_scan, page.text


async def test_a_word_in_most_tickets_pages_in_sort_order_on_sqlite(_sqlite_tickets) -> None:
    """Fetching and sorting every ticket the text index finds would cost more than walking
    the sort order's index until 20 tickets match: the count uses the text index, the
    page walks (SqlTicketRepository._walking_is_cheaper)."""
    engine = create_engine(_sqlite_tickets.url, pool_size=1)
    try:
        count, page = await _plans(("sqlite", engine), TicketQuery(text="printer"))
    finally:
        await engine.dispose()
    assert count is not None and "SCAN tickets_fts VIRTUAL TABLE" in count.text, count.text
    assert "tickets_fts" not in page.text, page.text
    assert not page.full_scan and not page.sorts, page.text


async def test_filters_combine_without_a_full_scan(tickets_db) -> None:
    query = TicketQuery(status=TicketStatus.OPEN, tag="tag07", category="network")
    for plan in await _plans(tickets_db, query):
        assert plan is not None and not plan.full_scan, plan


@pytest.mark.parametrize("sort", list(TicketSort), ids=str)
async def test_each_sort_order_reads_an_index_in_order(tickets_db, sort) -> None:
    _count, page = await _plans(tickets_db, TicketQuery(sort=sort))
    assert not page.full_scan and not page.sorts, page.text


def _key(sort: TicketSort) -> TicketKey:
    value = 3 if sort.column == "priority" else NOW - timedelta(days=100)
    return TicketKey(value, TICKETS // 2)


@pytest.mark.parametrize("sort", list(TicketSort), ids=str)
async def test_each_keyset_page_starts_at_its_key_in_an_index(tickets_db, sort) -> None:
    _count, page = await _plans(tickets_db, TicketQuery(sort=sort, after=_key(sort)))
    assert page.index_condition and not page.full_scan and not page.sorts, page.text


@pytest.mark.parametrize("name", ["status", "requester_id", "assignee_id", "category"])
async def test_a_filtered_keyset_page_seeks_filter_and_key_in_one_index(tickets_db, name) -> None:
    """(A planner may still sort a handful of matches rather than read them in order.)"""
    sort = TicketSort.CREATED_AT_DESC
    query = TicketQuery(sort=sort, after=_key(sort), **FILTERS[name])
    _count, page = await _plans(tickets_db, query)
    assert not page.full_scan, page.text
    assert any(name in c and "created_at" in c for c in page.conditions), page.text
