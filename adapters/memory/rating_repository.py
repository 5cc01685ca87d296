from __future__ import annotations

import copy

from adapters.memory.store import MemoryState
from domain.tickets.satisfaction import AlreadyRated, SatisfactionRating


class MemoryRatingRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    async def add(self, rating: SatisfactionRating) -> None:
        if any(
            r.ticket_id == rating.ticket_id and r.resolved_at == rating.resolved_at
            for r in self._state.ratings.values()
        ):
            raise AlreadyRated(rating.ticket_id)
        rating.id = self._state.allocate_id("ratings")
        self._state.ratings[rating.id] = copy.deepcopy(rating)

    async def list_for_ticket(self, ticket_id: int) -> list[SatisfactionRating]:
        found = [r for r in self._state.ratings.values() if r.ticket_id == ticket_id]
        found.sort(key=lambda r: (r.created_at, r.id or 0))
        return [copy.deepcopy(r) for r in found]
