from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from application.queries import Page, TicketQuery
from domain.tickets import Ticket


@dataclass(frozen=True, slots=True)
class TicketLabels:
    """What the triage models learn from a ticket: its text and its labels."""

    id: int
    title: str
    content: str
    category: str | None
    priority: str
    tags: tuple[str, ...]


class TicketRepository(Protocol):
    """Stores tickets. Never commits: the unit of work does."""

    async def add(self, ticket: Ticket) -> None:
        """Store a new ticket and give it an id."""

    async def add_many(self, tickets: Sequence[Ticket]) -> None:
        """Store new tickets in bulk (one round trip per batch) and give them ids, in order."""

    async def get(self, ticket_id: int) -> Ticket | None: ...

    async def get_many(self, ticket_ids: Sequence[int]) -> dict[int, Ticket]:
        """The tickets of `ticket_ids` that exist, by id, each as `get` gives it."""

    async def labels_after(self, after_id: int, limit: int) -> list[TicketLabels]:
        """The texts and labels of up to `limit` tickets with ids above `after_id`, by id.

        Reads only those columns: the training job pages through every ticket this way.
        """

    async def update(self, ticket: Ticket, *, expected_version: int) -> None:
        """Write the ticket only if the stored version is still `expected_version`.

        Raises StaleVersion otherwise: a compare-and-set, so that of two
        concurrent writers of one version exactly one wins.
        """

    async def delete(self, ticket_id: int) -> None:
        """Delete a ticket; its replies go with it."""

    async def list(self, query: TicketQuery) -> Page[Ticket]: ...

    async def count_by_user(self, user_id: int) -> int:
        """Tickets the user requested."""

    async def record_first_response(self, ticket: Ticket) -> None:
        """Store `ticket.sla.first_responded_at` unless the ticket has one already.

        A reply is not an edit: this neither checks nor bumps the version, so it
        never conflicts with concurrent changes (and they never undo it).
        """
