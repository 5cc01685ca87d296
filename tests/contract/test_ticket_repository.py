from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError

from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.errors import StaleVersion
from application.queries import TicketQuery
from domain.tickets import Reply, Tags, TicketChanges, TicketPriority, TicketStatus
from tests.builders import a_stored_ticket, a_ticket, ticket_fields
from tests.contract.helpers import (
    add_replies,
    add_ticket,
    add_tickets,
    add_users,
    count_rows,
    get_ticket,
)
from tests.fakes import T0

RTL_AND_EMOJI = "שלום עולם — مرحبا بالعالم 🎫🔥👩🏽‍💻 Ünïcødé ✓"


async def test_a_ticket_round_trips_every_field(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    created = datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=UTC)
    ticket = a_stored_ticket(
        requester.id,
        title=RTL_AND_EMOJI,
        content="🧾" * 20_000,
        status=TicketStatus.RESOLVED,
        priority=TicketPriority.URGENT,
        tags=Tags(("zeta", "alpha", "ünïcødé", "emoji-🎉", "mid")),
        category="Billing \u2013 facturación",
        assignee_id=agent.id,
        created_at=created,
        updated_at=created + timedelta(days=1, microseconds=1),
        resolved_at=created + timedelta(hours=5, microseconds=7),
        version=7,
    )
    await add_tickets(uow_factory, ticket)
    assert isinstance(ticket.id, int)

    loaded = await get_ticket(uow_factory, ticket.id)

    assert loaded is not None
    assert ticket_fields(loaded) == ticket_fields(ticket)
    assert loaded.tags.values == ("zeta", "alpha", "ünïcødé", "emoji-🎉", "mid")
    assert len(loaded.content) == 20_000
    for moment in (loaded.created_at, loaded.updated_at, loaded.resolved_at):
        assert moment.utcoffset() == timedelta(0)
    assert loaded.updated_at.microsecond == 123457
    assert loaded.resolved_at.microsecond == 123463


async def test_optional_fields_round_trip_empty(uow_factory):
    (requester,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, requester.id)
    loaded = await get_ticket(uow_factory, ticket.id)
    assert loaded.tags == Tags()
    assert loaded.category is None
    assert loaded.assignee_id is None
    assert loaded.resolved_at is None
    assert loaded.version == 1


