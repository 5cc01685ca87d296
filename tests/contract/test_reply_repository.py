from __future__ import annotations

from datetime import timedelta

from domain.tickets import Reply
from tests.contract.helpers import add_replies, add_ticket, add_users
from tests.fakes import T0


def fields(reply: Reply) -> tuple:
    return (
        reply.id,
        reply.ticket_id,
        reply.author_id,
        reply.content,
        reply.internal,
        reply.created_at,
    )


async def test_a_reply_round_trips_every_field(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    ticket = await add_ticket(uow_factory, requester.id)
    long_unicode = ("مرحبا 👋 שלום " * 2000)[:20_000]
    public, note = await add_replies(
        uow_factory,
        Reply(ticket.id, agent.id, long_unicode, internal=False, created_at=T0),
        Reply(
            ticket.id,
            requester.id,
            "note",
            internal=True,
            created_at=T0 + timedelta(microseconds=1),
        ),
    )
    assert isinstance(public.id, int) and isinstance(note.id, int) and public.id != note.id

    async with uow_factory(read_only=True) as uow:
        loaded = await uow.replies.list_for_ticket(ticket.id)

    assert [fields(r) for r in loaded] == [fields(public), fields(note)]
    assert len(loaded[0].content) == 20_000
    assert loaded[0].internal is False and loaded[1].internal is True
    assert loaded[1].created_at.utcoffset() == timedelta(0)


async def test_replies_are_listed_oldest_first_ties_by_id(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    ticket = await add_ticket(uow_factory, requester.id)
    other = await add_ticket(uow_factory, requester.id)
    await add_replies(
        uow_factory,
        Reply(ticket.id, agent.id, "late", internal=False, created_at=T0 + timedelta(hours=1)),
        Reply(ticket.id, agent.id, "early", internal=False, created_at=T0),
        Reply(ticket.id, agent.id, "tie a", internal=True, created_at=T0 + timedelta(minutes=1)),
        Reply(ticket.id, agent.id, "tie b", internal=False, created_at=T0 + timedelta(minutes=1)),
        Reply(other.id, agent.id, "elsewhere", internal=False, created_at=T0),
    )
    async with uow_factory(read_only=True) as uow:
        everything = await uow.replies.list_for_ticket(ticket.id)
        public = await uow.replies.list_for_ticket(ticket.id, include_internal=False)
        count = await uow.replies.count_for_ticket(ticket.id)

    assert [r.content for r in everything] == ["early", "tie a", "tie b", "late"]
    assert [r.content for r in public] == ["early", "tie b", "late"]
    assert count == 4


async def test_a_ticket_without_replies_has_none(uow_factory):
    (requester,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, requester.id)
    async with uow_factory(read_only=True) as uow:
        assert await uow.replies.list_for_ticket(ticket.id) == []
        assert await uow.replies.count_for_ticket(ticket.id) == 0
