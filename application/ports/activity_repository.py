from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.tickets.activity import Activity


class ActivityRepository(Protocol):
    """Stores a ticket's activity log, in the same transaction as the change."""

    async def add(self, activity: Activity) -> None: ...

    async def add_many(self, entries: Sequence[Activity]) -> None:
        """Store entries in bulk (their ids are not read back)."""

    async def list_for_ticket(self, ticket_id: int) -> list[Activity]:
        """Oldest first."""
