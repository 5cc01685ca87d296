from __future__ import annotations

from application.errors import Conflict, NotFound, UserStillReferenced
from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from application.queries import MAX_PAGE_SIZE, PageRequest, TicketQuery
from domain.access import Actor
from domain.tickets import TicketChanges
from domain.tickets.activity import Activity
from domain.users import Role


class DeleteUserHandler:
    """Delete a user who neither requested a ticket nor wrote a reply (admins only).

    Tickets merely assigned to the user become unassigned, in the same
    transaction, as a change by the deleting admin: each gets a new version
    (its ETag moves on) and an activity entry. A user with history cannot be
    deleted: the conversation would lose its author. Nor can the last active
    admin: someone must always be able to manage accounts.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, user_id: int, actor: Actor) -> None:
        actor.must_be_admin("delete accounts")
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
            if user is None:
                raise NotFound("user", user_id)
            last_admin = user.role is Role.ADMIN and user.active
            if last_admin and await uow.users.count_active_admins() <= 1:
                raise Conflict("the last active admin cannot be deleted")
            tickets = await uow.tickets.count_by_user(user_id)
            replies = await uow.replies.count_by_author(user_id)
            if tickets or replies:
                raise UserStillReferenced(user_id, tickets, replies)
            await self._unassign_tickets(uow, user_id, actor)
            await uow.users.delete(user_id)
            await uow.commit()

    async def _unassign_tickets(self, uow: UnitOfWork, user_id: int, actor: Actor) -> None:
        now = self._clock.now()
        assigned = TicketQuery(assignee_id=user_id, page=PageRequest(1, MAX_PAGE_SIZE))
        while tickets := (await uow.tickets.list(assigned)).items:
            for ticket in tickets:
                version = ticket.version
                ticket.apply(TicketChanges(assignee_id=None), now)
                await uow.tickets.update(ticket, expected_version=version)
                await uow.activity.add(
                    Activity.changes(
                        ticket_id=ticket.id,
                        actor_id=actor.user_id,
                        before={"assignee_id": user_id},
                        after={"assignee_id": None},
                        now=now,
                    )
                )
