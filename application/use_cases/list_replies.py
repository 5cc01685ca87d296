from __future__ import annotations

from application.ports import UnitOfWorkFactory
from application.ticket_access import visible_ticket
from domain.access import Actor
from domain.tickets import Reply


class ListRepliesHandler:
    """A ticket's conversation, oldest first; internal notes only for agents and admins."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, ticket_id: int, actor: Actor) -> list[Reply]:
        async with self._uow(read_only=True) as uow:
            await visible_ticket(uow, ticket_id, actor)
            return await uow.replies.list_for_ticket(
                ticket_id, include_internal=actor.may_see_internal_notes()
            )
