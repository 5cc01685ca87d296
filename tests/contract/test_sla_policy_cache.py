"""The per-process SLA policy cache over every storage (memory, SQLite, PostgreSQL, MariaDB):
a change made through this process counts at once, one made elsewhere within the TTL."""

from __future__ import annotations

from datetime import timedelta

from application.sla_policy_cache import SlaPolicyCache, SlaPolicyCachingUnitOfWorkFactory
from domain.tickets import TicketPriority
from domain.tickets.sla_policy import DEFAULT_POLICY, SlaPolicy, SlaTarget
from tests.fakes import FixedClock

TTL_S = 5


def _policy(low_minutes: int) -> SlaPolicy:
    return SlaPolicy(
        targets={**DEFAULT_POLICY.targets, TicketPriority.LOW: SlaTarget.minutes(low_minutes, 600)}
    )


async def _save(uow_factory, policy: SlaPolicy) -> None:
    async with uow_factory() as uow:
        await uow.sla_policies.save(policy)
        await uow.commit()


async def _read(uow_factory, *, read_only: bool = False) -> SlaPolicy:
    async with uow_factory(read_only=read_only) as uow:
        return await uow.sla_policies.get()


def _process(
    uow_factory, ttl_s: float = TTL_S
) -> tuple[SlaPolicyCachingUnitOfWorkFactory, FixedClock]:
    clock = FixedClock()
    return SlaPolicyCachingUnitOfWorkFactory(uow_factory, SlaPolicyCache(clock, ttl_s)), clock


async def test_a_change_made_in_this_process_counts_at_once(uow_factory) -> None:
    this, _ = _process(uow_factory)
    assert await _read(this) == DEFAULT_POLICY

    await _save(this, _policy(30))
    assert await _read(this) == _policy(30)

    await _save(this, _policy(45))
    assert await _read(this) == _policy(45)


async def test_a_change_made_elsewhere_counts_within_the_ttl(uow_factory) -> None:
    this, clock = _process(uow_factory)
    assert await _read(this) == DEFAULT_POLICY

    await _save(uow_factory, _policy(30))  # another process (or the CLI)

    clock.advance(timedelta(seconds=TTL_S - 1))
    assert await _read(this) == DEFAULT_POLICY  # kept: no statement for it
    clock.advance(timedelta(seconds=1))
    assert await _read(this) == _policy(30)
    clock.set(clock.now() - timedelta(seconds=1))  # a clock that went backwards ends it too
    await _save(uow_factory, _policy(40))
    assert await _read(this) == _policy(40)


async def test_read_only_units_of_work_read_the_stored_policy(uow_factory) -> None:
    this, _ = _process(uow_factory)
    assert await _read(this) == DEFAULT_POLICY
    await _save(uow_factory, _policy(30))

    assert await _read(this, read_only=True) == _policy(30)


async def test_a_unit_of_work_reads_what_it_saved_and_a_rollback_keeps_the_old_policy(
    uow_factory,
) -> None:
    this, _ = _process(uow_factory)
    await _save(this, _policy(30))

    async with this() as uow:
        await uow.sla_policies.save(_policy(45))
        assert await uow.sla_policies.get() == _policy(45)
        await uow.rollback()

    assert await _read(this) == _policy(30)
    assert await _read(this, read_only=True) == _policy(30)


async def test_with_a_ttl_of_zero_every_read_is_of_the_stored_policy(uow_factory) -> None:
    this, _ = _process(uow_factory, ttl_s=0)
    assert await _read(this) == DEFAULT_POLICY
    await _save(uow_factory, _policy(30))

    assert await _read(this) == _policy(30)


def test_a_read_that_raced_a_change_is_not_kept() -> None:
    cache = SlaPolicyCache(FixedClock(), TTL_S)
    seen = cache.changes_seen()
    cache.forget()  # a save committed while the read was under way

    cache.put(_policy(30), seen)

    assert cache.get() is None
    cache.put(_policy(45), cache.changes_seen())
    assert cache.get() == _policy(45)
