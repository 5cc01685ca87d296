from __future__ import annotations

from typing import Any

from sqlalchemy import text

from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from domain.tickets import Reply, Ticket
from domain.users import User
from tests.builders import a_ticket, a_user


async def add_users(uow_factory: Any, count: int = 1, **fields: Any) -> list[User]:
    async with uow_factory() as uow:
        users = [a_user(**fields) for _ in range(count)]
        for user in users:
            await uow.users.add(user)
        await uow.commit()
    return users


async def add_tickets(uow_factory: Any, *tickets: Ticket) -> list[Ticket]:
    async with uow_factory() as uow:
        for ticket in tickets:
            await uow.tickets.add(ticket)
        await uow.commit()
    return list(tickets)


async def add_ticket(uow_factory: Any, requester_id: int, **fields: Any) -> Ticket:
    (ticket,) = await add_tickets(uow_factory, a_ticket(requester_id, **fields))
    return ticket


async def add_replies(uow_factory: Any, *replies: Reply) -> list[Reply]:
    async with uow_factory() as uow:
        for reply in replies:
            await uow.replies.add(reply)
        await uow.commit()
    return list(replies)


async def get_ticket(uow_factory: Any, ticket_id: int) -> Ticket | None:
    async with uow_factory(read_only=True) as uow:
        return await uow.tickets.get(ticket_id)


async def count_rows(uow_factory: SqlUnitOfWorkFactory, table: str, **where: Any) -> int:
    """Rows in a table, read straight from the database (SQL backends only)."""
    condition = " AND ".join(f"{column} = :{column}" for column in where) or "1 = 1"
    async with uow_factory.engine.connect() as connection:
        value = await connection.scalar(
            text(f"SELECT COUNT(*) FROM {table} WHERE {condition}"), where
        )
    return int(value or 0)
