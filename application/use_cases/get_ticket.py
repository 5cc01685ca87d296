from __future__ import annotations

from application.ports import UnitOfWorkFactory
from application.ticket_access import visible_ticket
from domain.access import Actor
from domain.tickets import Ticket


class GetTicketHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, ticket_id: int, actor: Actor) -> Ticket:
        async with self._uow(read_only=True) as uow:
            return await visible_ticket(uow, ticket_id, actor)
