from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound
from application.ports import Clock, UnitOfWorkFactory
from domain.access import Actor
from domain.tickets.activity import Activity, ActivityAction


@dataclass(frozen=True, slots=True)
class DeleteReply:
    ticket_id: int
    reply_id: int


class DeleteReplyHandler:
    """Remove a reply or note from a conversation (agents and admins); the log keeps
    who removed it, when, and what it said."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: DeleteReply, actor: Actor) -> None:
        actor.must_be_staff("delete replies")
        async with self._uow() as uow:
            reply = await uow.replies.get(command.reply_id)
            if reply is None or reply.ticket_id != command.ticket_id:
                raise NotFound("reply", command.reply_id)
            await uow.replies.delete(command.reply_id)
            await uow.activity.add(
                Activity(
                    command.ticket_id,
                    actor.user_id,
                    ActivityAction.REPLY_DELETED,
                    {
                        "reply_id": reply.id,
                        "author_id": reply.author_id,
                        "internal": reply.internal,
                        "content": reply.content,
                    },
                    self._clock.now(),
                )
            )
            await uow.commit()
