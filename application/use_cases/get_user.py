from __future__ import annotations

from application.errors import NotFound
from application.ports import UnitOfWorkFactory
from domain.access import Actor
from domain.users import User


class GetUserHandler:
    """Staff see every account; a customer sees only their own (others are 'not found')."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, user_id: int, actor: Actor) -> User:
        if not actor.is_staff and user_id != actor.user_id:
            raise NotFound("user", user_id)
        async with self._uow(read_only=True) as uow:
            user = await uow.users.get(user_id)
        if user is None:
            raise NotFound("user", user_id)
        return user
