from __future__ import annotations

from typing import Protocol

from domain.tickets.satisfaction import SatisfactionRating


class RatingRepository(Protocol):
    """Stores satisfaction ratings. Never commits: the unit of work does."""

    async def add(self, rating: SatisfactionRating) -> None:
        """Store a new rating and give it an id.

        Raises AlreadyRated if the ticket's resolution has a rating already (the
        database's unique key decides between concurrent raters).
        """

    async def list_for_ticket(self, ticket_id: int) -> list[SatisfactionRating]:
        """Oldest first."""
