from __future__ import annotations

from application.ports import UnitOfWorkFactory
from application.queries import Page, UserQuery
from domain.access import Actor
from domain.users import User


class ListUsersHandler:
    """Accounts ordered by id, for agents and admins only (customers never see others)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: UserQuery, actor: Actor) -> Page[User]:
        actor.must_be_staff("list users")
        async with self._uow(read_only=True) as uow:
            return await uow.users.list(query)
