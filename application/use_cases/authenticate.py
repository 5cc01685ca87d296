from __future__ import annotations

from application.ports import UnitOfWorkFactory
from domain.access import Actor
from domain.users import User


class AuthenticateHandler:
    """Resolve the account behind a valid token, on every request.

    Returns None for an account that no longer exists or was deactivated, so
    a deactivated account's tokens stop working at once, and a role change
    takes effect on the next request.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, user_id: int) -> tuple[User, Actor] | None:
        async with self._uow(read_only=True) as uow:
            user = await uow.users.get(user_id)
        if user is None or not user.active or user.id is None:
            return None
        return user, Actor(user_id=user.id, role=user.role)
