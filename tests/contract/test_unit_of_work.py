from __future__ import annotations

import pytest

from application.queries import TicketQuery, UserQuery
from domain.tickets import Reply
from tests.builders import a_ticket, a_user
from tests.contract.helpers import add_users
from tests.fakes import T0


async def _nothing_stored(uow_factory) -> None:
    async with uow_factory(read_only=True) as uow:
        assert (await uow.users.list(UserQuery())).total == 0
        assert (await uow.tickets.list(TicketQuery())).total == 0


async def _add_a_conversation(uow) -> tuple[int, int, int]:
    user = a_user()
    await uow.users.add(user)
    ticket = a_ticket(user.id, tags="a, b")
    await uow.tickets.add(ticket)
    reply = Reply(ticket.id, user.id, "hi", internal=False, created_at=T0)
    await uow.replies.add(reply)
    return user.id, ticket.id, reply.id


async def test_leaving_without_commit_stores_nothing(uow_factory):
    async with uow_factory() as uow:
        _, ticket_id, _ = await _add_a_conversation(uow)
        # visible inside its own unit of work ...
        assert (await uow.tickets.get(ticket_id)) is not None
    # ... and gone after it
    await _nothing_stored(uow_factory)
    async with uow_factory(read_only=True) as uow:
        assert await uow.replies.count_for_ticket(ticket_id) == 0


async def test_an_exception_rolls_everything_back(uow_factory):
    with pytest.raises(RuntimeError, match="boom"):
        async with uow_factory() as uow:
            await _add_a_conversation(uow)
            raise RuntimeError("boom")
    await _nothing_stored(uow_factory)


async def test_rollback_discards_the_work_so_far(uow_factory):
    async with uow_factory() as uow:
        await _add_a_conversation(uow)
        await uow.rollback()
        assert (await uow.users.list(UserQuery())).total == 0
    await _nothing_stored(uow_factory)


async def test_commit_makes_the_work_visible_to_the_next_unit_of_work(uow_factory):
    async with uow_factory() as uow:
        user_id, ticket_id, reply_id = await _add_a_conversation(uow)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert (await uow.users.get(user_id)) is not None
        assert (await uow.tickets.get(ticket_id)).tags.values == ("a", "b")
        assert [r.id for r in await uow.replies.list_for_ticket(ticket_id)] == [reply_id]


async def test_an_abandoned_unit_of_work_leaves_committed_data_alone(uow_factory):
    (kept,) = await add_users(uow_factory)
    async with uow_factory() as uow:
        await uow.users.add(a_user())
    async with uow_factory(read_only=True) as uow:
        listed = await uow.users.list(UserQuery())
    assert [u.id for u in listed.items] == [kept.id]
