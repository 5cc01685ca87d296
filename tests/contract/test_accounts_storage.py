"""Storage of accounts, the activity log and sign-in failures, the same on every backend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.sign_in_throttle import MemorySignInThrottle
from adapters.sql.sign_in_throttle import SqlSignInThrottle
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.queries import UserQuery
from domain.tickets import TicketChanges
from domain.tickets.activity import Activity, ActivityAction
from domain.users import Role, User
from tests.contract.helpers import add_ticket, add_users, get_ticket
from tests.fakes import T0

# --- accounts ------------------------------------------------------------------------------


async def test_role_active_flag_and_password_hash_round_trip(uow_factory):
    user = User.register(
        email="agent@example.com", name="Agent", now=T0, role="agent", password_hash="$argon2id$x"
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        stored = await uow.users.get(user.id)
    assert (stored.role, stored.active, stored.password_hash) == (Role.AGENT, True, "$argon2id$x")

    stored.change_role(Role.ADMIN)
    stored.deactivate()
    stored.set_password_hash("$argon2id$y")
    stored.rename("Boss")
    async with uow_factory() as uow:
        await uow.users.update(stored)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        again = await uow.users.get_by_email("agent@example.com")
    assert (again.role, again.active, again.password_hash, again.name) == (
        Role.ADMIN,
        False,
        "$argon2id$y",
        "Boss",
    )


async def test_new_accounts_default_to_active_customers_without_a_password(uow_factory):
    (user,) = await add_users(uow_factory)
    async with uow_factory(read_only=True) as uow:
        stored = await uow.users.get(user.id)
    assert (stored.role, stored.active, stored.password_hash) == (Role.CUSTOMER, True, None)


async def test_only_active_admins_are_counted_and_roles_filter_lists(uow_factory):
    admins = await add_users(uow_factory, 3)
    await add_users(uow_factory, 2)
    async with uow_factory() as uow:
        for index, admin in enumerate(admins):
            stored = await uow.users.get(admin.id)
            stored.change_role(Role.ADMIN)
            if index == 0:
                stored.deactivate()
            await uow.users.update(stored)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.users.count_active_admins() == 2
        listed = await uow.users.list(UserQuery(role=Role.ADMIN))
        customers = await uow.users.list(UserQuery(role=Role.CUSTOMER))
    assert [u.id for u in listed.items] == [a.id for a in admins]
    assert customers.total == 2


# --- the activity log ----------------------------------------------------------------------


async def _log(uow_factory, ticket_id):
    async with uow_factory(read_only=True) as uow:
        return await uow.activity.list_for_ticket(ticket_id)


async def test_activity_round_trips_in_order(uow_factory):
    (user,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, user.id)
    details = {
        "title": {"from": "Zoë 🌸", "to": "زهرة"},
        "tags": {"from": [], "to": ["a", "b"]},
        "assignee_id": {"from": None, "to": user.id},
    }
    entries = [
        Activity(ticket.id, user.id, ActivityAction.UPDATED, details, T0 + timedelta(seconds=1)),
        Activity(ticket.id, None, ActivityAction.CREATED, {"status": "open"}, T0),
        Activity(ticket.id, user.id, ActivityAction.REPLIED, {"reply_id": 7}, T0),  # a tie
    ]
    async with uow_factory() as uow:
        for entry in entries:
            await uow.activity.add(entry)
        await uow.commit()
    assert all(isinstance(e.id, int) for e in entries)

    stored = await _log(uow_factory, ticket.id)

    assert [e.id for e in stored] == [entries[1].id, entries[2].id, entries[0].id]
    assert stored[2].details == details
    assert (stored[2].action, stored[2].actor_id, stored[2].created_at) == (
        ActivityAction.UPDATED,
        user.id,
        T0 + timedelta(seconds=1),
    )
    assert stored[0].actor_id is None
    assert stored[0].created_at.utcoffset() == timedelta(0)


async def test_activity_is_rolled_back_with_the_change_it_describes(uow_factory):
    (user,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, user.id, title="Before")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with uow_factory() as uow:
            loaded = await uow.tickets.get(ticket.id)
            loaded.apply(TicketChanges(title="After"), T0)
            await uow.tickets.update(loaded, expected_version=1)
            await uow.activity.add(
                Activity(ticket.id, user.id, ActivityAction.UPDATED, {"title": {}}, T0)
            )
            raise Boom  # e.g. the connection dies before the commit

    assert (await get_ticket(uow_factory, ticket.id)).title == "Before"
    assert await _log(uow_factory, ticket.id) == []


async def test_the_log_goes_with_its_ticket_and_forgets_deleted_actors(uow_factory):
    requester, agent = await add_users(uow_factory, 2)
    doomed = await add_ticket(uow_factory, requester.id)
    kept = await add_ticket(uow_factory, requester.id)
    async with uow_factory() as uow:
        await uow.activity.add(Activity(doomed.id, agent.id, ActivityAction.CREATED, {}, T0))
        await uow.activity.add(Activity(kept.id, agent.id, ActivityAction.CREATED, {}, T0))
        await uow.commit()

    async with uow_factory() as uow:
        await uow.tickets.delete(doomed.id)
        await uow.users.delete(agent.id)
        await uow.commit()

    assert await _log(uow_factory, doomed.id) == []
    (entry,) = await _log(uow_factory, kept.id)
    assert entry.actor_id is None  # the entry stays; who it was is gone with the account


# --- sign-in failures ----------------------------------------------------------------------


@pytest.fixture
def throttle(uow_factory):
    if isinstance(uow_factory, MemoryUnitOfWorkFactory):
        return MemorySignInThrottle()
    assert isinstance(uow_factory, SqlUnitOfWorkFactory)
    return SqlSignInThrottle(uow_factory.engine)


async def test_the_fifth_failure_in_a_window_blocks_the_key_until_it_ends(throttle):
    key = "account:ada@example.com"
    assert await throttle.blocked_until(key, T0) is None
    for minute in range(4):
        assert await throttle.record_failure(key, T0 + timedelta(minutes=minute)) is None
        assert await throttle.blocked_until(key, T0 + timedelta(minutes=minute)) is None
    fifth = T0 + timedelta(minutes=4)

    until = await throttle.record_failure(key, fifth)

    assert until == fifth + timedelta(minutes=15)
    assert until.utcoffset() == timedelta(0)
    assert await throttle.blocked_until(key, fifth + timedelta(minutes=14)) == until
    assert await throttle.blocked_until(key, until) is None
    assert await throttle.blocked_until("client:elsewhere", fifth) is None

    await throttle.reset(key)
    assert await throttle.blocked_until(key, fifth) is None
    await throttle.reset("never:seen")  # no error


async def test_only_failures_within_one_window_count_and_long_keys_too(throttle):
    key = "client:10.0.0.1"
    for _ in range(4):
        await throttle.record_failure(key, T0)
    later = T0 + timedelta(minutes=15)
    for minute in range(4):
        assert await throttle.record_failure(key, later + timedelta(minutes=minute)) is None
    assert await throttle.blocked_until(key, later + timedelta(minutes=4)) is None

    long_key = "account:" + "x" * 2000
    for _ in range(5):
        until = await throttle.record_failure(long_key, T0)
    assert until is not None
    assert await throttle.blocked_until(long_key, T0) == until


async def test_concurrent_failures_are_all_counted(throttle):
    """Parallel guesses (several server processes) neither fail nor go uncounted.

    Regression: on MariaDB two first failures of one key deadlocked on InnoDB's
    gap lock; the loser's sign-in answered 500 and its failure was not counted.
    """
    for round_ in range(3):
        key = f"account:race{round_}@example.com"
        results = await asyncio.gather(*(throttle.record_failure(key, T0) for _ in range(8)))
        assert sum(r is not None for r in results) == 4  # the 5th to 8th failures block
        assert await throttle.blocked_until(key, T0) == T0 + timedelta(minutes=15)
