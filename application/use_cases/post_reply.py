from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from application.ticket_access import visible_ticket
from domain.access import AccessDenied, Actor
from domain.tickets import Reply, Ticket
from domain.tickets.activity import Activity, ActivityAction


@dataclass(frozen=True, slots=True)
class PostReply:
    ticket_id: int
    content: str
    internal: bool = False


class PostReplyHandler:
    """Add a reply (or an internal note) to a ticket that is not closed.

    The author is always the signed-in account: nobody posts as someone
    else. Customers reply publicly on their own tickets only; internal notes
    are for agents and admins. Replies do not change the ticket itself, so
    concurrent replies never conflict with each other or with edits. Each
    reply is logged. The first public reply of an agent or admin who is not
    the requester is recorded as the ticket's first response (SLA).
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: PostReply, actor: Actor) -> Reply:
        if command.internal and not actor.may_see_internal_notes():
            raise AccessDenied("only agents and admins may write internal notes")
        now = self._clock.now()
        async with self._uow() as uow:
            ticket = await visible_ticket(uow, command.ticket_id, actor)
            reply = await write_reply(
                uow, ticket, actor, command.content, internal=command.internal, now=now
            )
            await uow.commit()
        return reply


async def write_reply(
    uow: UnitOfWork,
    ticket: Ticket,
    actor: Actor,
    content: str,
    *,
    internal: bool,
    now: datetime,
    ai_assisted: bool = False,
) -> Reply:
    """Write and log a reply in `uow`, recording the ticket's first response when it is one."""
    answered_before = ticket.sla.first_responded_at
    reply = ticket.reply(
        author_id=actor.user_id,
        content=content,
        internal=internal,
        now=now,
        from_staff=actor.is_staff,
    )
    reply.ai_assisted = ai_assisted
    await uow.replies.add(reply)
    if ticket.sla.first_responded_at != answered_before:
        await uow.tickets.record_first_response(ticket)
    action = ActivityAction.NOTE_ADDED if reply.internal else ActivityAction.REPLIED
    assert ticket.id is not None
    await uow.activity.add(Activity(ticket.id, actor.user_id, action, {"reply_id": reply.id}, now))
    return reply
