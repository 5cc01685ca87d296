from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from application.errors import ReferenceNotFound
from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from domain.tickets import Ticket, TicketPriority, TicketStatus


@dataclass(frozen=True, slots=True)
class OpenTicket:
    title: str
    content: str
    requester_id: int
    priority: str = TicketPriority.MEDIUM.value
    status: str = TicketStatus.OPEN.value
    tags: str | Iterable[str] | None = None
    category: str | None = None
    assignee_id: int | None = None


async def ensure_users_exist(uow: UnitOfWork, **user_ids: int | None) -> None:
    """Raise ReferenceNotFound for the first field naming a missing user."""
    wanted = {field: uid for field, uid in user_ids.items() if uid is not None}
    existing = await uow.users.existing_ids(list(set(wanted.values())))
    for field, uid in wanted.items():
        if uid not in existing:
            raise ReferenceNotFound(field, "user", uid)


class OpenTicketHandler:
    """Open a ticket for an existing requester (and assignee, when given)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: OpenTicket) -> Ticket:
        ticket = Ticket.open(
            title=command.title,
            content=command.content,
            requester_id=command.requester_id,
            priority=command.priority,
            status=command.status,
            tags=command.tags,
            category=command.category,
            assignee_id=command.assignee_id,
            now=self._clock.now(),
        )
        async with self._uow() as uow:
            await ensure_users_exist(
                uow, requester_id=command.requester_id, assignee_id=command.assignee_id
            )
            await uow.tickets.add(ticket)
            await uow.commit()
        return ticket
