"""SQLite writers of one process queue on the writer lock, not in SQLite's busy handler."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from adapters.sql import engine as engine_module
from adapters.sql.classifier_store import SqlClassifierStore
from adapters.sql.engine import create_engine
from adapters.sql.sign_in_throttle import SqlSignInThrottle
from adapters.sql.sqlite_writers import sqlite_writer_lock
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from tests.contract.helpers import add_users


@pytest.fixture
async def impatient_factory(sqlite_url, monkeypatch):
    """Units of work on an engine whose busy handler gives up at once: a writer that
    met another's write lock in SQLite would fail with "database is locked"."""
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_S", 0)
    engine = create_engine(sqlite_url)
    try:
        yield SqlUnitOfWorkFactory(engine)
    finally:
        await engine.dispose()


async def test_concurrent_writers_wait_their_turn_instead_of_failing(impatient_factory):
    (user,) = await add_users(impatient_factory)
    inside = 0
    most_inside = 0

    async def rename(n: int) -> None:
        nonlocal inside, most_inside
        async with impatient_factory() as uow:
            inside += 1
            most_inside = max(most_inside, inside)
            stored = await uow.users.get(user.id)
            await asyncio.sleep(0)  # let the other writers try to begin meanwhile
            stored.rename(f"writer {n}")
            await uow.users.update(stored)
            inside -= 1
            await uow.commit()

    await asyncio.gather(*(rename(n) for n in range(8)))

    assert most_inside == 1
    async with impatient_factory(read_only=True) as uow:
        assert (await uow.users.get(user.id)).name.startswith("writer ")


async def test_the_lock_is_free_once_the_transaction_ends(impatient_factory):
    """Released at commit (work after the commit, such as a second unit of work, may
    write at once), at rollback, and on leaving the block by an exception."""
    (user,) = await add_users(impatient_factory)
    lock = sqlite_writer_lock(impatient_factory.engine)

    async with impatient_factory() as uow:
        assert lock.locked()
        await uow.commit()
        assert not lock.locked()
        async with impatient_factory() as second:
            await second.users.get(user.id)
    async with impatient_factory() as uow:
        await uow.rollback()
        assert not lock.locked()
    with pytest.raises(RuntimeError):
        async with impatient_factory():
            raise RuntimeError("boom")
    assert not lock.locked()
    async with impatient_factory(read_only=True):
        assert not lock.locked()


def test_each_event_loop_has_its_own_lock(sqlite_url):
    engine = create_engine(sqlite_url)

    async def lock_of_this_loop() -> asyncio.Lock:
        lock = sqlite_writer_lock(engine)
        assert sqlite_writer_lock(engine) is lock
        async with lock:  # usable in this loop
            return lock

    first = asyncio.run(lock_of_this_loop())
    second = asyncio.run(lock_of_this_loop())
    assert first is not second
    asyncio.run(engine.dispose())


async def test_writers_outside_units_of_work_queue_too(impatient_factory):
    """The sign-in throttle and the classifier store write in their own transactions;
    with units of work writing at the same time none of them meets a locked database."""
    (user,) = await add_users(impatient_factory)
    engine = impatient_factory.engine
    throttle = SqlSignInThrottle(engine)
    store = SqlClassifierStore(engine)
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)

    async def rename(n: int) -> None:
        async with impatient_factory() as uow:
            stored = await uow.users.get(user.id)
            await asyncio.sleep(0)
            stored.rename(f"writer {n}")
            await uow.users.update(stored)
            await uow.commit()

    async def fail_sign_in(n: int) -> None:
        await throttle.record_failure(f"client:10.0.0.{n % 3}", now)

    async def count_labels(n: int) -> None:
        await store.record_label_changes(1, now)

    await asyncio.gather(
        *(job(n) for n in range(6) for job in (rename, fail_sign_in, count_labels))
    )

    assert await store.label_changes_since(0) == 6
    assert await throttle.blocked_until("client:10.0.0.0", now) is None
    await throttle.reset("client:10.0.0.0")
    assert not sqlite_writer_lock(engine).locked()
