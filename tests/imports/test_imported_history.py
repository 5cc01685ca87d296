"""Imported tickets count in the SLA and dashboard figures exactly as live tickets with the
same history: the live history is driven through the domain into the Python reference, the
same history is imported into each backend, and every figure must agree."""

from __future__ import annotations

import copy
import random
from dataclasses import asdict
from datetime import timedelta
from typing import Any

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.analytics import MemoryDashboardQueries
from adapters.sql.analytics import SqlDashboardQueries
from application.analytics import DashboardQuery, Period
from application.queries import SlaWindow
from application.use_cases.import_tickets import (
    ImportTickets,
    ImportTicketsHandler,
    ReplyRecord,
    TicketRecord,
)
from domain.access import Actor
from domain.tickets import Ticket, TicketChanges, TicketPriority, TicketStatus
from domain.tickets.sla_policy import DEFAULT_POLICY
from domain.users import Role, User
from tests.analytics.histories import BUSINESS_POLICY, NOW
from tests.fakes import FixedClock

AGENT = "agent@helpdesk.test"
CUSTOMERS = [f"customer{n}@example.com" for n in range(4)]
TODAY = NOW.date()
QUERIES = [
    DashboardQuery(start=TODAY - timedelta(days=29), end=TODAY),
    DashboardQuery(start=TODAY - timedelta(days=60), end=TODAY, group_by=Period.WEEK),
    DashboardQuery(start=TODAY - timedelta(days=60), end=TODAY, category="billing"),
]
WINDOWS = [SlaWindow(NOW, NOW + timedelta(minutes=60)), SlaWindow(NOW, NOW + timedelta(days=2))]


def _gap(rng: random.Random) -> timedelta:
    return timedelta(minutes=rng.randint(1, 3000), microseconds=rng.randint(0, 999_999))


def _history(seed: int, policy: Any) -> list[tuple[TicketRecord, Ticket, list[Any]]]:
    """Records to import, each with the live ticket and replies the same history makes."""
    rng = random.Random(seed)
    out = []
    for n in range(60):
        created = NOW - timedelta(days=rng.uniform(1, 55))
        requester = rng.choice(CUSTOMERS)
        priority = rng.choice(list(TicketPriority))
        category = rng.choice([None, "billing", "access"])
        status = rng.choice(list(TicketStatus))
        live = Ticket.open(
            title=f"Ticket {n}",
            content="Something broke",
            requester_id=CUSTOMERS.index(requester) + 1,
            now=created,
            priority=priority,
            category=category,
            sla_policy=policy,
        )
        live.id = -1
        moment, replies, reply_records = created, [], []
        for _ in range(rng.randint(0, 3)):
            moment += _gap(rng)
            staff = rng.random() < 0.6
            internal = staff and rng.random() < 0.3
            replies.append(
                live.reply(
                    author_id=0 if staff else live.requester_id,
                    content="Reply",
                    internal=internal,
                    now=moment,
                    from_staff=staff,
                )
            )
            reply_records.append(ReplyRecord("Reply", AGENT if staff else None, internal, moment))
        resolved_at = None
        if status.is_resolved:
            resolved_at = moment + _gap(rng)
            live.apply(TicketChanges(status=status), resolved_at, sla_policy=policy)
        elif status is not TicketStatus.OPEN:
            live.apply(TicketChanges(status=status), moment, sla_policy=policy)
        if max(created, moment, resolved_at or created) >= NOW:
            continue
        record = TicketRecord(
            title=live.title,
            content=live.content,
            requester_email=requester,
            status=status.value,
            priority=priority.value,
            category=category,
            created_at=created,
            resolved_at=resolved_at,
            replies=tuple(reply_records),
        )
        out.append((record, live, replies))
    return out


async def _users(uow_factory: Any) -> dict[str, User]:
    users = {}
    async with uow_factory() as uow:
        for email in [*CUSTOMERS, AGENT]:
            role = Role.AGENT if email == AGENT else Role.CUSTOMER
            user = User.register(email=email, name=email, now=NOW - timedelta(days=400), role=role)
            await uow.users.add(user)
            users[email] = user
        await uow.commit()
    return users


async def _store_live(uow_factory: Any, history: list[Any], policy: Any) -> None:
    users = await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.sla_policies.save(policy)
        for record, live, replies in history:
            ticket = copy.deepcopy(live)
            ticket.id, ticket.requester_id = None, users[record.requester_email].id
            ticket.version = 1
            await uow.tickets.add(ticket)
            for reply in replies:
                stored = copy.deepcopy(reply)
                stored.ticket_id = ticket.id
                stored.author_id = users[AGENT].id if reply.author_id == 0 else ticket.requester_id
                await uow.replies.add(stored)
        await uow.commit()


async def _import(uow_factory: Any, history: list[Any], policy: Any) -> list[int]:
    users = await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.sla_policies.save(policy)
        await uow.commit()
    handler = ImportTicketsHandler(uow_factory, FixedClock(NOW))
    agent = Actor(user_id=users[AGENT].id, role=Role.AGENT)
    return await handler(ImportTickets([record for record, _, _ in history]), agent)


@pytest.fixture
def backend(uow_factory: Any) -> tuple[Any, Any]:
    """(unit-of-work factory, dashboard queries) over empty storage of each kind."""
    if isinstance(uow_factory, MemoryUnitOfWorkFactory):
        return uow_factory, MemoryDashboardQueries(uow_factory)
    return uow_factory, SqlDashboardQueries(uow_factory.engine)


@pytest.mark.parametrize("seed", [1, 2])
async def test_imported_tickets_give_the_figures_of_live_ones(backend, seed: int) -> None:
    uow_factory, imported_figures = backend
    policy = BUSINESS_POLICY if seed % 2 else DEFAULT_POLICY
    history = _history(seed, policy)
    live = MemoryUnitOfWorkFactory()
    await _store_live(live, history, policy)
    ids = await _import(uow_factory, history, policy)
    assert len(ids) == len(history) > 40

    async with uow_factory(read_only=True) as uow:
        for ticket_id, (_, expected, _) in zip(ids, history, strict=True):
            stored = await uow.tickets.get(ticket_id)
            assert (stored.status, stored.created_at, stored.resolved_at) == (
                expected.status,
                expected.created_at,
                expected.resolved_at,
            )
            assert stored.sla == expected.sla, ticket_id

    reference = MemoryDashboardQueries(live)
    answered = 0
    for query in QUERIES:
        for window in WINDOWS:
            want = await reference.dashboard(query, window)
            got = await imported_figures.dashboard(query, window)
            assert asdict(got) == asdict(want), (query, window)
            answered += want.sla.first_response.times.count
    assert answered  # the histories do exercise first responses
