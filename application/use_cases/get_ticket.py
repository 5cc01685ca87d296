from __future__ import annotations

from application.errors import NotFound
from application.ports import UnitOfWorkFactory
from domain.tickets import Ticket


class GetTicketHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, ticket_id: int) -> Ticket:
        async with self._uow(read_only=True) as uow:
            ticket = await uow.tickets.get(ticket_id)
        if ticket is None:
            raise NotFound("ticket", ticket_id)
        return ticket
