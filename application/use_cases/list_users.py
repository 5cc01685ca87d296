from __future__ import annotations

from application.ports import UnitOfWorkFactory
from application.queries import Page, UserQuery
from domain.users import User


class ListUsersHandler:
    """Users ordered by id; filtered by text in name or e-mail, or by ids."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: UserQuery) -> Page[User]:
        async with self._uow(read_only=True) as uow:
            return await uow.users.list(query)
