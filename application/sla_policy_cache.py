"""The SLA policy in force, kept for a few seconds so that opening or re-timing a ticket
needs no statement of its own to read it.

Rules:
- Only writing units of work read the policy through the cache (opening, editing
  and importing tickets); read-only ones (`GET /api/sla/policies`) read the
  stored policy every time.
- An entry lives `ttl_s` seconds (0 turns the cache off), by the clock given; a
  clock that went backwards ends it too.
- Whatever unit of work saves a policy makes this process forget the cached one
  as soon as that unit of work commits (or fails to), so in this process a
  ticket opened after `PUT /api/sla/policies` has answered is timed by the new
  policy. Other processes (more workers, the CLI) learn of it when their entry
  expires: at most `ttl_s` seconds later.
- A read that began before the policy was forgotten is not kept, so a policy
  read just before a change commits cannot outlive the change in the cache.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from application.ports import Clock
from application.unit_of_work_wrapper import (
    WritingUnitOfWorkWrapper,
    WritingUnitOfWorkWrapperFactory,
)
from domain.tickets.sla_policy import SlaPolicy


class SlaPolicyCache:
    def __init__(self, clock: Clock, ttl_s: float) -> None:
        self._clock = clock
        self._ttl = timedelta(seconds=ttl_s)
        self._entry: tuple[datetime, SlaPolicy] | None = None
        self._changes = 0

    @property
    def enabled(self) -> bool:
        return self._ttl > timedelta(0)

    def get(self) -> SlaPolicy | None:
        if self._entry is None:
            return None
        stored_at, policy = self._entry
        if not stored_at <= self._clock.now() < stored_at + self._ttl:
            self._entry = None
            return None
        return policy

    def changes_seen(self) -> int:
        """Take this before a read and give it to `put`: see the module's rules."""
        return self._changes

    def put(self, policy: SlaPolicy, changes_seen: int) -> None:
        if self.enabled and changes_seen == self._changes:
            self._entry = (self._clock.now(), policy)

    def forget(self) -> None:
        """The policy changed (or the tables were replaced underneath this process)."""
        self._changes += 1
        self._entry = None


class SlaPolicyCachingUnitOfWorkFactory(WritingUnitOfWorkWrapperFactory):
    """Wraps a unit-of-work factory: writing units of work read the SLA policy through
    the cache, and a committed (or failed) save makes the cache forget it. Read-only
    units of work pass through."""

    def __init__(self, inner: Any, cache: SlaPolicyCache) -> None:
        super().__init__(inner)
        self._cache = cache

    @property
    def wraps(self) -> bool:
        return self._cache.enabled

    def _wrap(self, uow: Any) -> _CachingUnitOfWork:
        return _CachingUnitOfWork(uow, self._cache)


class _CachingUnitOfWork(WritingUnitOfWorkWrapper):
    def __init__(self, inner: Any, cache: SlaPolicyCache) -> None:
        super().__init__(inner)
        self._cache = cache
        self._saved = False

    def _drop_notes(self) -> None:
        self._saved = False

    @property
    def sla_policies(self) -> _CachedPolicies:
        return _CachedPolicies(self._inner.sla_policies, self)

    async def commit(self) -> None:
        try:
            await self._inner.commit()
        finally:
            # Also when the commit fails: forgetting the policy is always safe.
            if self._saved:
                self._cache.forget()
                self._saved = False


class _CachedPolicies:
    def __init__(self, inner: Any, uow: _CachingUnitOfWork) -> None:
        self._inner = inner
        self._uow = uow

    async def get(self) -> SlaPolicy:
        cache = self._uow._cache
        if not self._uow._saved:  # this unit of work reads what it saved itself
            cached = cache.get()
            if cached is not None:
                return cached
        seen = cache.changes_seen()
        policy: SlaPolicy = await self._inner.get()
        if not self._uow._saved:
            cache.put(policy, seen)
        return policy

    async def save(self, policy: SlaPolicy) -> None:
        self._uow._saved = True
        await self._inner.save(policy)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
