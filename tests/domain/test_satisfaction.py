"""Satisfaction ratings: who may rate, when, and how often."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.access import AccessDenied
from domain.errors import InvalidValue
from domain.tickets import Ticket, TicketChanges
from domain.tickets.satisfaction import AlreadyRated, NotRatable, SatisfactionRating

T0 = datetime(2025, 6, 16, 7, 0, tzinfo=UTC)
REQUESTER = 1


def resolved_ticket() -> Ticket:
    ticket = Ticket.open(title="t", content="c", requester_id=REQUESTER, now=T0)
    ticket.id = 3
    ticket.apply(TicketChanges(status="resolved"), T0 + timedelta(hours=1))
    return ticket


def rate(ticket: Ticket, score=4, comment=None, rater=REQUESTER, earlier=()):
    return SatisfactionRating.give(
        ticket=ticket,
        rater_id=rater,
        score=score,
        comment=comment,
        now=T0 + timedelta(hours=2),
        earlier=earlier,
    )


def test_the_requester_rates_a_resolution() -> None:
    ticket = resolved_ticket()
    rating = rate(ticket, 5, "  Quick and kind  ")
    assert (rating.score, rating.comment, rating.resolved_at) == (
        5,
        "Quick and kind",
        ticket.resolved_at,
    )


def test_a_closed_ticket_can_be_rated_too() -> None:
    ticket = resolved_ticket()
    ticket.apply(TicketChanges(status="closed"), T0 + timedelta(hours=3))
    assert rate(ticket).resolved_at == T0 + timedelta(hours=1)


def test_only_the_requester_may_rate() -> None:
    with pytest.raises(AccessDenied):
        rate(resolved_ticket(), rater=99)


def test_an_unresolved_ticket_cannot_be_rated() -> None:
    ticket = resolved_ticket()
    ticket.apply(TicketChanges(status="open"), T0 + timedelta(hours=2))
    with pytest.raises(NotRatable):
        rate(ticket)


def test_one_rating_per_resolution_and_a_new_one_after_reopening() -> None:
    ticket = resolved_ticket()
    first = rate(ticket)
    with pytest.raises(AlreadyRated):
        rate(ticket, earlier=[first])
    ticket.apply(TicketChanges(status="open"), T0 + timedelta(hours=3))
    ticket.apply(TicketChanges(status="resolved"), T0 + timedelta(hours=4))
    second = rate(ticket, 2, earlier=[first])
    assert second.resolved_at == T0 + timedelta(hours=4)


@pytest.mark.parametrize("score", [0, 6, -1, True, 2.5, "5"])
def test_scores_are_whole_numbers_from_1_to_5(score) -> None:
    with pytest.raises(InvalidValue) as refused:
        rate(resolved_ticket(), score=score)
    assert refused.value.problems[0].field == "score"


def test_comments_are_optional_and_bounded() -> None:
    assert rate(resolved_ticket(), comment="   ").comment is None
    with pytest.raises(InvalidValue):
        rate(resolved_ticket(), comment="x" * 2001)
    with pytest.raises(InvalidValue):
        rate(resolved_ticket(), comment="nul\x00")
