"""SLA policy, first responses, the `sla` filter, ratings and the dashboard, as use cases
on the in-memory adapters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.analytics import MemoryDashboardQueries
from application.errors import NotFound
from application.queries import TicketQuery
from application.use_cases.get_dashboard import GetDashboard, GetDashboardHandler
from application.use_cases.get_sla_policy import GetSlaPolicyHandler
from application.use_cases.list_ratings import ListRatingsHandler
from application.use_cases.list_tickets import ListTicketsHandler
from application.use_cases.open_ticket import OpenTicket, OpenTicketHandler
from application.use_cases.post_reply import PostReply, PostReplyHandler
from application.use_cases.rate_ticket import RateTicket, RateTicketHandler
from application.use_cases.set_sla_policy import (
    BusinessHoursInput,
    SetSlaPolicy,
    SetSlaPolicyHandler,
    TargetInput,
)
from application.use_cases.update_ticket import UpdateTicket, UpdateTicketHandler
from domain.access import AccessDenied, Actor
from domain.errors import InvalidValue
from domain.tickets import TicketChanges, TicketPriority
from domain.tickets.satisfaction import AlreadyRated, NotRatable
from domain.tickets.sla_clock import SlaStatus
from domain.users import Role, User
from tests.fakes import T0, FixedClock

H = timedelta(hours=1)


@dataclass
class Desk:
    uow: MemoryUnitOfWorkFactory
    clock: FixedClock
    admin: Actor
    agent: Actor
    ada: Actor
    bob: Actor

    def __post_init__(self) -> None:
        self.open_ticket = OpenTicketHandler(self.uow, self.clock)
        self.update_ticket = UpdateTicketHandler(self.uow, self.clock)
        self.post_reply = PostReplyHandler(self.uow, self.clock)
        self.list_tickets = ListTicketsHandler(self.uow, self.clock, timedelta(minutes=60))
        self.get_policy = GetSlaPolicyHandler(self.uow)
        self.set_policy = SetSlaPolicyHandler(self.uow)
        self.rate = RateTicketHandler(self.uow, self.clock)
        self.ratings = ListRatingsHandler(self.uow)
        self.dashboard = GetDashboardHandler(
            MemoryDashboardQueries(self.uow), self.clock, timedelta(minutes=60)
        )

    async def ticket(self, by: Actor | None = None, **fields):
        by = by or self.ada
        values = {"title": "VPN down", "content": "Since this morning", **fields}
        return await self.open_ticket(OpenTicket(**values), by)

    async def change(self, ticket, **changes):
        return await self.update_ticket(
            UpdateTicket(ticket.id, TicketChanges(**changes)), self.agent
        )

    async def stored(self, ticket_id: int):
        async with self.uow(read_only=True) as uow:
            return await uow.tickets.get(ticket_id)


@pytest.fixture
async def desk() -> Desk:
    uow = MemoryUnitOfWorkFactory()
    actors = {}
    async with uow() as work:
        for name, role in (
            ("admin", Role.ADMIN),
            ("agent", Role.AGENT),
            ("ada", Role.CUSTOMER),
            ("bob", Role.CUSTOMER),
        ):
            user = User.register(email=f"{name}@example.com", name=name, now=T0, role=role)
            await work.users.add(user)
            actors[name] = Actor(user.id, role)
        await work.commit()
    return Desk(uow, FixedClock(), **actors)


def policy_command(**overrides) -> SetSlaPolicy:
    targets = {
        "urgent": TargetInput(30, 120),
        "high": TargetInput(60, 480),
        "medium": TargetInput(120, 1440),
        "low": TargetInput(240, 2880),
    }
    targets.update(overrides)
    return SetSlaPolicy(targets=targets)


async def test_tickets_open_under_the_policy_in_force(desk: Desk) -> None:
    assert (await desk.ticket()).sla.first_response_due_at == T0 + 8 * H
    await desk.set_policy(policy_command(), desk.admin)
    ticket = await desk.ticket(priority="urgent")
    assert ticket.sla.first_response_due_at == T0 + timedelta(minutes=30)
    assert ticket.sla.resolution_due_at == T0 + 2 * H
    assert (await desk.stored(ticket.id)).sla == ticket.sla


async def test_only_admins_change_the_policy_and_staff_read_it(desk: Desk) -> None:
    with pytest.raises(AccessDenied):
        await desk.set_policy(policy_command(), desk.agent)
    with pytest.raises(AccessDenied):
        await desk.get_policy(desk.ada)
    policy = await desk.get_policy(desk.agent)
    assert policy.target_for(TicketPriority.URGENT).first_response == H


async def test_policies_are_validated_as_a_whole(desk: Desk) -> None:
    command = SetSlaPolicy(
        targets={"urgent": TargetInput(0, 10, business_hours=True), "p0": TargetInput(1, 1)},
        business_hours=None,
    )
    with pytest.raises(InvalidValue) as refused:
        await desk.set_policy(command, desk.admin)
    fields = {p.field for p in refused.value.problems}
    assert {"targets.p0"} <= fields
    command = SetSlaPolicy(
        targets=policy_command().targets,
        business_hours=BusinessHoursInput("Nowhere/Land", {"monday": [("09:00", "17:00")]}),
    )
    with pytest.raises(InvalidValue):
        await desk.set_policy(command, desk.admin)
    assert (await desk.get_policy(desk.admin)).business_hours is None


async def test_business_hours_policies_are_stored_and_used(desk: Desk) -> None:
    week = {
        d: [("09:00", "17:00")] for d in ("monday", "tuesday", "wednesday", "thursday", "friday")
    }
    command = SetSlaPolicy(
        targets=policy_command(high=TargetInput(60, 480, business_hours=True)).targets,
        business_hours=BusinessHoursInput("UTC", week),
    )
    await desk.set_policy(command, desk.admin)
    desk.clock.set(T0.replace(hour=16, minute=30))  # a Friday, 16:30 UTC
    ticket = await desk.ticket(priority="high")
    assert ticket.sla.first_response_due_at == T0.replace(day=17, hour=9, minute=30)
    stored = await desk.get_policy(desk.agent)
    assert stored.business_hours is not None and stored.business_hours.timezone == "UTC"


async def test_priority_and_status_changes_move_the_clocks(desk: Desk) -> None:
    ticket = await desk.ticket()
    desk.clock.advance(H)
    await desk.change(ticket, priority="urgent")
    desk.clock.advance(H)
    await desk.change(ticket, status="pending")
    desk.clock.advance(3 * H)
    changed = await desk.change(ticket, status="open")
    assert changed.sla.first_response_due_at == T0 + H
    assert changed.sla.resolution_due_at == T0 + 7 * H


async def test_the_first_public_staff_reply_is_recorded_without_a_new_version(desk: Desk) -> None:
    ticket = await desk.ticket()
    desk.clock.advance(H)
    await desk.post_reply(PostReply(ticket.id, "Any news?"), desk.ada)
    await desk.post_reply(PostReply(ticket.id, "Looking", internal=True), desk.agent)
    assert (await desk.stored(ticket.id)).sla.first_responded_at is None
    desk.clock.advance(H)
    await desk.post_reply(PostReply(ticket.id, "Fixed?"), desk.agent)
    desk.clock.advance(H)
    await desk.post_reply(PostReply(ticket.id, "Again"), desk.admin)
    stored = await desk.stored(ticket.id)
    assert stored.sla.first_responded_at == T0 + 2 * H
    assert stored.version == ticket.version


async def test_the_sla_filter_is_judged_at_the_clock(desk: Desk) -> None:
    urgent = await desk.ticket(priority="urgent")  # first response due T0 + 1h
    medium = await desk.ticket()  # due T0 + 8h
    low = await desk.ticket(priority="low")
    await desk.post_reply(PostReply(low.id, "Hello"), desk.agent)
    desk.clock.set(T0 + timedelta(minutes=7 * 60 + 30))

    async def listed(state: SlaStatus, actor: Actor | None = None) -> set[int]:
        page = await desk.list_tickets(TicketQuery(sla=state), actor or desk.agent)
        return {t.id for t in page.items}

    assert await listed(SlaStatus.BREACHED) == {urgent.id}
    assert await listed(SlaStatus.AT_RISK) == {medium.id}
    assert await listed(SlaStatus.OK) == {low.id}
    assert await listed(SlaStatus.BREACHED, desk.bob) == set()


@pytest.mark.parametrize(
    ("minutes", "at_risk"), [(10, set()), (30, {"urgent"}), (8 * 60, {"urgent", "medium"})]
)
async def test_the_at_risk_window_is_the_configured_one(
    desk: Desk, minutes: int, at_risk: set[str]
) -> None:
    """SLA_AT_RISK_MINUTES: both ends of the window count, for the filter and the dashboard."""
    tickets = {p: await desk.ticket(priority=p) for p in ("urgent", "medium")}  # due 1h, 8h
    desk.clock.set(T0 + timedelta(minutes=30))
    window = timedelta(minutes=minutes)
    list_tickets = ListTicketsHandler(desk.uow, desk.clock, window)
    page = await list_tickets(TicketQuery(sla=SlaStatus.AT_RISK), desk.agent)
    assert {t.id for t in page.items} == {tickets[p].id for p in at_risk}
    dashboard = GetDashboardHandler(MemoryDashboardQueries(desk.uow), desk.clock, window)
    assert (await dashboard(GetDashboard(), desk.agent)).sla.at_risk_now == len(at_risk)


async def test_the_requester_rates_each_resolution_once(desk: Desk) -> None:
    ticket = await desk.ticket()
    with pytest.raises(NotRatable):
        await desk.rate(RateTicket(ticket.id, 5), desk.ada)
    await desk.change(ticket, status="resolved")
    with pytest.raises(NotFound):
        await desk.rate(RateTicket(ticket.id, 5), desk.bob)
    with pytest.raises(AccessDenied):
        await desk.rate(RateTicket(ticket.id, 5), desk.agent)
    first = await desk.rate(RateTicket(ticket.id, 2, "Slow"), desk.ada)
    with pytest.raises(AlreadyRated):
        await desk.rate(RateTicket(ticket.id, 5), desk.ada)
    desk.clock.advance(H)
    await desk.change(ticket, status="in_progress")
    desk.clock.advance(H)
    await desk.change(ticket, status="closed")
    second = await desk.rate(RateTicket(ticket.id, 5), desk.ada)
    _, history = await desk.ratings(ticket.id, desk.agent)
    assert [(r.id, r.score, r.resolved_at) for r in history] == [
        (first.id, 2, T0),
        (second.id, 5, T0 + 2 * H),
    ]
    with pytest.raises(NotFound):
        await desk.ratings(ticket.id, desk.bob)
    async with desk.uow(read_only=True) as uow:
        log = await uow.activity.list_for_ticket(ticket.id)
    assert [e.details["score"] for e in log if e.action.value == "rated"] == [2, 5]


async def test_the_dashboard_is_for_staff_and_covers_30_days_by_default(desk: Desk) -> None:
    await desk.ticket()
    with pytest.raises(AccessDenied):
        await desk.dashboard(GetDashboard(), desk.ada)
    figures = await desk.dashboard(GetDashboard(), desk.agent)
    assert (figures.query.start, figures.query.end) == (date(2025, 2, 13), date(2025, 3, 14))
    assert figures.totals.created == 1
    assert len(figures.trend) == 30
    with pytest.raises(InvalidValue):
        await desk.dashboard(GetDashboard(start=date(2025, 1, 1), end=date(2024, 1, 1)), desk.agent)
    with pytest.raises(InvalidValue):
        await desk.dashboard(GetDashboard(start=date(2020, 1, 1), end=date(2025, 1, 1)), desk.agent)
