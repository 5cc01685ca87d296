from __future__ import annotations

import copy
from collections.abc import Sequence

from adapters.memory.store import MemoryState
from domain.tickets.activity import Activity


class MemoryActivityRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    async def add(self, activity: Activity) -> None:
        activity.id = self._state.allocate_id("activity")
        self._state.activity[activity.id] = copy.deepcopy(activity)

    async def add_many(self, entries: Sequence[Activity]) -> None:
        for entry in entries:
            await self.add(entry)

    async def list_for_ticket(self, ticket_id: int) -> list[Activity]:
        entries = [a for a in self._state.activity.values() if a.ticket_id == ticket_id]
        entries.sort(key=lambda a: (a.created_at, a.id or 0))
        return [copy.deepcopy(a) for a in entries]
