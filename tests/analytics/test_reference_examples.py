"""A small helpdesk whose figures were worked out by hand (docs/analytics.md), checked
on every backend: the Python reference and the SQL of SQLite, PostgreSQL and MariaDB.

NOW is Friday 2026-03-20 15:00 UTC; the default SLA policy (clock hours) applies.

- A: urgent, access, opened 16th 10:00. AI-assisted reply 11:00 (due 11:00: met);
  resolved 14:00 (due 14:00: met); rated 5.
- B: high, billing, opened 17th 09:00. Reply 13:00:00.000001 (1 us late); still open
  (resolution due 18th 09:00: breached).
- C: medium, opened 17th 12:00. Internal note only; resolved 14:00 (no response, but
  not breached either); rated 2.
- D: low, billing, opened 18th 08:00. Pending since 09:00; never answered (due 19th
  08:00: breached).
- E: medium, access, opened 10th 10:00 (before the range); resolved 19th 10:00.
- F: urgent, opened 20th 14:30. Open, unanswered: first response due 15:30 (at risk).
- G: high, network, opened 19th 16:00. In progress, answered 16:30; resolution due
  20th 16:00 (at risk, exactly at the end of the window).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.analytics import MemoryDashboardQueries
from adapters.sql.analytics import SqlDashboardQueries
from application.analytics import DashboardQuery, Durations, Period
from application.queries import SlaWindow
from domain.tickets import Ticket, TicketChanges, TicketPriority
from domain.tickets.satisfaction import SatisfactionRating
from tests.analytics.histories import History, store

NOW = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
WINDOW = SlaWindow(NOW, NOW + timedelta(minutes=60))
WEEK = DashboardQuery(start=date(2026, 3, 16), end=date(2026, 3, 20))
CUSTOMER_1, CUSTOMER_2, AGENT = 1, 2, 101


def at(day: int, hour: int, minute: int = 0, microsecond: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, 0, microsecond, tzinfo=UTC)


@dataclass
class Script:
    history: History

    def ticket(
        self, priority: str, opened: datetime, category: str | None = None, requester=CUSTOMER_1
    ):
        ticket = Ticket.open(
            title="t",
            content="c",
            requester_id=requester,
            now=opened,
            priority=priority,
            category=category,
        )
        ticket.id = -1
        self.history.tickets.append(ticket)
        self.history.replies.append([])
        self.history.ratings.append([])
        return ticket

    def reply(self, ticket, when, *, staff=True, internal=False, ai=False):
        author = AGENT if staff else ticket.requester_id
        reply = ticket.reply(
            author_id=author, content="r", internal=internal, now=when, from_staff=staff
        )
        reply.ai_assisted = ai
        self.history.replies[self.history.tickets.index(ticket)].append(reply)

    def rate(self, ticket, when, score):
        index = self.history.tickets.index(ticket)
        rating = SatisfactionRating.give(
            ticket=ticket, rater_id=ticket.requester_id, score=score, comment=None, now=when
        )
        self.history.ratings[index].append(rating)


def helpdesk() -> History:
    s = Script(History())
    a = s.ticket("urgent", at(16, 10), "access")
    s.reply(a, at(16, 11), ai=True)
    a.apply(TicketChanges(status="resolved"), at(16, 14))
    s.rate(a, at(16, 15), 5)
    b = s.ticket("high", at(17, 9), "billing")
    s.reply(b, at(17, 13, 0, 1))
    s.reply(b, at(17, 14), staff=False)
    c = s.ticket("medium", at(17, 12), requester=CUSTOMER_2)
    s.reply(c, at(17, 12, 30), internal=True, ai=True)
    c.apply(TicketChanges(status="resolved"), at(17, 14))
    s.rate(c, at(18, 10), 2)
    d = s.ticket("low", at(18, 8), "billing")
    d.apply(TicketChanges(status="pending"), at(18, 9))
    e = s.ticket("medium", at(10, 10), "access")
    e.apply(TicketChanges(status="resolved"), at(19, 10))
    s.ticket("urgent", at(20, 14, 30))
    g = s.ticket("high", at(19, 16), "network")
    g.apply(TicketChanges(status="in_progress"), at(19, 16, 10))
    s.reply(g, at(19, 16, 30))
    return s.history


@pytest.fixture
async def figures(uow_factory):
    await store(uow_factory, helpdesk())
    if isinstance(uow_factory, MemoryUnitOfWorkFactory):
        queries = MemoryDashboardQueries(uow_factory)
    else:
        queries = SqlDashboardQueries(uow_factory.engine)

    async def compute(query: DashboardQuery = WEEK):
        return await queries.dashboard(query, WINDOW)

    return compute


async def test_totals_and_trend(figures) -> None:
    d = await figures()
    assert (d.totals.created, d.totals.resolved, d.totals.open_now) == (6, 3, 4)
    assert d.totals.by_status == {
        "open": 2,
        "in_progress": 1,
        "pending": 1,
        "resolved": 2,
        "closed": 0,
    }
    assert d.totals.by_priority == {"low": 1, "medium": 1, "high": 2, "urgent": 2}
    assert list(d.totals.by_category.items()) == [
        (None, 2),
        ("billing", 2),
        ("access", 1),
        ("network", 1),
    ]
    assert [(p.start.day, p.end.day, p.created, p.resolved) for p in d.trend] == [
        (16, 17, 1, 1),
        (17, 18, 2, 1),
        (18, 19, 1, 0),
        (19, 20, 1, 1),
        (20, 21, 1, 0),
    ]


async def test_sla_figures(figures) -> None:
    sla = (await figures()).sla
    first, resolution = sla.first_response, sla.resolution
    assert (first.met, first.breached, first.met_pct) == (2, 2, Decimal("50.0"))
    # 1800 s, 3600 s, 14400.000001 s: the p90 lies 0.8 of the way from the 2nd to the 3rd.
    assert first.times == Durations(count=3, median_seconds=3600, p90_seconds=12240)
    assert (resolution.met, resolution.breached, resolution.met_pct) == (2, 1, Decimal("66.7"))
    assert resolution.times == Durations(count=2, median_seconds=10800, p90_seconds=13680)
    assert (sla.tickets_breached, sla.at_risk_now, sla.breached_open_now) == (2, 2, 2)


async def test_satisfaction(figures) -> None:
    s = (await figures()).satisfaction
    assert (s.overall.count, s.overall.average) == (2, Decimal("3.50"))
    assert s.overall.distribution == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert (s.ai_assisted.count, s.ai_assisted.average) == (1, Decimal("5.00"))
    assert (s.not_ai_assisted.count, s.not_ai_assisted.average) == (1, Decimal("2.00"))


async def test_ai_figures_are_empty_without_ai_records(figures) -> None:
    ai = (await figures()).ai
    assert ai.triage.triaged == ai.drafts.decided == ai.first_response_with_draft.count == 0
    assert ai.triage.accuracy_pct is None and ai.drafts.accepted_pct is None
    assert ai.first_response_without_draft == Durations(3, 3600, 12240)


async def test_filters_and_weeks(figures) -> None:
    billing = await figures(
        DashboardQuery(start=date(2026, 3, 16), end=date(2026, 3, 20), category="billing")
    )
    assert (billing.totals.created, billing.totals.resolved, billing.totals.open_now) == (2, 0, 2)
    assert (billing.sla.first_response.breached, billing.sla.resolution.breached) == (2, 1)
    urgent = await figures(
        DashboardQuery(
            start=date(2026, 3, 1), end=date(2026, 3, 31), priority=TicketPriority.URGENT
        )
    )
    assert (urgent.totals.created, urgent.sla.at_risk_now, urgent.satisfaction.overall.count) == (
        2,
        1,
        1,
    )
    weeks = await figures(
        DashboardQuery(start=date(2026, 3, 18), end=date(2026, 3, 24), group_by=Period.WEEK)
    )
    assert [(p.start.day, p.end.day, p.created, p.resolved) for p in weeks.trend] == [
        (18, 23, 3, 1),
        (23, 25, 0, 0),
    ]


async def test_an_empty_range(figures) -> None:
    d = await figures(DashboardQuery(start=date(2025, 1, 1), end=date(2025, 1, 2)))
    assert d.totals.created == d.totals.resolved == 0
    assert d.totals.open_now == 4  # "now" figures ignore the range
    assert d.sla.first_response.met_pct is None and d.sla.first_response.times == Durations()
    assert d.satisfaction.overall.average is None
    assert [p.created for p in d.trend] == [0, 0]
