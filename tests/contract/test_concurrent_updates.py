"""Compare-and-set updates: of two writers of one version, exactly one wins."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.errors import StaleVersion
from application.use_cases.update_ticket import UpdateTicket, UpdateTicketHandler
from domain.access import Actor
from domain.tickets import TicketChanges
from domain.users import Role
from tests.contract.helpers import add_ticket, add_users, get_ticket
from tests.fakes import T0, TickingClock


def _dialect(uow_factory) -> str | None:
    if isinstance(uow_factory, SqlUnitOfWorkFactory):
        return uow_factory.engine.dialect.name
    return None


async def test_the_second_writer_of_a_version_is_refused(uow_factory):
    """Both load version N; the first commit wins; the second gets StaleVersion.

    The second writer's unit of work begins only after the first committed, so this
    runs the same on backends that serialise writers (memory, SQLite).
    """
    (user,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, user.id, title="original", tags="old")
    first = await get_ticket(uow_factory, ticket.id)
    second = await get_ticket(uow_factory, ticket.id)
    version = first.version
    assert second.version == version

    first.apply(TicketChanges(title="first writer", tags="one"), T0 + timedelta(seconds=1))
    second.apply(
        TicketChanges(title="second writer", priority="urgent", tags="two"),
        T0 + timedelta(seconds=2),
    )

    async with uow_factory() as uow:
        await uow.tickets.update(first, expected_version=version)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(StaleVersion) as refused:
            await uow.tickets.update(second, expected_version=version)
        await uow.commit()

    assert refused.value.expected == version
    assert refused.value.current == version + 1
    stored = await get_ticket(uow_factory, ticket.id)
    assert stored.title == "first writer"
    assert stored.priority.value == "medium"
    assert stored.tags.values == ("one",)
    assert stored.version == version + 1


async def test_interleaved_transactions_on_a_server_database(uow_factory):
    """Both transactions are open at once; the first commits while the second still runs."""
    if _dialect(uow_factory) in (None, "sqlite"):
        pytest.skip("this backend serialises writing units of work: they cannot interleave")
    (user,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, user.id, title="original")

    async with uow_factory() as first_uow, uow_factory() as second_uow:
        first = await first_uow.tickets.get(ticket.id)
        second = await second_uow.tickets.get(ticket.id)
        assert first.version == second.version == 1
        first.apply(TicketChanges(title="first writer"), T0)
        second.apply(TicketChanges(title="second writer", tags="lost"), T0)

        await first_uow.tickets.update(first, expected_version=1)
        await first_uow.commit()
        with pytest.raises(StaleVersion):
            await second_uow.tickets.update(second, expected_version=1)
        await second_uow.commit()

    stored = await get_ticket(uow_factory, ticket.id)
    assert (stored.title, stored.tags.values, stored.version) == ("first writer", (), 2)


async def test_interleaved_with_a_reader_on_sqlite(uow_factory):
    """SQLite: the second writer loads on its own connection while the first writes."""
    if _dialect(uow_factory) != "sqlite":
        pytest.skip("SQLite-specific interleaving")
    (user,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, user.id, title="original")

    async with uow_factory() as writer:
        first = await writer.tickets.get(ticket.id)
        async with uow_factory(read_only=True) as reader:
            second = await reader.tickets.get(ticket.id)
            first.apply(TicketChanges(title="first writer"), T0)
            await writer.tickets.update(first, expected_version=1)
            await writer.commit()
            # the reader's snapshot still shows the old version
            assert (await reader.tickets.get(ticket.id)).title == "original"

    second.apply(TicketChanges(title="second writer"), T0)
    async with uow_factory() as late_writer:
        with pytest.raises(StaleVersion):
            await late_writer.tickets.update(second, expected_version=1)
    stored = await get_ticket(uow_factory, ticket.id)
    assert (stored.title, stored.version) == ("first writer", 2)


async def test_concurrent_use_case_updates_lose_nothing(uow_factory):
    """Without If-Match, concurrent edits of different fields both land (CAS + retry)."""
    (user,) = await add_users(uow_factory)
    agent = Actor(user.id, Role.AGENT)
    ticket = await add_ticket(uow_factory, user.id)
    update = UpdateTicketHandler(uow_factory, TickingClock())

    await asyncio.gather(
        update(UpdateTicket(ticket.id, TicketChanges(title="edited title")), agent),
        update(UpdateTicket(ticket.id, TicketChanges(priority="urgent")), agent),
    )

    stored = await get_ticket(uow_factory, ticket.id)
    assert (stored.title, stored.priority.value, stored.version) == ("edited title", "urgent", 3)
    async with uow_factory(read_only=True) as uow:
        logged = await uow.activity.list_for_ticket(ticket.id)
    assert sorted(tuple(entry.details) for entry in logged) == [("priority",), ("title",)]


async def test_concurrent_use_case_updates_of_one_version_let_exactly_one_win(uow_factory):
    (user,) = await add_users(uow_factory)
    agent = Actor(user.id, Role.AGENT)
    ticket = await add_ticket(uow_factory, user.id)
    update = UpdateTicketHandler(uow_factory, TickingClock())

    outcomes = await asyncio.gather(
        update(UpdateTicket(ticket.id, TicketChanges(title="A"), expected_version=1), agent),
        update(UpdateTicket(ticket.id, TicketChanges(title="B"), expected_version=1), agent),
        return_exceptions=True,
    )

    refused = [o for o in outcomes if isinstance(o, StaleVersion)]
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(refused) == 1 and len(won) == 1, outcomes
    stored = await get_ticket(uow_factory, ticket.id)
    assert (stored.title, stored.version) == (won[0].title, 2)
    async with uow_factory(read_only=True) as uow:
        logged = await uow.activity.list_for_ticket(ticket.id)
    assert [entry.details["title"]["to"] for entry in logged] == [won[0].title]
