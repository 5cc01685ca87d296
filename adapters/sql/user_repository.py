from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.bulk import insert_returning_ids
from adapters.sql.limits import storable_id
from adapters.sql.rows import user_from_row, user_to_row
from adapters.sql.tables import replies, tickets, users
from adapters.sql.text_search import contains_text
from application.errors import EmailAlreadyRegistered, UserStillReferenced
from application.queries import Page, UserQuery
from domain.users import Role, User

# Built once: every ticket write checks its users.
_EXISTING_IDS = select(users.c.id).where(users.c.id.in_(bindparam("ids", expanding=True)))


class SqlUserRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, user: User) -> None:
        try:
            result = await self._connection.execute(insert(users).values(user_to_row(user)))
        except IntegrityError:
            raise EmailAlreadyRegistered(user.email.value) from None
        user.id = result.inserted_primary_key[0]  # type: ignore[index]

    async def get(self, user_id: int) -> User | None:
        if not storable_id(user_id):
            return None
        row = (
            (await self._connection.execute(select(users).where(users.c.id == user_id)))
            .mappings()
            .first()
        )
        return user_from_row(row) if row else None

    async def get_by_email(self, email: str) -> User | None:
        row = (
            (await self._connection.execute(select(users).where(users.c.email == email)))
            .mappings()
            .first()
        )
        return user_from_row(row) if row else None

    async def get_by_emails(self, emails: Sequence[str]) -> dict[str, User]:
        wanted = sorted(set(emails))
        found: dict[str, User] = {}
        for start in range(0, len(wanted), 1000):  # bounded IN lists
            rows = (
                await self._connection.execute(
                    select(users).where(users.c.email.in_(wanted[start : start + 1000]))
                )
            ).mappings()
            found.update({row["email"]: user_from_row(row) for row in rows})
        return found

    async def add_many(self, batch: Sequence[User]) -> None:
        if not batch:
            return
        try:
            ids = await insert_returning_ids(
                self._connection, users, [user_to_row(user) for user in batch]
            )
        except IntegrityError:
            raise EmailAlreadyRegistered(", ".join(u.email.value for u in batch)) from None
        for user, user_id in zip(batch, ids, strict=True):
            user.id = user_id

    async def existing_ids(self, user_ids: Sequence[int]) -> set[int]:
        user_ids = [uid for uid in user_ids if storable_id(uid)]
        if not user_ids:
            return set()
        found = await self._connection.scalars(_EXISTING_IDS, {"ids": list(user_ids)})
        return set(found)

    async def list(self, query: UserQuery) -> Page[User]:
        conditions = []
        if query.ids is not None:
            conditions.append(users.c.id.in_([i for i in query.ids if storable_id(i)]))
        if query.role is not None:
            conditions.append(users.c.role == query.role.value)
        if query.text:
            conditions.append(contains_text([users.c.name, users.c.email], query.text))
        total = await self._connection.scalar(
            select(func.count()).select_from(users).where(*conditions)
        )
        rows: list[Any] = []
        # A page past the end is empty; asking would overflow OFFSET for huge page numbers.
        if query.page.offset < int(total or 0):
            rows = list(
                (
                    await self._connection.execute(
                        select(users)
                        .where(*conditions)
                        .order_by(users.c.id)
                        .limit(query.page.page_size)
                        .offset(query.page.offset)
                    )
                ).mappings()
            )
        return Page([user_from_row(row) for row in rows], int(total or 0), query.page)

    async def update(self, user: User) -> None:
        await self._connection.execute(
            update(users).where(users.c.id == user.id).values(user_to_row(user))
        )

    async def count_active_admins(self) -> int:
        count = await self._connection.scalar(
            select(func.count()).where(users.c.role == Role.ADMIN.value, users.c.active.is_(True))
        )
        return int(count or 0)

    async def delete(self, user_id: int) -> None:
        try:
            # A savepoint: on PostgreSQL a failed statement aborts the whole
            # transaction, and the counts below must still run.
            async with self._connection.begin_nested():
                await self._connection.execute(delete(users).where(users.c.id == user_id))
        except IntegrityError:
            ticket_count = await self._connection.scalar(
                select(func.count()).where(tickets.c.requester_id == user_id)
            )
            reply_count = await self._connection.scalar(
                select(func.count()).where(replies.c.author_id == user_id)
            )
            raise UserStillReferenced(
                user_id, int(ticket_count or 0), int(reply_count or 0)
            ) from None
