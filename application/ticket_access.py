"""Loading a ticket the way its reader is allowed to see it."""

from __future__ import annotations

from application.errors import NotFound
from application.ports import UnitOfWork
from domain.access import Actor
from domain.tickets import Ticket


async def visible_ticket(uow: UnitOfWork, ticket_id: int, actor: Actor) -> Ticket:
    """The ticket, if it exists and `actor` may see it.

    A customer asking for someone else's ticket is told it does not exist,
    exactly as for a missing one, so that ids reveal nothing.
    """
    ticket = await uow.tickets.get(ticket_id)
    if ticket is None or not actor.may_see_ticket_of(ticket.requester_id):
        raise NotFound("ticket", ticket_id)
    return ticket
