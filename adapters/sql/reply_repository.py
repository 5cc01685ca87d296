from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.rows import reply_from_row, reply_to_row
from adapters.sql.tables import replies
from domain.tickets import Reply


class SqlReplyRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, reply: Reply) -> None:
        result = await self._connection.execute(insert(replies).values(reply_to_row(reply)))
        reply.id = result.inserted_primary_key[0]  # type: ignore[index]

    async def add_many(self, batch: Sequence[Reply]) -> None:
        if batch:
            await self._connection.execute(insert(replies), [reply_to_row(r) for r in batch])

    async def list_for_ticket(
        self, ticket_id: int, *, include_internal: bool = True
    ) -> list[Reply]:
        statement = select(replies).where(replies.c.ticket_id == ticket_id)
        if not include_internal:
            statement = statement.where(replies.c.internal.is_(False))
        statement = statement.order_by(replies.c.created_at, replies.c.id)
        rows = (await self._connection.execute(statement)).mappings()
        return [reply_from_row(row) for row in rows]

    async def get(self, reply_id: int) -> Reply | None:
        row = (
            (await self._connection.execute(select(replies).where(replies.c.id == reply_id)))
            .mappings()
            .first()
        )
        return reply_from_row(row) if row else None

    async def delete(self, reply_id: int) -> None:
        await self._connection.execute(delete(replies).where(replies.c.id == reply_id))

    async def count_for_ticket(self, ticket_id: int) -> int:
        count = await self._connection.scalar(
            select(func.count()).where(replies.c.ticket_id == ticket_id)
        )
        return int(count or 0)

    async def count_by_author(self, user_id: int) -> int:
        count = await self._connection.scalar(
            select(func.count()).where(replies.c.author_id == user_id)
        )
        return int(count or 0)
