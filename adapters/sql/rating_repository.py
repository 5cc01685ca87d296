from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.sla_tables import satisfaction_ratings
from domain.tickets.satisfaction import AlreadyRated, SatisfactionRating


def _rating(row: Mapping[str, Any]) -> SatisfactionRating:
    return SatisfactionRating(
        id=row["id"],
        ticket_id=row["ticket_id"],
        rater_id=row["rater_id"],
        score=row["score"],
        comment=row["comment"],
        resolved_at=row["resolved_at"],
        created_at=row["created_at"],
    )


class SqlRatingRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, rating: SatisfactionRating) -> None:
        values = {
            "ticket_id": rating.ticket_id,
            "rater_id": rating.rater_id,
            "score": rating.score,
            "comment": rating.comment,
            "resolved_at": rating.resolved_at,
            "created_at": rating.created_at,
        }
        try:
            async with self._connection.begin_nested():
                result = await self._connection.execute(insert(satisfaction_ratings).values(values))
        except IntegrityError:
            # The unique key (ticket_id, resolved_at): a concurrent rating got there first.
            raise AlreadyRated(rating.ticket_id) from None
        rating.id = result.inserted_primary_key[0]  # type: ignore[index]

    async def list_for_ticket(self, ticket_id: int) -> list[SatisfactionRating]:
        rows = await self._connection.execute(
            select(satisfaction_ratings)
            .where(satisfaction_ratings.c.ticket_id == ticket_id)
            .order_by(satisfaction_ratings.c.created_at, satisfaction_ratings.c.id)
        )
        return [_rating(row) for row in rows.mappings()]
