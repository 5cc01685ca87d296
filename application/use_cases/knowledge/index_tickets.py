"""Similar-ticket indexing: tickets go into the `tickets` vector collection as they change."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from application.knowledge.base import TICKETS_COLLECTION, KnowledgeBase
from application.knowledge.errors import KnowledgeUnavailable
from application.ports.clock import Clock
from application.ports.vector_index import VectorEntry
from application.queries import PageRequest, TicketQuery, TicketSort
from application.ticket_cursor import key_of
from application.unit_of_work_wrapper import (
    WritingUnitOfWorkWrapper,
    WritingUnitOfWorkWrapperFactory,
)
from domain.tickets import Ticket

log = logging.getLogger("astratickets.knowledge")

INDEX_BATCH = 256
REINDEX_PAGE = 100  # the largest page a ticket list serves
CONVERGE_ROUNDS = 3


def ticket_text(ticket: Ticket) -> str:
    return f"{ticket.title}\n\n{ticket.content}"


def ticket_metadata(ticket: Ticket) -> dict[str, str | bool]:
    return {
        "status": ticket.status.value,
        "resolved": ticket.status.is_resolved,
        "category": ticket.category or "",
    }


def ticket_entry(ticket: Ticket, vector: Any) -> VectorEntry:
    return VectorEntry(str(ticket.id), vector, ticket_metadata(ticket))


def _indexed_form(ticket: Ticket) -> tuple[str, dict[str, str | bool]]:
    return ticket_text(ticket), ticket_metadata(ticket)


class VectorTicketIndexer:
    """A TicketIndexer that embeds tickets in the background, after their commit.

    Indexing never delays or fails a ticket write. Each committed write has also
    queued an entry in the ticket index queue, in its own transaction: once the
    tickets are indexed here their entries are settled; when indexing fails (the
    vector store is down) they stay queued and the catch-up sweep
    (catch_up_ticket_index.py) indexes them later. Nothing is lost either way.

    One background worker per process takes the written tickets in order, many
    at a time: a later write of a ticket supersedes an earlier one still waiting.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._waiting: dict[int, tuple[Ticket | None, int]] = {}  # id -> (ticket or deleted, mark)
        self._worker: asyncio.Task[None] | None = None

    async def tickets_changed(
        self, saved: Sequence[Ticket], deleted: Collection[int], marks: Mapping[int, int]
    ) -> None:
        for ticket in saved:
            assert ticket.id is not None
            self._waiting[ticket.id] = (ticket, marks[ticket.id])
        for ticket_id in deleted:
            self._waiting[ticket_id] = (None, marks[ticket_id])
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())

    async def _work(self) -> None:
        while self._waiting:
            taken = list(self._waiting)[:INDEX_BATCH]
            batch = {ticket_id: self._waiting.pop(ticket_id) for ticket_id in taken}
            saved = [ticket for ticket, _ in batch.values() if ticket is not None]
            deleted = [ticket_id for ticket_id, (ticket, _) in batch.items() if ticket is None]
            try:
                await self.apply(saved, deleted)
            except KnowledgeUnavailable as error:
                log.warning(
                    "similar-ticket index unavailable; %d ticket(s) stay queued for the "
                    "catch-up sweep: %s",
                    len(batch),
                    error,
                )
                continue
            except Exception:
                log.exception(
                    "could not update the similar-ticket index (%d tickets); they stay queued "
                    "for the catch-up sweep",
                    len(batch),
                )
                continue
            try:
                async with self._kb.uow() as uow:
                    await uow.index_queue.settle({i: mark for i, (_, mark) in batch.items()})
                    await uow.commit()
            except Exception:  # the sweep indexes them again: harmless, upserts
                log.exception("could not settle %d ticket index queue entries", len(batch))

    async def apply(self, saved: Sequence[Ticket], deleted: Sequence[int]) -> None:
        """Bring the index in line: upsert `saved` as given, remove `deleted` (idempotent).

        A slower writer never leaves an older state behind: two processes indexing
        successive writes of one ticket can reach the vector store in either order,
        so after writing, the tickets are read again, and any that changed or were
        deleted meanwhile are written again as they are now (up to CONVERGE_ROUNDS
        times; a ticket still changing after that is covered by its newer writes'
        own indexing). The newer write committed before its indexer wrote, hence
        before this re-read: whichever write lands last, its writer sees the newest state.
        """
        for _ in range(CONVERGE_ROUNDS):
            await self._write(saved, deleted)
            saved, deleted = await self._changed_since(saved)
            if not saved and not deleted:
                return

    async def _write(self, saved: Sequence[Ticket], deleted: Sequence[int]) -> None:
        for start in range(0, len(saved), INDEX_BATCH):
            await self.index(list(saved[start : start + INDEX_BATCH]))
        if deleted and await self._kb.vectors.space_of(TICKETS_COLLECTION) is not None:
            await self._kb.vectors.delete(TICKETS_COLLECTION, [str(i) for i in deleted])

    async def _changed_since(self, written: Sequence[Ticket]) -> tuple[list[Ticket], list[int]]:
        """Of the tickets just written to the index: those whose indexed text or metadata
        is no longer their current one (as they are now), and those deleted since."""
        changed: list[Ticket] = []
        gone: list[int] = []
        async with self._kb.uow(read_only=True) as uow:
            now = await uow.tickets.get_many([t.id for t in written if t.id is not None])
        for ticket in written:
            assert ticket.id is not None
            current = now.get(ticket.id)
            if current is None:
                gone.append(ticket.id)
            elif _indexed_form(current) != _indexed_form(ticket):
                changed.append(current)
        return changed, gone

    async def index(self, tickets: list[Ticket]) -> None:
        kb = self._kb
        space = await kb.space()
        vectors = await kb.embedder.embed([ticket_text(t) for t in tickets])
        await kb.vectors.open(TICKETS_COLLECTION, space)
        await kb.vectors.upsert(
            TICKETS_COLLECTION, [ticket_entry(t, v) for t, v in zip(tickets, vectors, strict=True)]
        )

    async def drain(self) -> None:
        """Wait for pending index updates (tests, shutdown)."""
        while self._worker is not None and not self._worker.done():
            await asyncio.gather(self._worker, return_exceptions=True)

    async def reindex_all(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the tickets collection from the stored tickets."""
        kb = self._kb
        space = await kb.space()
        await kb.vectors.drop(TICKETS_COLLECTION)
        await kb.vectors.open(TICKETS_COLLECTION, space)
        after, done, total = None, 0, 0
        while True:  # keyset pages: each costs the same however deep (offset would grow)
            query = TicketQuery(
                sort=TicketSort.CREATED_AT, page=PageRequest(1, REINDEX_PAGE), after=after
            )
            async with kb.uow(read_only=True) as uow:
                found = await uow.tickets.list(query)
            if found.total is not None:  # the first page is counted, the next ones are not
                total = found.total
            if found.items:
                await self.index(found.items)
                done += len(found.items)
                if progress:
                    progress(done, max(total, done))
            if not found.has_next:
                return done
            after = key_of(found.items[-1], TicketSort.CREATED_AT)


class TicketIndexingUnitOfWorkFactory(WritingUnitOfWorkWrapperFactory):
    """Wraps a unit-of-work factory: tickets written in a committed unit of work get indexed.

    Whatever use case adds, updates or deletes a ticket, an entry for it goes
    into the ticket index queue in the same transaction, just before the commit,
    and the indexer hears of it once the transaction has committed (never
    before, never after a rollback), so the ticket use cases stay unaware of the
    index. Everything else is the wrapped factory's.
    """

    def __init__(self, inner: Any, indexer: Any, clock: Clock) -> None:
        super().__init__(inner)
        self._indexer = indexer
        self._clock = clock

    def _wrap(self, uow: Any) -> _TrackingUnitOfWork:
        return _TrackingUnitOfWork(uow, self._indexer, self._clock)


class _TrackingUnitOfWork(WritingUnitOfWorkWrapper):
    def __init__(self, inner: Any, indexer: Any, clock: Clock) -> None:
        super().__init__(inner)
        self._indexer = indexer
        self._clock = clock
        self._saved: dict[int, Ticket] = {}
        self._deleted: set[int] = set()

    def _drop_notes(self) -> None:
        self._saved.clear()
        self._deleted.clear()

    @property
    def tickets(self) -> _TrackingTickets:
        return _TrackingTickets(self._inner.tickets, self)

    async def commit(self) -> None:
        saved, deleted = list(self._saved.values()), sorted(self._deleted)
        marks: dict[int, int] = {}
        if saved or deleted:
            # After the ticket rows are written (and locked): see the queue's port.
            written = [t.id for t in saved if t.id is not None] + deleted
            marks = await self._inner.index_queue.enqueue(written, self._clock.now())
        await self._inner.commit()
        self._drop_notes()
        if marks:
            await self._indexer.tickets_changed(saved, deleted, marks)


class _TrackingTickets:
    def __init__(self, inner: Any, uow: _TrackingUnitOfWork) -> None:
        self._inner = inner
        self._uow = uow

    def _saved(self, ticket: Ticket) -> None:
        if ticket.id is not None:
            self._uow._deleted.discard(ticket.id)
            self._uow._saved[ticket.id] = copy.deepcopy(ticket)

    async def add(self, ticket: Ticket) -> None:
        await self._inner.add(ticket)
        self._saved(ticket)

    async def add_many(self, tickets: Sequence[Ticket]) -> None:
        await self._inner.add_many(tickets)
        for ticket in tickets:
            self._saved(ticket)

    async def update(self, ticket: Ticket, *args: Any, **kwargs: Any) -> None:
        await self._inner.update(ticket, *args, **kwargs)
        self._saved(ticket)

    async def delete(self, ticket_id: int, *args: Any, **kwargs: Any) -> Any:
        result = await self._inner.delete(ticket_id, *args, **kwargs)
        self._uow._saved.pop(ticket_id, None)
        self._uow._deleted.add(ticket_id)
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
