"""Storing SLA clocks, first responses, the SLA policy and ratings: one contract for
memory, SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from adapters.sql.tables import tickets as tickets_table
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.queries import PageRequest, SlaWindow, TicketQuery
from domain.tickets import Reply, TicketChanges, TicketPriority
from domain.tickets.satisfaction import AlreadyRated, SatisfactionRating
from domain.tickets.sla_clock import SlaStatus, sla_status
from domain.tickets.sla_policy import DEFAULT_POLICY, SlaPolicy, SlaTarget
from domain.working_time import BusinessHours
from tests.builders import a_ticket
from tests.contract.helpers import add_tickets, add_users, get_ticket
from tests.fakes import T0

H = timedelta(hours=1)


async def _change(uow_factory, ticket_id: int, now, **changes):
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        version = ticket.version
        ticket.apply(TicketChanges(**changes), now)
        await uow.tickets.update(ticket, expected_version=version)
        await uow.commit()
    return ticket


async def _respond(uow_factory, ticket_id: int, author_id: int, now) -> None:
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        reply = ticket.reply(
            author_id=author_id, content="On it", internal=False, now=now, from_staff=True
        )
        await uow.replies.add(reply)
        await uow.tickets.record_first_response(ticket)
        await uow.commit()


async def test_sla_clocks_round_trip_through_every_change(uow_factory) -> None:
    (customer,) = await add_users(uow_factory)
    (ticket,) = await add_tickets(uow_factory, a_ticket(customer.id, priority="urgent"))
    assert (await get_ticket(uow_factory, ticket.id)).sla == ticket.sla
    await _change(uow_factory, ticket.id, T0 + H, status="pending")
    await _change(uow_factory, ticket.id, T0 + 3 * H, status="in_progress")
    changed = await _change(uow_factory, ticket.id, T0 + 4 * H, status="resolved")
    stored = await get_ticket(uow_factory, ticket.id)
    assert stored.sla == changed.sla
    assert [(p.started_at, p.ended_at) for p in stored.sla.pauses] == [(T0 + H, T0 + 3 * H)]
    assert stored.sla.paused_at == T0 + 4 * H
    assert stored.sla.resolution_due_at == T0 + 6 * H


async def test_a_first_response_needs_no_version_and_edits_never_undo_it(uow_factory) -> None:
    customer, agent = await add_users(uow_factory, 2)
    (ticket,) = await add_tickets(uow_factory, a_ticket(customer.id, priority="urgent"))
    stale = await get_ticket(uow_factory, ticket.id)
    await _respond(uow_factory, ticket.id, agent.id, T0 + H / 2)
    responded = await get_ticket(uow_factory, ticket.id)
    assert responded.sla.first_responded_at == T0 + H / 2
    assert responded.version == ticket.version

    async with uow_factory() as uow:  # an edit from a copy loaded before the reply
        stale.apply(TicketChanges(title="Renamed"), T0 + H)
        await uow.tickets.update(stale, expected_version=ticket.version)
        await uow.commit()
    stored = await get_ticket(uow_factory, ticket.id)
    assert (stored.title, stored.sla.first_responded_at) == ("Renamed", T0 + H / 2)

    async with uow_factory() as uow:  # a later reply does not move it
        again = await uow.tickets.get(ticket.id)
        again.sla = replace(again.sla, first_responded_at=T0 + 2 * H)
        await uow.tickets.record_first_response(again)
        await uow.commit()
    assert (await get_ticket(uow_factory, ticket.id)).sla.first_responded_at == T0 + H / 2

    window = SlaWindow(T0 + 2 * H, T0 + 3 * H)
    assert await _ids(uow_factory, SlaStatus.OK, window) == {ticket.id}  # due T0 + 4h, after


async def _ids(uow_factory, state: SlaStatus, window: SlaWindow, **filters) -> set[int]:
    query = TicketQuery(sla=state, sla_window=window, page=PageRequest(1, 100), **filters)
    async with uow_factory(read_only=True) as uow:
        page = await uow.tickets.list(query)
    return {t.id for t in page.items}


async def test_the_sla_filter_agrees_with_the_domain(uow_factory) -> None:
    customer, agent = await add_users(uow_factory, 2)
    made = []
    for index, priority in enumerate(["urgent", "high", "medium", "low"] * 3):
        (ticket,) = await add_tickets(
            uow_factory, a_ticket(customer.id, priority=priority, now=T0 + index * H / 4)
        )
        made.append(ticket.id)
    await _respond(uow_factory, made[0], agent.id, T0 + H / 2)
    await _respond(uow_factory, made[4], agent.id, T0 + 3 * H)
    await _change(uow_factory, made[1], T0 + H, status="pending")
    await _change(uow_factory, made[2], T0 + H, status="resolved")
    await _change(uow_factory, made[8], T0 + 5 * H, status="pending")
    await _change(uow_factory, made[8], T0 + 6 * H, status="open")
    await _change(uow_factory, made[9], T0 + 2 * H, priority="urgent")

    for hours in (0, 1, 2, 3.5, 5, 9, 30, 80, 200):
        now = T0 + hours * H
        window = SlaWindow(now, now + H)
        expected: dict[SlaStatus, set[int]] = {state: set() for state in SlaStatus}
        for ticket_id in made:
            ticket = await get_ticket(uow_factory, ticket_id)
            breach = ticket.sla.breach_at(ticket.resolved_at)
            expected[sla_status(breach, window.now, window.at_risk_until)].add(ticket_id)
        for state in SlaStatus:
            assert await _ids(uow_factory, state, window) == expected[state], (hours, state)
        found = await _ids(uow_factory, SlaStatus.BREACHED, window, priority=TicketPriority.URGENT)
        assert found == {t for t in expected[SlaStatus.BREACHED] if t in made[0::4] or t == made[9]}


async def test_the_stored_breach_instant_is_the_domains(uow_factory) -> None:
    if not isinstance(uow_factory, SqlUnitOfWorkFactory):
        pytest.skip("the memory adapter derives it on the fly")
    customer, agent = await add_users(uow_factory, 2)
    (ticket,) = await add_tickets(uow_factory, a_ticket(customer.id, priority="high"))
    await _respond(uow_factory, ticket.id, agent.id, T0 + 5 * H)  # late
    await _change(uow_factory, ticket.id, T0 + 6 * H, status="resolved")
    async with uow_factory.engine.connect() as connection:
        stored = await connection.scalar(
            select(tickets_table.c.sla_breach_at).where(tickets_table.c.id == ticket.id)
        )
    loaded = await get_ticket(uow_factory, ticket.id)
    assert stored == loaded.sla.breach_at(loaded.resolved_at) == T0 + 4 * H


async def test_the_policy_round_trips_and_defaults(uow_factory) -> None:
    async with uow_factory(read_only=True) as uow:
        assert await uow.sla_policies.get() == DEFAULT_POLICY
    hours = BusinessHours.parse(
        "America/New_York",
        {"monday": [("08:00", "12:00"), ("13:00", "17:30")], "sunday": [("00:00", "24:00")]},
    )
    policy = SlaPolicy(
        targets={**DEFAULT_POLICY.targets, TicketPriority.LOW: SlaTarget.minutes(90, 6000, True)},
        business_hours=hours,
    )
    for saved in (
        policy,
        SlaPolicy(targets=policy.targets | {TicketPriority.LOW: SlaTarget.minutes(5, 6)}),
    ):
        async with uow_factory() as uow:
            await uow.sla_policies.save(saved)
            await uow.commit()
        async with uow_factory(read_only=True) as uow:
            assert await uow.sla_policies.get() == saved


async def test_ratings_are_kept_one_per_resolution(uow_factory) -> None:
    (customer,) = await add_users(uow_factory)
    (ticket,) = await add_tickets(uow_factory, a_ticket(customer.id))
    first = await _change(uow_factory, ticket.id, T0 + H, status="resolved")

    def rating(score, resolved_at, minutes):
        return SatisfactionRating(
            ticket_id=ticket.id,
            rater_id=customer.id,
            score=score,
            comment="Ünïcode 👍" if score == 5 else None,
            resolved_at=resolved_at,
            created_at=T0 + minutes * timedelta(minutes=1),
        )

    async with uow_factory() as uow:
        await uow.ratings.add(rating(5, first.resolved_at, 70))
        await uow.commit()
    with pytest.raises(AlreadyRated):
        async with uow_factory() as uow:
            await uow.ratings.add(rating(1, first.resolved_at, 80))
    async with uow_factory() as uow:
        await uow.ratings.add(rating(3, T0 + 5 * H, 400))
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        kept = await uow.ratings.list_for_ticket(ticket.id)
    assert [(r.score, r.comment, r.resolved_at) for r in kept] == [
        (5, "Ünïcode 👍", T0 + H),
        (3, None, T0 + 5 * H),
    ]
    async with uow_factory() as uow:
        await uow.tickets.delete(ticket.id)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.ratings.list_for_ticket(ticket.id) == []


async def test_replies_keep_their_ai_mark(uow_factory) -> None:
    (customer,) = await add_users(uow_factory)
    (ticket,) = await add_tickets(uow_factory, a_ticket(customer.id))
    async with uow_factory() as uow:
        await uow.replies.add(Reply(ticket.id, customer.id, "drafted", False, T0, ai_assisted=True))
        await uow.replies.add(Reply(ticket.id, customer.id, "typed", False, T0 + H))
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        stored = await uow.replies.list_for_ticket(ticket.id)
    assert [r.ai_assisted for r in stored] == [True, False]
