from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.errors import ReferenceNotFound
from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from domain.access import AccessDenied, Actor
from domain.errors import InvalidValue
from domain.tickets import Ticket, TicketPriority, TicketStatus
from domain.tickets.activity import Activity, ActivityAction


@dataclass(frozen=True, slots=True)
class OpenTicket:
    title: str
    content: str
    requester_id: int | None = None
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


def _requester_for(command: OpenTicket, actor: Actor) -> int:
    """Customers file for themselves; agents and admins name the requester."""
    if actor.is_staff:
        if command.requester_id is None:
            raise InvalidValue.single("requester_id", "is required")
        return command.requester_id
    if command.requester_id not in (None, actor.user_id):
        raise AccessDenied("customers open tickets for themselves only")
    reserved = {
        "status": command.status != TicketStatus.OPEN.value,
        "category": command.category is not None,
        "assignee_id": command.assignee_id is not None,
    }
    refused = [name for name, given in reserved.items() if given]
    if refused:
        raise AccessDenied(f"customers may not set {', '.join(refused)}")
    return actor.user_id


class AfterOpen(Protocol):
    """Work every newly opened ticket is owed (the AI triage: TriageNewTickets)."""

    async def owe(self, uow: UnitOfWork, ticket: Ticket, now: datetime) -> None:
        """Record the work as owed in the opening's unit of work, before its commit."""

    async def __call__(self, ticket: Ticket) -> None:
        """Start the owed work once the ticket is committed; never fails."""


class OpenTicketHandler:
    """Open a ticket for an existing requester (and assignee, when given).

    A customer's ticket is always their own, opens as `open`, and leaves
    routing (category, assignee) to the team. Opening is logged. The SLA due
    times follow from the SLA policy in force. The work a new ticket is owed
    (`after_open`: the AI triage's job) is recorded in the same commit as the
    ticket, and started once it is committed (which never fails the opening).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        after_open: AfterOpen | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._after_open = after_open

    async def __call__(self, command: OpenTicket, actor: Actor) -> Ticket:
        requester_id = _requester_for(command, actor)
        now = self._clock.now()
        async with self._uow() as uow:
            ticket = Ticket.open(
                title=command.title,
                content=command.content,
                requester_id=requester_id,
                priority=command.priority,
                status=command.status,
                tags=command.tags,
                category=command.category,
                assignee_id=command.assignee_id,
                now=now,
                sla_policy=await uow.sla_policies.get(),
            )
            await ensure_users_exist(
                uow, requester_id=requester_id, assignee_id=command.assignee_id
            )
            await uow.tickets.add(ticket)
            assert ticket.id is not None
            await uow.activity.add(
                Activity(
                    ticket.id,
                    actor.user_id,
                    ActivityAction.CREATED,
                    {"status": ticket.status.value, "priority": ticket.priority.value},
                    now,
                )
            )
            if self._after_open is not None:
                await self._after_open.owe(uow, ticket, now)
            await uow.commit()
        if self._after_open is not None:
            await self._after_open(ticket)
        return ticket
