from __future__ import annotations

from application.ports import UnitOfWorkFactory
from application.ticket_access import visible_ticket
from domain.access import Actor
from domain.tickets import Ticket
from domain.tickets.satisfaction import SatisfactionRating


class ListRatingsHandler:
    """A ticket's satisfaction ratings, oldest first, for whoever may see the ticket."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(
        self, ticket_id: int, actor: Actor
    ) -> tuple[Ticket, list[SatisfactionRating]]:
        async with self._uow(read_only=True) as uow:
            ticket = await visible_ticket(uow, ticket_id, actor)
            return ticket, await uow.ratings.list_for_ticket(ticket_id)
