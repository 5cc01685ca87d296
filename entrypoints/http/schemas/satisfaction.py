from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from domain.tickets import Ticket
from domain.tickets.satisfaction import COMMENT_MAX_LENGTH, SCORE_MAX, SCORE_MIN, SatisfactionRating


class RatingCreate(msgspec.Struct, forbid_unknown_fields=True):
    score: Annotated[
        int, msgspec.Meta(ge=SCORE_MIN, le=SCORE_MAX, description="1 (bad) .. 5 (great)")
    ]
    comment: Annotated[str, msgspec.Meta(max_length=COMMENT_MAX_LENGTH)] | None = None


class Rating(msgspec.Struct):
    id: int
    ticket_id: int
    rater_id: int
    score: int
    comment: str | None
    resolved_at: Annotated[
        datetime, msgspec.Meta(description="The resolution this rating belongs to")
    ]
    created_at: datetime

    @classmethod
    def of(cls, rating: SatisfactionRating) -> Rating:
        assert rating.id is not None
        return cls(
            id=rating.id,
            ticket_id=rating.ticket_id,
            rater_id=rating.rater_id,
            score=rating.score,
            comment=rating.comment,
            resolved_at=rating.resolved_at,
            created_at=rating.created_at,
        )


class Satisfaction(msgspec.Struct):
    """`current`: the rating of the ticket's present resolution, if it is resolved and
    rated; `history`: every rating, oldest first."""

    current: Rating | None
    history: list[Rating]

    @classmethod
    def of(cls, ticket: Ticket, ratings: list[SatisfactionRating]) -> Satisfaction:
        current = next(
            (
                r
                for r in ratings
                if ticket.status.is_resolved and r.resolved_at == ticket.resolved_at
            ),
            None,
        )
        return cls(
            current=Rating.of(current) if current else None,
            history=[Rating.of(r) for r in ratings],
        )
