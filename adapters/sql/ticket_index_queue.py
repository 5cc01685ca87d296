"""The similar-ticket index's outstanding entries in the `ticket_index_queue` table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.bulk import insert_returning_ids
from adapters.sql.knowledge_tables import ticket_index_queue as queue
from application.ports.ticket_index_queue import QueuedIndexing

BATCH = 200  # ids or conditions per statement

T = TypeVar("T")


def _batches(items: Sequence[T]) -> list[Sequence[T]]:
    return [items[start : start + BATCH] for start in range(0, len(items), BATCH)]


class SqlTicketIndexQueue:
    """Claims are conditional UPDATEs (`due_at <= now`): a second process updating the
    same rows waits for the first's commit and then no longer matches them, so two
    claims never share an entry. On PostgreSQL the rows are picked with SKIP LOCKED, so
    concurrent claims take different rows instead of one of them coming back empty
    (MariaDB 10.5, still supported, lacks SKIP LOCKED; SQLite has one writer anyway)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def enqueue(self, ticket_ids: Sequence[int], at: datetime) -> dict[int, int]:
        ids = list(dict.fromkeys(ticket_ids))
        rows = [{"ticket_id": t, "queued_at": at, "due_at": at, "attempts": 0} for t in ids]
        return dict(
            zip(ids, await insert_returning_ids(self._connection, queue, rows), strict=True)
        )

    async def settle(self, marks: Mapping[int, int]) -> None:
        for part in _batches(list(marks.items())):
            await self._connection.execute(
                delete(queue).where(
                    or_(*(and_(queue.c.ticket_id == t, queue.c.id <= m) for t, m in part))
                )
            )

    async def claim(
        self, now: datetime, limit: int, *, token: str, lease_until: datetime
    ) -> list[QueuedIndexing]:
        pick = select(queue.c.id).where(queue.c.due_at <= now).order_by(queue.c.id).limit(limit)
        if self._connection.dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)  # concurrent claims pick other rows
        due = (await self._connection.execute(pick)).scalars().all()
        if not due:
            return []
        await self._connection.execute(
            update(queue)
            .where(queue.c.id.in_(due), queue.c.due_at <= now)
            .values(claim=token, due_at=lease_until)
        )
        rows = await self._connection.execute(
            select(queue.c.id, queue.c.ticket_id, queue.c.attempts)
            .where(queue.c.claim == token, queue.c.id.in_(due))
            .order_by(queue.c.id)
        )
        return [QueuedIndexing(int(i), int(t), int(a)) for i, t, a in rows.all()]

    async def settle_claimed(self, token: str) -> None:
        await self._connection.execute(delete(queue).where(queue.c.claim == token))

    async def release_claimed(self, token: str, due: datetime) -> None:
        await self._connection.execute(
            update(queue).where(queue.c.claim == token).values(claim=None, due_at=due)
        )

    async def retry_claimed(self, token: str, due: Mapping[int, datetime]) -> None:
        by_time: dict[datetime, list[int]] = defaultdict(list)
        for entry_id, at in due.items():
            by_time[at].append(entry_id)
        for at, entry_ids in by_time.items():
            for part in _batches(entry_ids):
                await self._connection.execute(
                    update(queue)
                    .where(queue.c.claim == token, queue.c.id.in_(part))
                    .values(claim=None, due_at=at, attempts=queue.c.attempts + 1)
                )

    async def pending(self) -> int:
        return int(
            (await self._connection.execute(select(func.count()).select_from(queue))).scalar_one()
        )
