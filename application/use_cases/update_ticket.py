from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound, StaleVersion
from application.ports import Clock, UnitOfWorkFactory
from application.use_cases.open_ticket import ensure_users_exist
from domain.tickets import UNSET, Ticket, TicketChanges

MAX_ATTEMPTS_WITHOUT_PRECONDITION = 3


@dataclass(frozen=True, slots=True)
class UpdateTicket:
    ticket_id: int
    changes: TicketChanges
    expected_version: int | None = None


class UpdateTicketHandler:
    """Change some fields of a ticket.

    With `expected_version` (HTTP If-Match) the change applies only to that
    version, else StaleVersion and nothing changes. Without it the change is
    applied to the latest version, retrying when a concurrent writer got there
    first; the write itself is always a compare-and-set, so no update is lost.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: UpdateTicket) -> Ticket:
        attempts = 1 if command.expected_version is not None else MAX_ATTEMPTS_WITHOUT_PRECONDITION
        for attempt in range(1, attempts + 1):
            try:
                return await self._attempt(command)
            except StaleVersion:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    async def _attempt(self, command: UpdateTicket) -> Ticket:
        async with self._uow() as uow:
            ticket = await uow.tickets.get(command.ticket_id)
            if ticket is None:
                raise NotFound("ticket", command.ticket_id)
            loaded_version = ticket.version
            if command.expected_version is not None and command.expected_version != loaded_version:
                raise StaleVersion(
                    "ticket", command.ticket_id, command.expected_version, loaded_version
                )
            changed = ticket.apply(command.changes, self._clock.now())
            if command.changes.assignee_id is not UNSET:
                await ensure_users_exist(uow, assignee_id=command.changes.assignee_id)
            if changed:
                await uow.tickets.update(ticket, expected_version=loaded_version)
                await uow.commit()
            return ticket