async def test_an_aware_non_utc_time_keeps_its_instant(uow_factory):
    (requester,) = await add_users(uow_factory)
    india = datetime(2025, 1, 1, 5, 30, 0, 1, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    ticket = await add_ticket(uow_factory, requester.id, now=india)
    loaded = await get_ticket(uow_factory, ticket.id)
    assert loaded.created_at == datetime(2025, 1, 1, 0, 0, 0, 1, tzinfo=UTC)


async def test_ids_are_assigned_distinct_and_missing_ids_read_as_none(uow_factory):
    (requester,) = await add_users(uow_factory)
    tickets = await add_tickets(uow_factory, *(a_ticket(requester.id) for _ in range(3)))
    ids = [t.id for t in tickets]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == 3
    assert await get_ticket(uow_factory, max(ids) + 1000) is None


async def test_update_stores_the_new_state_and_replaces_the_tags(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    ticket = await add_ticket(uow_factory, requester.id, tags="a, b, c")
    ticket.apply(
        TicketChanges(
            title="New title",
            status="resolved",
            priority="high",
            tags=["c", "new", "a"],
            category="hardware",
            assignee_id=agent.id,
        ),
        T0 + timedelta(minutes=5),
    )
    async with uow_factory() as uow:
        await uow.tickets.update(ticket, expected_version=1)
        await uow.commit()

    loaded = await get_ticket(uow_factory, ticket.id)
    assert ticket_fields(loaded) == ticket_fields(ticket)
    assert loaded.version == 2
    assert loaded.tags.values == ("c", "new", "a")
    async with uow_factory(read_only=True) as uow:
        assert (await uow.tickets.list(TicketQuery(tag="b"))).total == 0
        assert (await uow.tickets.list(TicketQuery(tag="new"))).total == 1


async def test_update_can_clear_every_optional_field(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    ticket = await add_ticket(
        uow_factory, requester.id, tags="x", category="c", assignee_id=agent.id, status="closed"
    )
    ticket.apply(TicketChanges(tags=[], category=None, assignee_id=None, status="open"), T0)
    async with uow_factory() as uow:
        await uow.tickets.update(ticket, expected_version=1)
        await uow.commit()
    loaded = await get_ticket(uow_factory, ticket.id)
    assert ticket_fields(loaded) == ticket_fields(ticket)
    assert loaded.resolved_at is None and loaded.assignee_id is None and loaded.category is None


async def test_update_of_a_missing_ticket_is_stale(uow_factory):
    (requester,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, requester.id)
    async with uow_factory() as uow:
        await uow.tickets.delete(ticket.id)
        await uow.commit()
    ticket.apply(TicketChanges(title="ghost"), T0)
    async with uow_factory() as uow:
        with pytest.raises(StaleVersion) as refused:
            await uow.tickets.update(ticket, expected_version=1)
    assert refused.value.current is None


async def test_update_with_a_wrong_expected_version_is_stale_and_stores_nothing(uow_factory):
    (requester,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, requester.id, title="original")
    ticket.apply(TicketChanges(title="changed"), T0)
    async with uow_factory() as uow:
        with pytest.raises(StaleVersion) as refused:
            await uow.tickets.update(ticket, expected_version=5)
        await uow.commit()
    assert refused.value.expected == 5 and refused.value.current == 1
    loaded = await get_ticket(uow_factory, ticket.id)
    assert loaded.title == "original" and loaded.version == 1


async def test_delete_takes_the_replies_and_tags_with_it(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    doomed = await add_ticket(uow_factory, requester.id, tags="shared, doomed")
    kept = await add_ticket(uow_factory, requester.id, tags="shared")
    await add_replies(
        uow_factory,
        Reply(doomed.id, agent.id, "first", internal=False, created_at=T0),
        Reply(doomed.id, agent.id, "note", internal=True, created_at=T0),
        Reply(kept.id, agent.id, "stays", internal=False, created_at=T0),
    )
    async with uow_factory() as uow:
        await uow.tickets.delete(doomed.id)
        await uow.commit()

    async with uow_factory(read_only=True) as uow:
        assert await uow.tickets.get(doomed.id) is None
        assert await uow.replies.list_for_ticket(doomed.id) == []
        assert await uow.replies.count_for_ticket(doomed.id) == 0
        assert await uow.replies.count_by_author(agent.id) == 1
        assert await uow.replies.count_for_ticket(kept.id) == 1
        assert (await uow.tickets.list(TicketQuery(tag="doomed"))).total == 0
        assert [t.id for t in (await uow.tickets.list(TicketQuery(tag="shared"))).items] == [
            kept.id
        ]
    if isinstance(uow_factory, SqlUnitOfWorkFactory):
        # the database itself cascaded: no orphan rows are left behind
        assert await count_rows(uow_factory, "replies", ticket_id=doomed.id) == 0
        assert await count_rows(uow_factory, "ticket_tags", ticket_id=doomed.id) == 0
        assert await count_rows(uow_factory, "ticket_tags", ticket_id=kept.id) == 1


async def test_deleting_a_missing_ticket_is_harmless(uow_factory):
    (requester,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, requester.id)
    async with uow_factory() as uow:
        await uow.tickets.delete(ticket.id + 1000)
        await uow.commit()
    assert await get_ticket(uow_factory, ticket.id) is not None


@pytest.mark.parametrize("field", ["requester_id", "assignee_id"])
async def test_the_database_refuses_a_ticket_naming_a_missing_user(uow_factory, field):
    if not isinstance(uow_factory, SqlUnitOfWorkFactory):
        pytest.skip("the memory adapter has no foreign keys; the use cases check references")
    (user,) = await add_users(uow_factory)
    refs = {"requester_id": user.id, "assignee_id": None, field: user.id + 1000}
    ticket = a_ticket(refs.pop("requester_id"), **refs)
    with pytest.raises(IntegrityError):
        async with uow_factory() as uow:
            await uow.tickets.add(ticket)
            await uow.commit()
    assert await count_rows(uow_factory, "tickets") == 0


async def test_the_database_refuses_a_reply_to_a_missing_ticket(uow_factory):
    if not isinstance(uow_factory, SqlUnitOfWorkFactory):
        pytest.skip("the memory adapter has no foreign keys; the use cases check references")
    (user,) = await add_users(uow_factory)
    with pytest.raises(IntegrityError):
        async with uow_factory() as uow:
            await uow.replies.add(Reply(4242, user.id, "orphan", internal=False, created_at=T0))
            await uow.commit()
    assert await count_rows(uow_factory, "replies") == 0


async def test_the_id_of_a_deleted_ticket_is_not_given_to_a_new_one(uow_factory):
    """A stale URL or If-Match for a deleted ticket must not reach a new ticket."""
    (requester,) = await add_users(uow_factory)
    first = await add_ticket(uow_factory, requester.id)
    async with uow_factory() as uow:
        await uow.tickets.delete(first.id)
        await uow.commit()
    second = await add_ticket(uow_factory, requester.id)
    assert second.id != first.id


async def test_get_many_reads_each_existing_ticket_as_get_does(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    tagged, plain, gone = await add_tickets(
        uow_factory,
        a_ticket(requester.id, tags=["zeta", "alpha", "mid"], assignee_id=agent.id),
        a_ticket(requester.id, title=RTL_AND_EMOJI),
        a_ticket(requester.id),
    )
    async with uow_factory() as uow:
        await uow.tickets.delete(gone.id)
        await uow.commit()

    async with uow_factory(read_only=True) as uow:
        found = await uow.tickets.get_many([plain.id, tagged.id, gone.id, plain.id, 10**30])
        one_by_one = {t.id: await uow.tickets.get(t.id) for t in (tagged, plain)}
        nothing = await uow.tickets.get_many([])

    assert {i: ticket_fields(t) for i, t in found.items()} == {
        i: ticket_fields(t) for i, t in one_by_one.items()
    }
    assert found[tagged.id].tags.values == ("zeta", "alpha", "mid")
    assert nothing == {}
