from __future__ import annotations

from application.errors import Conflict, NotFound, UserStillReferenced
from application.ports import UnitOfWorkFactory
from domain.access import Actor
from domain.users import Role


class DeleteUserHandler:
    """Delete a user who neither requested a ticket nor wrote a reply (admins only).

    Tickets merely assigned to the user become unassigned. A user with
    history cannot be deleted: the conversation would lose its author. Nor can
    the last active admin: someone must always be able to manage accounts.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, user_id: int, actor: Actor) -> None:
        actor.must_be_admin("delete accounts")
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
            if user is None:
                raise NotFound("user", user_id)
            last_admin = user.role is Role.ADMIN and user.active
            if last_admin and await uow.users.count_active_admins() <= 1:
                raise Conflict("the last active admin cannot be deleted")
            tickets = await uow.tickets.count_by_user(user_id)
            replies = await uow.replies.count_by_author(user_id)
            if tickets or replies:
                raise UserStillReferenced(user_id, tickets, replies)
            await uow.users.delete(user_id)
            await uow.commit()
