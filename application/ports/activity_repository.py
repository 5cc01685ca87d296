from __future__ import annotations

from typing import Protocol

from domain.tickets.activity import Activity


class ActivityRepository(Protocol):
    """Stores a ticket's activity log, in the same transaction as the change."""

    async def add(self, activity: Activity) -> None: ...

    async def list_for_ticket(self, ticket_id: int) -> list[Activity]:
        """Oldest first."""
