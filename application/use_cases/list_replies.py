from __future__ import annotations

from application.errors import NotFound
from application.ports import UnitOfWorkFactory
from domain.tickets import Reply


class ListRepliesHandler:
    """A ticket's conversation, oldest first."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, ticket_id: int, *, include_internal: bool = True) -> list[Reply]:
        async with self._uow(read_only=True) as uow:
            if await uow.tickets.get(ticket_id) is None:
                raise NotFound("ticket", ticket_id)
            return await uow.replies.list_for_ticket(ticket_id, include_internal=include_internal)
