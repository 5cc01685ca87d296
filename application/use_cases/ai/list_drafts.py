from __future__ import annotations

from application.ports.unit_of_work import UnitOfWorkFactory
from application.ticket_access import visible_ticket
from domain.access import Actor
from domain.drafting.review import DraftRecord


class ListDrafts:
    """A ticket's draft replies, newest first. Agents and admins only."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, ticket_id: int, actor: Actor) -> list[DraftRecord]:
        actor.must_be_staff("see draft replies")
        async with self._uow(read_only=True) as uow:
            await visible_ticket(uow, ticket_id, actor)
            return await uow.ai.list_drafts(ticket_id)
