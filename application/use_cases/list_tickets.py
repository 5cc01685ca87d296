from __future__ import annotations

from application.ports import UnitOfWorkFactory
from application.queries import Page, TicketQuery
from domain.tickets import Ticket


class ListTicketsHandler:
    """Tickets matching every given filter, one page at a time, with the total."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: TicketQuery) -> Page[Ticket]:
        async with self._uow(read_only=True) as uow:
            return await uow.tickets.list(query)
