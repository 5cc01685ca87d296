"""Ticket writes queue their indexing durably; the catch-up sweep settles what the fast path
could not (the vector store was down), once, in any process, without losing later writes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest

from adapters.knowledge.memory_vector_index import MemoryVectorIndex
from application.knowledge.base import TICKETS_COLLECTION, KnowledgeBase
from application.knowledge.errors import VectorStoreUnavailable
from application.use_cases.knowledge.catch_up_ticket_index import (
    LEASE,
    CatchUpTicketIndex,
    TicketIndexSweeper,
    retry_delay,
)
from application.use_cases.knowledge.index_tickets import (
    TicketIndexingUnitOfWorkFactory,
    VectorTicketIndexer,
)
from domain.tickets import Ticket, TicketChanges
from tests.builders import a_ticket, a_user
from tests.fakes import FixedClock
from tests.knowledge.conftest import make_kb

NO_GRACE = timedelta(0)


class SwitchableIndex:
    """A MemoryVectorIndex that can be 'down': every call then fails as an unreachable server."""

    def __init__(self) -> None:
        self.inner = MemoryVectorIndex()
        self.down = False

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.inner, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            if self.down:
                raise VectorStoreUnavailable("the vector store is not reachable: refused")
            return await method(*args, **kwargs)

        return call


class Setup:
    def __init__(self) -> None:
        self.clock = FixedClock()
        self.kb: KnowledgeBase = make_kb()
        self.kb.clock = self.clock
        self.index = SwitchableIndex()
        self.kb.vectors = self.index  # type: ignore[assignment]
        self.indexer = VectorTicketIndexer(self.kb)
        self.uow = TicketIndexingUnitOfWorkFactory(self.kb.uow, self.indexer, self.clock)
        self.requester = 0

    async def user(self) -> None:
        async with self.kb.uow() as unit:
            user = a_user()
            await unit.users.add(user)
            await unit.commit()
        assert user.id is not None
        self.requester = user.id

    async def open(self, title: str) -> Ticket:
        ticket = a_ticket(self.requester, title=title, now=self.clock.now())
        async with self.uow() as unit:
            await unit.tickets.add(ticket)
            await unit.commit()
        await self.indexer.drain()
        return ticket

    async def resolve(self, ticket: Ticket) -> None:
        async with self.uow() as unit:
            current = await unit.tickets.get(ticket.id)
            loaded = current.version
            current.apply(TicketChanges(status="resolved"), self.clock.now())
            await unit.tickets.update(current, expected_version=loaded)
            await unit.commit()
        await self.indexer.drain()

    async def delete(self, ticket: Ticket) -> None:
        async with self.uow() as unit:
            await unit.tickets.delete(ticket.id)
            await unit.commit()
        await self.indexer.drain()

    async def pending(self) -> int:
        async with self.kb.uow(read_only=True) as unit:
            return await unit.index_queue.pending()

    async def indexed(self) -> dict[int, str]:
        if self.index.down or await self.index.inner.space_of(TICKETS_COLLECTION) is None:
            return {}
        ids = [str(i) for i in range(1, 100)]
        entries = await self.index.inner.get(TICKETS_COLLECTION, ids)
        return {int(e.id): str(e.metadata["status"]) for e in entries}

    def catch_up(self, indexer: Any = None) -> CatchUpTicketIndex:
        return CatchUpTicketIndex(self.kb, indexer or self.indexer, NO_GRACE)


@pytest.fixture
async def setup() -> Setup:
    made = Setup()
    await made.user()
    return made


async def test_the_fast_path_indexes_and_settles_every_write(setup: Setup) -> None:
    first = await setup.open("Printer on fire")
    await setup.resolve(first)
    second = await setup.open("Screen is black")
    await setup.delete(second)
    assert await setup.indexed() == {first.id: "resolved"}
    assert await setup.pending() == 0


async def test_writes_during_an_outage_are_caught_up_once_the_index_is_back(
    setup: Setup, caplog: pytest.LogCaptureFixture
) -> None:
    before = await setup.open("Indexed before the outage")
    doomed = await setup.open("Deleted during the outage")
    setup.index.down = True
    during = await setup.open("Written during the outage")
    await setup.resolve(before)
    await setup.delete(doomed)
    assert await setup.pending() == 3
    assert "stay queued for the catch-up sweep" in caplog.text

    with pytest.raises(VectorStoreUnavailable):
        await setup.catch_up()()
    assert await setup.pending() == 3  # handed back untouched, due again at once

    setup.index.down = False
    report = await setup.catch_up()()
    assert report.tickets == 3
    assert await setup.indexed() == {before.id: "resolved", during.id: "open"}
    assert await setup.pending() == 0
    assert (await setup.catch_up()()).settled == 0


async def test_two_sweeps_at_once_take_disjoint_entries(setup: Setup) -> None:
    setup.index.down = True
    tickets = [await setup.open(f"Ticket {n}") for n in range(10)]
    setup.index.down = False

    class Counting(VectorTicketIndexer):
        applied: list[int] = []

        async def apply(self, saved: Sequence[Ticket], deleted: Sequence[int]) -> None:
            self.applied.extend(t.id for t in saved if t.id is not None)
            await asyncio.sleep(0)
            await super().apply(saved, deleted)

    counting = Counting(setup.kb)
    first, second = setup.catch_up(counting), setup.catch_up(counting)
    reports = await asyncio.gather(first.batch(limit=6), second.batch(limit=6))
    assert sorted(r.settled for r in reports) == [4, 6]
    assert sorted(Counting.applied) == sorted(t.id for t in tickets)
    assert await setup.pending() == 0


async def test_a_write_while_its_ticket_is_being_caught_up_stays_queued(setup: Setup) -> None:
    setup.index.down = True
    ticket = await setup.open("Printer on fire")
    setup.index.down = False

    class WriteMeanwhile(VectorTicketIndexer):
        async def apply(self, saved: Sequence[Ticket], deleted: Sequence[int]) -> None:
            await super().apply(saved, deleted)
            setup.index.down = True  # so the fast path of this write fails too
            await setup.resolve(ticket)
            setup.index.down = False

    await setup.catch_up(WriteMeanwhile(setup.kb)).batch()
    assert await setup.indexed() == {ticket.id: "open"}
    assert await setup.pending() == 1  # the resolution is still owed...
    await setup.catch_up()()
    assert await setup.indexed() == {ticket.id: "resolved"}  # ...and caught up
    assert await setup.pending() == 0


async def test_a_claim_whose_process_died_expires(setup: Setup) -> None:
    setup.index.down = True
    ticket = await setup.open("Printer on fire")
    setup.index.down = False
    async with setup.kb.uow() as unit:  # a sweep that claims, then its process dies
        now = setup.clock.now()
        claimed = await unit.index_queue.claim(now, 10, token="dead", lease_until=now + LEASE)
        await unit.commit()
    assert len(claimed) == 1
    assert (await setup.catch_up()()).settled == 0
    setup.clock.advance(LEASE)
    assert (await setup.catch_up()()).settled == 1
    assert ticket.id in await setup.indexed()


async def test_other_failures_back_off_per_entry(setup: Setup) -> None:
    setup.index.down = True
    await setup.open("Printer on fire")
    setup.index.down = False

    class Broken(VectorTicketIndexer):
        async def apply(self, saved: Sequence[Ticket], deleted: Sequence[int]) -> None:
            raise RuntimeError("model exploded")

    with pytest.raises(RuntimeError):
        await setup.catch_up(Broken(setup.kb))()
    assert (await setup.catch_up()()).settled == 0  # not due yet
    setup.clock.advance(retry_delay(0))
    assert (await setup.catch_up()()).settled == 1
    assert retry_delay(1) == 2 * retry_delay(0)
    assert retry_delay(100) == timedelta(hours=1)


async def test_the_sweeper_runs_at_start_backs_off_and_catches_up(setup: Setup) -> None:
    setup.index.down = True
    ticket = await setup.open("Printer on fire")
    sweeper = TicketIndexSweeper(setup.catch_up(), interval_s=0.02)
    sweeper.start()
    try:
        await asyncio.sleep(0.1)
        assert await setup.pending() == 1
        assert sweeper.sweeps == 0
        setup.index.down = False
        deadline = time.monotonic() + 5
        while await setup.pending():
            assert time.monotonic() < deadline, "the sweeper never caught up"
            await asyncio.sleep(0.02)
        assert ticket.id in await setup.indexed()
    finally:
        await sweeper.stop()


async def test_a_sweeper_with_no_interval_never_starts(setup: Setup) -> None:
    sweeper = TicketIndexSweeper(setup.catch_up(), interval_s=0)
    sweeper.start()
    assert not sweeper.enabled
    await sweeper.stop()
