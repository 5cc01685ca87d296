"""The SQL dashboard agrees exactly with the slow Python reference, on SQLite,
PostgreSQL and MariaDB, over generated histories.

The reference is `adapters/memory/analytics.py`: it walks every ticket in Python
straight from the definitions in docs/analytics.md (its own behaviour is pinned by
hand-computed examples in test_reference_examples.py).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.analytics import MemoryDashboardQueries
from adapters.sql.analytics import SqlDashboardQueries
from adapters.sql.sla_breach import breach_at_expression
from adapters.sql.tables import tickets
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.analytics import DashboardQuery, Period
from application.queries import SlaWindow
from domain.tickets import TicketPriority
from tests.analytics.histories import NOW, generate, store

TODAY = NOW.date()

QUERIES = [
    DashboardQuery(start=TODAY - timedelta(days=29), end=TODAY),
    DashboardQuery(
        start=TODAY - timedelta(days=55), end=TODAY + timedelta(days=3), group_by=Period.WEEK
    ),
    DashboardQuery(start=TODAY - timedelta(days=40), end=TODAY, category="billing"),
    DashboardQuery(
        start=TODAY - timedelta(days=60),
        end=TODAY,
        priority=TicketPriority.URGENT,
        group_by=Period.WEEK,
    ),
    DashboardQuery(start=TODAY - timedelta(days=3), end=TODAY - timedelta(days=3)),
    DashboardQuery(start=date(2020, 1, 1), end=date(2020, 1, 31), group_by=Period.WEEK),
    DashboardQuery(start=TODAY - timedelta(days=50), end=TODAY, category="no such category"),
]
WINDOWS = [SlaWindow(NOW, NOW + timedelta(minutes=60)), SlaWindow(NOW, NOW + timedelta(days=1))]


async def _recompute_breach_in_sql(engine) -> None:
    """Make the stored `sla_breach_at` the database's own computation."""
    async with engine.begin() as connection:
        await connection.execute(update(tickets).values(sla_breach_at=breach_at_expression()))


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_sql_figures_equal_the_reference(sql_backend, seed: int) -> None:
    history = generate(seed)
    memory = MemoryUnitOfWorkFactory()
    await store(memory, history)
    await store(SqlUnitOfWorkFactory(sql_backend), history)
    await _recompute_breach_in_sql(sql_backend)
    reference, sql = MemoryDashboardQueries(memory), SqlDashboardQueries(sql_backend)

    interesting = 0
    for query in QUERIES:
        for window in WINDOWS:
            expected = await reference.dashboard(query, window)
            found = await sql.dashboard(query, window)
            assert asdict(found) == asdict(expected), (query, window)
            assert list(found.totals.by_category) == list(expected.totals.by_category)
            interesting += expected.sla.first_response.times.count > 1
    assert interesting  # the histories do exercise the percentiles


async def test_a_large_history_agrees_too(sql_backend) -> None:
    history = generate(seed=42, count=400, days=90)
    memory = MemoryUnitOfWorkFactory()
    await store(memory, history)
    await store(SqlUnitOfWorkFactory(sql_backend), history)
    await _recompute_breach_in_sql(sql_backend)
    query = DashboardQuery(start=TODAY - timedelta(days=89), end=TODAY, group_by=Period.WEEK)
    expected = await MemoryDashboardQueries(memory).dashboard(query, WINDOWS[0])
    found = await SqlDashboardQueries(sql_backend).dashboard(query, WINDOWS[0])
    assert asdict(found) == asdict(expected)
    assert expected.totals.created > 300
    assert expected.satisfaction.overall.count > 10
    assert expected.satisfaction.ai_assisted.count > 0
    assert expected.sla.resolution.met and expected.sla.resolution.breached
