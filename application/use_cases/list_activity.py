from __future__ import annotations

from application.errors import NotFound
from application.ports import UnitOfWorkFactory
from domain.access import Actor
from domain.tickets.activity import Activity


class ListActivityHandler:
    """A ticket's activity log, oldest first (agents and admins)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, ticket_id: int, actor: Actor) -> list[Activity]:
        actor.must_be_staff("read activity logs")
        async with self._uow(read_only=True) as uow:
            if await uow.tickets.get(ticket_id) is None:
                raise NotFound("ticket", ticket_id)
            return await uow.activity.list_for_ticket(ticket_id)
