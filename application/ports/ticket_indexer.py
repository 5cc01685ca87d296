from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from domain.tickets import Ticket


class TicketIndexer(Protocol):
    """Keeps the similar-ticket index in step with ticket writes.

    Called after the ticket's unit of work has committed, with the marks of the
    ticket index queue entries that unit of work added (see
    application/ports/ticket_index_queue.py). Implementations must not raise:
    whatever they fail to index stays queued for the catch-up sweep.
    """

    async def tickets_changed(
        self, saved: Sequence[Ticket], deleted: Collection[int], marks: Mapping[int, int]
    ) -> None:
        """`saved` as committed (many at once after an import), `deleted` ticket ids;
        `marks` has an entry for every one of them."""
