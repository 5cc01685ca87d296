from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from application.errors import EmailAlreadyRegistered, UserStillReferenced
from application.queries import PageRequest, UserQuery
from domain.tickets import Reply
from domain.users import User
from tests.builders import a_ticket, a_user, user_fields
from tests.contract.helpers import add_replies, add_ticket, add_users, get_ticket
from tests.fakes import T0


async def test_a_user_round_trips_every_field(uow_factory):
    created = datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC)
    user = User.register(email="  Zoë.Ünal+help@Example.ORG ", name="زهرة 🌸 Zoë", now=created)
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    assert isinstance(user.id, int)

    async with uow_factory(read_only=True) as uow:
        by_id = await uow.users.get(user.id)
        by_email = await uow.users.get_by_email("zoë.ünal+help@example.org")

    assert by_id is not None and by_email is not None
    assert user_fields(by_id) == user_fields(user) == user_fields(by_email)
    assert by_id.email.value == "zoë.ünal+help@example.org"
    assert by_id.created_at.utcoffset() == timedelta(0)
    assert by_id.created_at.microsecond == 999999


async def test_ids_are_assigned_and_distinct(uow_factory):
    users = await add_users(uow_factory, 3)
    ids = [u.id for u in users]
    assert all(isinstance(i, int) for i in ids)
    assert len(set(ids)) == 3


async def test_missing_users_are_none(uow_factory):
    (user,) = await add_users(uow_factory)
    async with uow_factory(read_only=True) as uow:
        assert await uow.users.get(user.id + 1000) is None
        assert await uow.users.get_by_email("nobody@example.com") is None


async def test_a_second_user_with_the_same_email_is_refused(uow_factory):
    await add_users(uow_factory, email="dup@example.com")
    with pytest.raises(EmailAlreadyRegistered):
        async with uow_factory() as uow:
            await uow.users.add(a_user(email="DUP@example.com"))
            await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert (await uow.users.list(UserQuery())).total == 1


async def test_existing_ids_is_the_subset_that_exists(uow_factory):
    first, second = await add_users(uow_factory, 2)
    missing = max(first.id, second.id) + 1000
    async with uow_factory(read_only=True) as uow:
        assert await uow.users.existing_ids([first.id, missing, second.id]) == {first.id, second.id}
        assert await uow.users.existing_ids([]) == set()
        assert await uow.users.existing_ids([missing]) == set()


async def test_update_stores_a_rename(uow_factory):
    (user,) = await add_users(uow_factory, name="Old Name")
    user.rename("New Name ✨")
    async with uow_factory() as uow:
        await uow.users.update(user)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert (await uow.users.get(user.id)).name == "New Name ✨"


async def test_list_orders_by_id_and_pages_without_overlap(uow_factory):
    users = await add_users(uow_factory, 5)
    ids = sorted(u.id for u in users)
    seen = []
    async with uow_factory(read_only=True) as uow:
        for page in (1, 2, 3):
            result = await uow.users.list(UserQuery(page=PageRequest(page, 2)))
            assert result.total == 5
            assert result.last_page == 3
            seen.extend(u.id for u in result.items)
        beyond = await uow.users.list(UserQuery(page=PageRequest(4, 2)))
    assert seen == ids
    assert beyond.items == [] and beyond.total == 5


async def test_list_restricted_to_ids(uow_factory):
    users = await add_users(uow_factory, 4)
    wanted = (users[3].id, users[1].id, users[3].id + 1000)
    async with uow_factory(read_only=True) as uow:
        result = await uow.users.list(UserQuery(ids=wanted))
        nothing = await uow.users.list(UserQuery(ids=()))
    assert [u.id for u in result.items] == sorted([users[1].id, users[3].id])
    assert result.total == 2
    assert nothing.items == [] and nothing.total == 0


async def test_list_text_matches_name_or_email_ignoring_case(uow_factory):
    async with uow_factory() as uow:
        for email, name in [
            ("grace@navy.mil", "Grace Hopper"),
            ("alan@bletchley.uk", "Alan Turing"),
            ("ada@analytical.engine", "Ada HOPPERTON"),
            ("percent@example.com", "100% Sure"),
            ("under_score@example.com", "Snake"),
        ]:
            await uow.users.add(User.register(email=email, name=name, now=T0))
        await uow.commit()

    async def names(text: str, **kw) -> list[str]:
        async with uow_factory(read_only=True) as uow:
            return [u.name for u in (await uow.users.list(UserQuery(text=text, **kw))).items]

    assert await names("hopper") == ["Grace Hopper", "Ada HOPPERTON"]
    assert await names("BLETCHLEY") == ["Alan Turing"]
    assert await names("%") == ["100% Sure"]
    assert await names("_") == ["Snake"]
    assert await names("zzz") == []


async def test_deleting_a_user_without_history_removes_them(uow_factory):
    keep, gone = await add_users(uow_factory, 2)
    async with uow_factory() as uow:
        await uow.users.delete(gone.id)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.users.get(gone.id) is None
        assert await uow.users.get(keep.id) is not None


async def test_deleting_a_requester_is_refused_and_changes_nothing(uow_factory):
    (requester,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, requester.id)
    with pytest.raises(UserStillReferenced):
        async with uow_factory() as uow:
            await uow.users.delete(requester.id)
            await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.users.get(requester.id) is not None
        assert await uow.tickets.get(ticket.id) is not None


async def test_deleting_a_reply_author_is_refused(uow_factory):
    requester, author = await add_users(uow_factory, 2)
    ticket = await add_ticket(uow_factory, requester.id)
    await add_replies(
        uow_factory, Reply(ticket.id, author.id, "hello", internal=True, created_at=T0)
    )
    async with uow_factory() as uow:
        with pytest.raises(UserStillReferenced):
            await uow.users.delete(author.id)
        # the unit of work is still usable after the refusal
        assert await uow.users.get(author.id) is not None
        assert await uow.replies.count_by_author(author.id) == 1


async def test_deleting_an_assignee_only_user_unassigns_their_tickets(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    ticket = await add_ticket(uow_factory, requester.id, assignee_id=agent.id)
    other = await add_ticket(uow_factory, requester.id, assignee_id=requester.id)
    async with uow_factory() as uow:
        await uow.users.delete(agent.id)
        await uow.commit()
    reloaded = await get_ticket(uow_factory, ticket.id)
    assert reloaded.assignee_id is None
    assert (await get_ticket(uow_factory, other.id)).assignee_id == requester.id
    async with uow_factory(read_only=True) as uow:
        assert await uow.users.get(agent.id) is None


async def test_counts_of_a_users_history(uow_factory):
    requester, author, idle = await add_users(uow_factory, 3)
    first = await add_ticket(uow_factory, requester.id, assignee_id=idle.id)
    await add_tickets_for(uow_factory, requester.id, 2)
    await add_replies(
        uow_factory,
        Reply(first.id, author.id, "one", internal=False, created_at=T0),
        Reply(first.id, author.id, "two", internal=True, created_at=T0),
    )
    async with uow_factory(read_only=True) as uow:
        assert await uow.tickets.count_by_user(requester.id) == 3
        assert await uow.tickets.count_by_user(idle.id) == 0
        assert await uow.replies.count_by_author(author.id) == 2
        assert await uow.replies.count_by_author(requester.id) == 0


async def add_tickets_for(uow_factory, requester_id: int, count: int) -> None:
    async with uow_factory() as uow:
        for _ in range(count):
            await uow.tickets.add(a_ticket(requester_id))
        await uow.commit()
