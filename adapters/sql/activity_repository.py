from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.tables import ticket_activity
from domain.tickets.activity import Activity, ActivityAction


def _row(activity: Activity) -> dict[str, Any]:
    return {
        "ticket_id": activity.ticket_id,
        "actor_id": activity.actor_id,
        "action": activity.action.value,
        "details": json.dumps(activity.details, ensure_ascii=False, sort_keys=True),
        "created_at": activity.created_at,
    }


class SqlActivityRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, activity: Activity) -> None:
        result = await self._connection.execute(insert(ticket_activity), _row(activity))
        activity.id = result.inserted_primary_key[0]  # type: ignore[index]

    async def add_many(self, entries: Sequence[Activity]) -> None:
        if entries:
            await self._connection.execute(insert(ticket_activity), [_row(a) for a in entries])

    async def list_for_ticket(self, ticket_id: int) -> list[Activity]:
        rows = (
            await self._connection.execute(
                select(ticket_activity)
                .where(ticket_activity.c.ticket_id == ticket_id)
                .order_by(ticket_activity.c.created_at, ticket_activity.c.id)
            )
        ).mappings()
        return [
            Activity(
                id=row["id"],
                ticket_id=row["ticket_id"],
                actor_id=row["actor_id"],
                action=ActivityAction(row["action"]),
                details=json.loads(row["details"]),
                created_at=row["created_at"],
            )
            for row in rows
        ]
