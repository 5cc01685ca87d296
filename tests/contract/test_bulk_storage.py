"""Bulk writes (ticket import) and the training read: one contract for memory, SQLite,
PostgreSQL and MariaDB."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.errors import EmailAlreadyRegistered
from domain.tickets import Reply
from domain.tickets.activity import Activity, ActivityAction
from domain.users import User
from tests.builders import a_ticket, ticket_fields
from tests.contract.helpers import add_users
from tests.fakes import T0


async def test_tickets_added_in_bulk_get_ids_in_order_and_read_back_whole(uow_factory) -> None:
    (user,) = await add_users(uow_factory)
    tickets = [
        a_ticket(
            user.id,
            title=f"Ticket {n}",
            tags=["vpn", f"t{n}"] if n % 2 else None,
            category="access" if n % 3 else None,
            priority=["low", "medium", "high", "urgent"][n % 4],
            now=T0 + timedelta(minutes=n),
        )
        for n in range(25)
    ]
    async with uow_factory() as uow:
        await uow.tickets.add_many(tickets)
        await uow.tickets.add_many([])
        await uow.commit()
    ids = [t.id for t in tickets]
    assert ids == sorted(ids) and len(set(ids)) == 25
    async with uow_factory(read_only=True) as uow:
        for ticket in tickets:
            stored = await uow.tickets.get(ticket.id)
            assert stored.title == ticket.title  # the id belongs to this ticket
            assert ticket_fields(stored) == ticket_fields(ticket)


async def test_labels_are_read_in_id_order_batches_with_their_tags(uow_factory) -> None:
    (user,) = await add_users(uow_factory)
    tickets = [
        a_ticket(user.id, title=f"T{n}", content=f"C{n}", category=f"cat{n % 2}", tags=[f"x{n}"])
        for n in range(7)
    ]
    async with uow_factory() as uow:
        await uow.tickets.add_many(tickets)
        await uow.commit()
    seen = []
    after = 0
    async with uow_factory(read_only=True) as uow:
        while batch := await uow.tickets.labels_after(after, 3):
            assert len(batch) <= 3
            seen.extend(batch)
            after = batch[-1].id
    assert [s.id for s in seen] == [t.id for t in tickets]
    third = seen[2]
    assert (third.title, third.content, third.category, third.priority, third.tags) == (
        "T2",
        "C2",
        "cat0",
        "medium",
        ("x2",),
    )


async def test_replies_and_activity_are_added_in_bulk(uow_factory) -> None:
    (user,) = await add_users(uow_factory)
    ticket = a_ticket(user.id)
    async with uow_factory() as uow:
        await uow.tickets.add_many([ticket])
        replies = [
            Reply(ticket.id, user.id, f"reply {n}", n == 1, T0 + timedelta(minutes=n))
            for n in range(3)
        ]
        await uow.replies.add_many(replies)
        await uow.activity.add_many(
            [Activity(ticket.id, user.id, ActivityAction.IMPORTED, {"replies": 3}, T0)]
        )
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        stored = await uow.replies.list_for_ticket(ticket.id)
        log = await uow.activity.list_for_ticket(ticket.id)
    assert [(r.content, r.internal) for r in stored] == [
        ("reply 0", False),
        ("reply 1", True),
        ("reply 2", False),
    ]
    assert [(a.action, a.details) for a in log] == [(ActivityAction.IMPORTED, {"replies": 3})]


async def test_users_are_found_by_email_and_added_in_bulk(uow_factory) -> None:
    (known,) = await add_users(uow_factory, email="known@example.com")
    new = [User.register(email=f"new{n}@example.com", name=f"New {n}", now=T0) for n in range(3)]
    async with uow_factory() as uow:
        found = await uow.users.get_by_emails(["known@example.com", "nobody@example.com"])
        assert list(found) == ["known@example.com"] and found["known@example.com"].id == known.id
        await uow.users.add_many(new)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        for user in new:
            assert (await uow.users.get(user.id)).email == user.email
    clash = [User.register(email="known@example.com", name="Again", now=T0)]
    with pytest.raises(EmailAlreadyRegistered):
        async with uow_factory() as uow:
            await uow.users.add_many(clash)


async def test_ids_match_their_tickets_across_many_insert_batches(uow_factory) -> None:
    (user,) = await add_users(uow_factory)
    tickets = [a_ticket(user.id, title=f"Ticket {n:04d}") for n in range(2500)]
    async with uow_factory() as uow:
        await uow.tickets.add_many(tickets)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        stored = await uow.tickets.labels_after(0, 5000)
    assert {s.id: s.title for s in stored} == {t.id: t.title for t in tickets}
