"""Satisfaction ratings: the requester's verdict on a resolution."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from domain.access import AccessDenied
from domain.errors import DomainError, FieldProblem, InvalidValue
from domain.text import bounded_text
from domain.tickets.ticket import Ticket

SCORE_MIN = 1
SCORE_MAX = 5
COMMENT_MAX_LENGTH = 2_000


class NotRatable(DomainError):
    """Only a resolved (or closed) ticket can be rated."""

    def __init__(self, ticket_id: int | None, status: str) -> None:
        super().__init__(f"ticket {ticket_id} is {status}; only a resolved ticket can be rated")


class AlreadyRated(DomainError):
    """The requester rated this resolution already."""

    def __init__(self, ticket_id: int | None) -> None:
        super().__init__(
            f"ticket {ticket_id} was already rated for this resolution; "
            "a new rating is possible after it is reopened and resolved again"
        )


@dataclass(eq=False)
class SatisfactionRating:
    """One rating of one resolution of a ticket.

    Rules:
    - only the ticket's requester rates it, and only while it is resolved or closed;
    - each resolution (identified by the ticket's `resolved_at`) is rated at most
      once; reopening and resolving again opens a new resolution to rate;
    - the score is a whole number from 1 to 5; the comment is optional, at most
      2,000 characters, trimmed, blank meaning none;
    - ratings are kept: the history holds one per rated resolution.
    """

    ticket_id: int
    rater_id: int
    score: int
    comment: str | None
    resolved_at: datetime
    created_at: datetime
    id: int | None = field(default=None)

    @classmethod
    def give(
        cls,
        *,
        ticket: Ticket,
        rater_id: int,
        score: int,
        comment: str | None,
        now: datetime,
        earlier: Iterable[SatisfactionRating] = (),
    ) -> SatisfactionRating:
        if rater_id != ticket.requester_id:
            raise AccessDenied("only the ticket's requester may rate it")
        problems: list[FieldProblem] = []
        if (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not (SCORE_MIN <= score <= SCORE_MAX)
        ):
            problems.append(
                FieldProblem("score", f"must be a whole number from {SCORE_MIN} to {SCORE_MAX}")
            )
        text: str | None = None
        if comment is not None and (not isinstance(comment, str) or comment.strip()):
            try:
                text = bounded_text("comment", comment, COMMENT_MAX_LENGTH)
            except InvalidValue as error:
                problems.extend(error.problems)
        if problems:
            raise InvalidValue(problems)
        if ticket.resolved_at is None or not ticket.status.is_resolved:
            raise NotRatable(ticket.id, ticket.status.value)
        if any(rating.resolved_at == ticket.resolved_at for rating in earlier):
            raise AlreadyRated(ticket.id)
        assert ticket.id is not None
        return cls(
            ticket_id=ticket.id,
            rater_id=rater_id,
            score=score,
            comment=text,
            resolved_at=ticket.resolved_at,
            created_at=now,
        )
