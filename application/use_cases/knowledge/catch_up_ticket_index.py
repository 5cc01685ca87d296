"""The catch-up sweep: whatever the similar-ticket index still owes, indexed when it can be.

Ticket writes queue an entry in the database in their own transaction
(index_tickets.py); the after-commit fast path settles it within moments when
the vector store is up. What is left (the store was down, the process stopped
before indexing) is settled here, by a sweep that every API process runs at
startup and then periodically.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from application.knowledge.base import KnowledgeBase
from application.knowledge.errors import KnowledgeUnavailable
from application.use_cases.knowledge.index_tickets import INDEX_BATCH, VectorTicketIndexer

log = logging.getLogger("astratickets.knowledge")

LEASE = timedelta(minutes=2)
RETRY_FIRST = timedelta(seconds=5)
RETRY_MAX = timedelta(hours=1)
MAX_GRACE = timedelta(seconds=10)
BACKOFF_FACTOR = 8  # an unreachable store is tried again after up to 8 sweep intervals


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed try (n = attempts + 1): 5 s, 10 s, 20 s ... at most an hour."""
    return min(RETRY_FIRST * (2 ** min(attempts, 20)), RETRY_MAX)


@dataclass(frozen=True, slots=True)
class CatchUpReport:
    settled: int  # entries settled
    tickets: int  # distinct tickets brought up to date (indexed or removed)


class CatchUpTicketIndex:
    """Settle due entries of the ticket index queue, a batch at a time.

    Rules:
    - entries younger than `grace` are left to the fast path that is settling them;
    - a batch is claimed for LEASE in its own transaction (two processes sweeping
      at once take disjoint batches; a claim whose process died expires), then each
      ticket is indexed as it is now (or removed from the index if it was deleted),
      then the batch is settled. Indexing is an upsert, so doing it twice is harmless;
    - when the vector store is unreachable the batch is handed back untouched and
      KnowledgeUnavailable raised (the sweeper backs off); any other failure counts
      as an attempt and the entries wait `retry_delay(attempts)` before the next.
    """

    def __init__(
        self, kb: KnowledgeBase, indexer: VectorTicketIndexer, grace: timedelta = MAX_GRACE
    ) -> None:
        self._kb = kb
        self._indexer = indexer
        self._grace = grace

    async def batch(self, limit: int = INDEX_BATCH) -> CatchUpReport:
        kb = self._kb
        token = secrets.token_hex(16)
        now = kb.clock.now()
        async with kb.uow(read_only=True) as uow:  # the usual case: no write transaction
            if not await uow.index_queue.pending():
                return CatchUpReport(0, 0)
        async with kb.uow() as uow:
            claimed = await uow.index_queue.claim(
                now - self._grace, limit, token=token, lease_until=now + LEASE
            )
            await uow.commit()
        if not claimed:
            return CatchUpReport(0, 0)
        ticket_ids = sorted({entry.ticket_id for entry in claimed})
        try:
            async with kb.uow(read_only=True) as uow:
                current = await uow.tickets.get_many(ticket_ids)
            await self._indexer.apply(
                list(current.values()), [i for i in ticket_ids if i not in current]
            )
        except KnowledgeUnavailable:
            async with kb.uow() as uow:
                await uow.index_queue.release_claimed(token, now)
                await uow.commit()
            raise
        except Exception:
            async with kb.uow() as uow:
                await uow.index_queue.retry_claimed(
                    token, {entry.id: now + retry_delay(entry.attempts) for entry in claimed}
                )
                await uow.commit()
            raise
        async with kb.uow() as uow:
            await uow.index_queue.settle_claimed(token)
            await uow.commit()
        return CatchUpReport(len(claimed), len(ticket_ids))

    async def __call__(self) -> CatchUpReport:
        """Settle batches until none is due; the totals."""
        settled = tickets = 0
        while True:
            report = await self.batch()
            settled += report.settled
            tickets += report.tickets
            if report.settled < INDEX_BATCH:
                return CatchUpReport(settled, tickets)


class TicketIndexSweeper:
    """Runs the catch-up at start and then every `interval_s` seconds, in the background.

    While the vector store (or the database) is unreachable the wait doubles, up to
    BACKOFF_FACTOR intervals, and falls back to `interval_s` after the first sweep
    that works. `interval_s` = 0 turns the sweeper off.
    """

    def __init__(self, catch_up: CatchUpTicketIndex, interval_s: float) -> None:
        self._catch_up = catch_up
        self._interval = interval_s
        self._task: asyncio.Task[None] | None = None
        self.sweeps = 0  # sweeps that ran to the end (for tests and diagnostics)

    @property
    def enabled(self) -> bool:
        return self._interval > 0

    def start(self) -> None:
        if self.enabled and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _run(self) -> None:
        delay = 0.0
        while True:
            await asyncio.sleep(delay)
            try:
                report = await self._catch_up()
            except KnowledgeUnavailable as error:
                delay = min(max(delay * 2, self._interval), self._interval * BACKOFF_FACTOR)
                log.warning("ticket index catch-up: %s; next try in %.1f s", error, delay)
                continue
            except Exception:
                delay = min(max(delay * 2, self._interval), self._interval * BACKOFF_FACTOR)
                log.exception("ticket index catch-up failed; next try in %.1f s", delay)
                continue
            self.sweeps += 1
            if report.settled:
                log.info("ticket index catch-up: %d ticket(s) brought up to date", report.tickets)
            delay = self._interval
