"""Recently authenticated accounts, kept for a few seconds so that a request needs no
transaction of its own to learn who is calling.

Rules:
- Only an active account is kept; a missing or deactivated one is looked up
  on every request (it is refused anyway).
- An entry lives `ttl_s` seconds (0 turns the cache off), by the clock given;
  a clock that went backwards ends it too.
- Whatever unit of work updates or deletes an account makes this process
  forget it as soon as that unit of work commits, so in this process a
  deactivated, deleted or re-roled account is refused or re-evaluated on the
  very next request. Other processes (more workers, the CLI) learn of it when
  their entry expires: at most `ttl_s` seconds later.
- A lookup that began before a change was forgotten is not kept, so an
  account read just before a commit cannot outlive the change in the cache.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from application.ports import Clock
from application.unit_of_work_wrapper import (
    WritingUnitOfWorkWrapper,
    WritingUnitOfWorkWrapperFactory,
)
from domain.access import Actor
from domain.users import User

Account = tuple[User, Actor]

MAX_ACCOUNTS = 10_000
"""Beyond this many entries the oldest is dropped: memory stays bounded."""


class AccountCache:
    def __init__(self, clock: Clock, ttl_s: float, *, max_accounts: int = MAX_ACCOUNTS) -> None:
        self._clock = clock
        self._ttl = timedelta(seconds=ttl_s)
        self._max = max_accounts
        self._entries: dict[int, tuple[datetime, Account]] = {}
        self._changes = 0

    @property
    def enabled(self) -> bool:
        return self._ttl > timedelta(0)

    def get(self, user_id: int) -> Account | None:
        entry = self._entries.get(user_id)
        if entry is None:
            return None
        stored_at, account = entry
        now = self._clock.now()
        if not stored_at <= now < stored_at + self._ttl:
            self._entries.pop(user_id, None)
            return None
        return account

    def changes_seen(self) -> int:
        """Take this before a lookup and give it to `put`: see the module's rules."""
        return self._changes

    def put(self, user_id: int, account: Account, changes_seen: int) -> None:
        if not self.enabled or changes_seen != self._changes:
            return
        self._entries.pop(user_id, None)
        self._entries[user_id] = (self._clock.now(), account)
        if len(self._entries) > self._max:
            del self._entries[next(iter(self._entries))]

    def forget(self, user_ids: set[int]) -> None:
        self._changes += 1
        for user_id in user_ids:
            self._entries.pop(user_id, None)

    def forget_all(self) -> None:
        """For when the accounts were replaced underneath this process (tests empty the
        tables between tests; a restore does it outside any unit of work)."""
        self._changes += 1
        self._entries.clear()


class AccountWatchingUnitOfWorkFactory(WritingUnitOfWorkWrapperFactory):
    """Wraps a unit-of-work factory: accounts that a committed unit of work updated or
    deleted are forgotten by the cache. Read-only units of work pass through."""

    def __init__(self, inner: Any, cache: AccountCache) -> None:
        super().__init__(inner)
        self._cache = cache

    @property
    def wraps(self) -> bool:
        return self._cache.enabled

    def _wrap(self, uow: Any) -> _WatchingUnitOfWork:
        return _WatchingUnitOfWork(uow, self._cache)


class _WatchingUnitOfWork(WritingUnitOfWorkWrapper):
    def __init__(self, inner: Any, cache: AccountCache) -> None:
        super().__init__(inner)
        self._cache = cache
        self._changed: set[int] = set()

    def _drop_notes(self) -> None:
        self._changed.clear()

    @property
    def users(self) -> _WatchedUsers:
        return _WatchedUsers(self._inner.users, self._changed)

    async def commit(self) -> None:
        try:
            await self._inner.commit()
        finally:
            # Also when the commit fails: forgetting an account is always safe.
            if self._changed:
                self._cache.forget(set(self._changed))
                self._changed.clear()


class _WatchedUsers:
    def __init__(self, inner: Any, changed: set[int]) -> None:
        self._inner = inner
        self._changed = changed

    async def update(self, user: User) -> None:
        await self._inner.update(user)
        if user.id is not None:
            self._changed.add(user.id)

    async def delete(self, user_id: int) -> None:
        await self._inner.delete(user_id)
        self._changed.add(user_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
