from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound, StaleVersion
from application.ports import UnitOfWorkFactory
from domain.access import Actor


@dataclass(frozen=True, slots=True)
class DeleteTicket:
    ticket_id: int
    expected_version: int | None = None


class DeleteTicketHandler:
    """Delete a ticket and, with it, its whole conversation and log (agents and admins).

    With `expected_version` the ticket is deleted only if unchanged since.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: DeleteTicket, actor: Actor) -> None:
        actor.must_be_staff("delete tickets")
        async with self._uow() as uow:
            ticket = await uow.tickets.get(command.ticket_id)
            if ticket is None:
                raise NotFound("ticket", command.ticket_id)
            if command.expected_version is not None and command.expected_version != ticket.version:
                raise StaleVersion(
                    "ticket", command.ticket_id, command.expected_version, ticket.version
                )
            await uow.tickets.delete(command.ticket_id)
            await uow.commit()
