from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound, StaleVersion
from application.ports import Clock, UnitOfWorkFactory
from application.use_cases.open_ticket import ensure_users_exist
from domain.access import Actor
from domain.tickets import UNSET, Ticket, TicketChanges
from domain.tickets.activity import Activity

MAX_ATTEMPTS_WITHOUT_PRECONDITION = 3


@dataclass(frozen=True, slots=True)
class UpdateTicket:
    ticket_id: int
    changes: TicketChanges
    expected_version: int | None = None


class UpdateTicketHandler:
    """Change some fields of a ticket (agents and admins).

    With `expected_version` (HTTP If-Match) the change applies only to that
    version, else StaleVersion and nothing changes. Without it the change is
    applied to the latest version, retrying when a concurrent writer got there
    first; the write itself is always a compare-and-set, so no update is lost.
    Every effective change is logged with each field's old and new value.
    Status and priority changes move the SLA clocks under the policy in force.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: UpdateTicket, actor: Actor) -> Ticket:
        actor.must_be_staff("change tickets")
        attempts = 1 if command.expected_version is not None else MAX_ATTEMPTS_WITHOUT_PRECONDITION
        for attempt in range(1, attempts + 1):
            try:
                return await self._attempt(command, actor)
            except StaleVersion:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    async def _attempt(self, command: UpdateTicket, actor: Actor) -> Ticket:
        async with self._uow() as uow:
            ticket = await uow.tickets.get(command.ticket_id)
            if ticket is None:
                raise NotFound("ticket", command.ticket_id)
            loaded_version = ticket.version
            if command.expected_version is not None and command.expected_version != loaded_version:
                raise StaleVersion(
                    "ticket", command.ticket_id, command.expected_version, loaded_version
                )
            before = {name: getattr(ticket, name) for name in command.changes.given()}
            now = self._clock.now()
            timed = {"status", "priority"} & command.changes.given().keys()
            policy = await uow.sla_policies.get() if timed else None
            changed = ticket.apply(command.changes, now, sla_policy=policy)
            if command.changes.assignee_id is not UNSET:
                await ensure_users_exist(uow, assignee_id=command.changes.assignee_id)
            if changed:
                await uow.tickets.update(ticket, expected_version=loaded_version)
                await uow.activity.add(
                    Activity.changes(
                        ticket_id=command.ticket_id,
                        actor_id=actor.user_id,
                        before={name: before[name] for name in changed},
                        after={name: getattr(ticket, name) for name in changed},
                        now=now,
                    )
                )
                await uow.commit()
            return ticket
