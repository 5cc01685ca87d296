"""The authentication cache: changes made in this process count at once; others within the TTL."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory import MemoryUnitOfWorkFactory
from application.account_cache import AccountCache, AccountWatchingUnitOfWorkFactory
from application.use_cases.authenticate import AuthenticateHandler
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.register_user import RegisterUser, RegisterUserHandler
from application.use_cases.update_user import UpdateUser, UpdateUserHandler
from domain.access import Actor
from domain.users import Role
from tests.fakes import CHEAP_HASHER, FixedClock

TTL_S = 5
ADMIN = Actor(user_id=0, role=Role.ADMIN)


class Desk:
    """The account use cases on one in-memory store, as the container wires them."""

    def __init__(self, ttl_s: float = TTL_S) -> None:
        self.clock = FixedClock()
        self.storage = CountingUnitOfWorkFactory(MemoryUnitOfWorkFactory())
        self.cache = AccountCache(self.clock, ttl_s)
        uow = AccountWatchingUnitOfWorkFactory(self.storage, self.cache)
        self.authenticate = AuthenticateHandler(uow, self.cache)
        self.register = RegisterUserHandler(uow, CHEAP_HASHER, self.clock)
        self.update = UpdateUserHandler(uow, CHEAP_HASHER)
        self.delete = DeleteUserHandler(uow, self.clock)

    async def agent(self) -> int:
        user = await self.register(
            RegisterUser(email="agnes@example.com", name="Agnes", role="agent"), ADMIN
        )
        assert user.id is not None
        return user.id

    async def role_of(self, user_id: int) -> Role | None:
        found = await self.authenticate(user_id)
        return None if found is None else found[1].role


class CountingUnitOfWorkFactory:
    """Counts the read-only units of work: each is a database transaction saved or not."""

    def __init__(self, inner: MemoryUnitOfWorkFactory) -> None:
        self.inner = inner
        self.lookups = 0

    def __call__(self, *, read_only: bool = False):
        self.lookups += read_only
        return self.inner(read_only=read_only)


async def test_a_known_account_needs_no_lookup_within_the_ttl():
    desk = Desk()
    agent = await desk.agent()

    assert await desk.role_of(agent) is Role.AGENT
    assert await desk.role_of(agent) is Role.AGENT
    assert desk.storage.lookups == 1


async def test_a_deactivated_account_is_refused_on_the_next_request():
    desk = Desk()
    agent = await desk.agent()
    assert await desk.role_of(agent) is Role.AGENT

    await desk.update(UpdateUser(agent, active=False), ADMIN)

    assert await desk.authenticate(agent) is None


async def test_a_deleted_account_is_refused_on_the_next_request():
    desk = Desk()
    agent = await desk.agent()
    assert await desk.role_of(agent) is Role.AGENT

    await desk.delete(agent, ADMIN)

    assert await desk.authenticate(agent) is None


async def test_a_role_change_counts_on_the_next_request():
    desk = Desk()
    agent = await desk.agent()
    assert await desk.role_of(agent) is Role.AGENT

    await desk.update(UpdateUser(agent, role="customer"), ADMIN)

    assert await desk.role_of(agent) is Role.CUSTOMER


async def test_a_password_change_drops_the_cached_account():
    desk = Desk()
    agent = await desk.agent()
    await desk.role_of(agent)

    await desk.update(UpdateUser(agent, password="a much longer new passphrase 42"), ADMIN)
    await desk.role_of(agent)

    assert desk.storage.lookups == 2


async def test_a_rolled_back_change_keeps_the_account():
    desk = Desk()
    agent = await desk.agent()
    await desk.role_of(agent)
    watched = AccountWatchingUnitOfWorkFactory(desk.storage, desk.cache)

    async with watched() as uow:
        user = await uow.users.get(agent)
        user.deactivate()
        await uow.users.update(user)
    # not committed: the account is as it was, and so is the cache
    assert await desk.role_of(agent) is Role.AGENT
    assert desk.storage.lookups == 1


async def test_a_change_made_elsewhere_is_seen_once_the_ttl_is_over():
    """Another process (a second worker, the CLI) writes behind this cache's back."""
    desk = Desk()
    agent = await desk.agent()
    assert await desk.role_of(agent) is Role.AGENT

    async with desk.storage.inner() as elsewhere:
        user = await elsewhere.users.get(agent)
        user.deactivate()
        await elsewhere.users.update(user)
        await elsewhere.commit()

    desk.clock.advance(timedelta(seconds=TTL_S) - timedelta(microseconds=1))
    assert await desk.role_of(agent) is Role.AGENT  # the documented lag
    desk.clock.advance(timedelta(microseconds=1))
    assert await desk.authenticate(agent) is None


async def test_a_clock_that_went_back_ends_the_entry():
    desk = Desk()
    agent = await desk.agent()
    await desk.role_of(agent)

    desk.clock.advance(timedelta(seconds=-1))
    await desk.role_of(agent)

    assert desk.storage.lookups == 2


async def test_a_lookup_older_than_a_change_is_not_kept():
    """Read before a commit, stored after it: it would hide the change for a whole TTL."""
    desk = Desk()
    agent = await desk.agent()
    cache = desk.cache
    seen = cache.changes_seen()
    found = await AuthenticateHandler(desk.storage)(agent)  # the old account, read
    assert found is not None

    await desk.update(UpdateUser(agent, active=False), ADMIN)  # commits meanwhile
    cache.put(agent, found, seen)

    assert cache.get(agent) is None
    assert await desk.authenticate(agent) is None


async def test_inactive_accounts_are_not_kept():
    desk = Desk()
    agent = await desk.agent()
    await desk.update(UpdateUser(agent, active=False), ADMIN)

    assert await desk.authenticate(agent) is None
    assert await desk.authenticate(agent) is None
    assert desk.storage.lookups == 2


async def test_a_ttl_of_zero_turns_the_cache_off():
    desk = Desk(ttl_s=0)
    agent = await desk.agent()

    await desk.role_of(agent)
    await desk.role_of(agent)

    assert desk.storage.lookups == 2


def test_the_cache_holds_at_most_its_size():
    cache = AccountCache(FixedClock(), TTL_S, max_accounts=2)
    account = object()
    for user_id in (1, 2, 3):
        cache.put(user_id, account, cache.changes_seen())  # type: ignore[arg-type]

    assert cache.get(1) is None
    assert cache.get(2) is cache.get(3) is account
