"""Similar-ticket indexing: tickets go into the `tickets` vector collection as they change."""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Callable, Sequence
from typing import Any

from application.knowledge.base import TICKETS_COLLECTION, KnowledgeBase
from application.ports.vector_index import VectorEntry
from application.queries import PageRequest, TicketQuery, TicketSort
from domain.tickets import Ticket

log = logging.getLogger("astratickets.knowledge")

INDEX_BATCH = 256


def ticket_text(ticket: Ticket) -> str:
    return f"{ticket.title}\n\n{ticket.content}"


def ticket_entry(ticket: Ticket, vector: Any) -> VectorEntry:
    return VectorEntry(
        str(ticket.id),
        vector,
        {
            "status": ticket.status.value,
            "resolved": ticket.status.is_resolved,
            "category": ticket.category or "",
        },
    )


class VectorTicketIndexer:
    """A TicketIndexer that embeds tickets in the background, after their commit.

    Indexing never delays or fails a ticket write: the work runs as a task, and
    any error is logged (`astratickets kb reindex --tickets` repairs the index).
    Later writes of one ticket supersede earlier pending ones.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._tasks: set[asyncio.Task[None]] = set()

    def _spawn(self, work: Callable[[], Any], what: str) -> None:
        async def run() -> None:
            try:
                await work()
            except Exception:
                log.exception("could not update the similar-ticket index (%s)", what)

        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def ticket_saved(self, ticket: Ticket) -> None:
        self._spawn(lambda: self.index([ticket]), f"ticket {ticket.id}")

    async def tickets_saved(self, tickets: Sequence[Ticket]) -> None:
        async def index_in_batches() -> None:
            for start in range(0, len(tickets), INDEX_BATCH):
                await self.index(list(tickets[start : start + INDEX_BATCH]))

        self._spawn(index_in_batches, f"{len(tickets)} tickets")

    async def ticket_deleted(self, ticket_id: int) -> None:
        async def remove() -> None:
            if await self._kb.vectors.space_of(TICKETS_COLLECTION) is not None:
                await self._kb.vectors.delete(TICKETS_COLLECTION, [str(ticket_id)])

        self._spawn(remove, f"ticket {ticket_id} deleted")

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
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def reindex_all(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the tickets collection from the stored tickets."""
        kb = self._kb
        space = await kb.space()
        await kb.vectors.drop(TICKETS_COLLECTION)
        await kb.vectors.open(TICKETS_COLLECTION, space)
        page, done = 1, 0
        while True:
            query = TicketQuery(sort=TicketSort.CREATED_AT, page=PageRequest(page, 100))
            async with kb.uow(read_only=True) as uow:
                found = await uow.tickets.list(query)
            if found.items:
                await self.index(found.items)
                done += len(found.items)
                if progress:
                    progress(done, found.total)
            if page >= found.last_page:
                return done
            page += 1


class TicketIndexingUnitOfWorkFactory:
    """Wraps a unit-of-work factory: tickets written in a committed unit of work get indexed.

    Whatever use case adds, updates or deletes a ticket, the indexer hears of it
    once the transaction has committed (never before, never after a rollback),
    so the ticket use cases stay unaware of the index. Everything else is the
    wrapped factory's.
    """

    def __init__(self, inner: Any, indexer: Any) -> None:
        self._inner = inner
        self._indexer = indexer

    def __call__(self, *, read_only: bool = False) -> Any:
        uow = self._inner(read_only=read_only)
        return uow if read_only else _TrackingUnitOfWork(uow, self._indexer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _TrackingUnitOfWork:
    def __init__(self, inner: Any, indexer: Any) -> None:
        self._inner = inner
        self._indexer = indexer
        self._saved: dict[int, Ticket] = {}
        self._deleted: set[int] = set()

    async def __aenter__(self) -> _TrackingUnitOfWork:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self._saved.clear()
        self._deleted.clear()
        await self._inner.__aexit__(*exc_info)

    @property
    def tickets(self) -> _TrackingTickets:
        return _TrackingTickets(self._inner.tickets, self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def commit(self) -> None:
        await self._inner.commit()
        saved, deleted = list(self._saved.values()), set(self._deleted)
        self._saved.clear()
        self._deleted.clear()
        if len(saved) == 1:
            await self._indexer.ticket_saved(saved[0])
        elif saved:
            await self._indexer.tickets_saved(saved)
        for ticket_id in deleted:
            await self._indexer.ticket_deleted(ticket_id)

    async def rollback(self) -> None:
        self._saved.clear()
        self._deleted.clear()
        await self._inner.rollback()


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
