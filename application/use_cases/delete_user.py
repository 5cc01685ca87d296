from __future__ import annotations

from application.errors import NotFound, UserStillReferenced
from application.ports import UnitOfWorkFactory


class DeleteUserHandler:
    """Delete a user who neither requested a ticket nor wrote a reply.

    Tickets merely assigned to the user become unassigned. A user with
    history cannot be deleted: the conversation would lose its author.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, user_id: int) -> None:
        async with self._uow() as uow:
            if await uow.users.get(user_id) is None:
                raise NotFound("user", user_id)
            tickets = await uow.tickets.count_by_user(user_id)
            replies = await uow.replies.count_by_author(user_id)
            if tickets or replies:
                raise UserStillReferenced(user_id, tickets, replies)
            await uow.users.delete(user_id)
            await uow.commit()
