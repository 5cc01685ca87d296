from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.tickets import Ticket


class TicketIndexer(Protocol):
    """Keeps the similar-ticket index in step with ticket writes.

    Called after the ticket's unit of work has committed. Implementations must
    not raise: a failure is logged and repaired by a reindex.
    """

    async def ticket_saved(self, ticket: Ticket) -> None: ...

    async def tickets_saved(self, tickets: Sequence[Ticket]) -> None:
        """Many tickets at once (an import): indexed in batches, not one by one."""

    async def ticket_deleted(self, ticket_id: int) -> None: ...
