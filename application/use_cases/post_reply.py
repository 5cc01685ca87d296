from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound
from application.ports import Clock, UnitOfWorkFactory
from application.use_cases.open_ticket import ensure_users_exist
from domain.tickets import Reply


@dataclass(frozen=True, slots=True)
class PostReply:
    ticket_id: int
    author_id: int
    content: str
    internal: bool = False


class PostReplyHandler:
    """Add a reply (or an internal note) to a ticket that is not closed.

    Replies do not change the ticket itself, so concurrent replies never
    conflict with each other or with edits of the ticket.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: PostReply) -> Reply:
        async with self._uow() as uow:
            ticket = await uow.tickets.get(command.ticket_id)
            if ticket is None:
                raise NotFound("ticket", command.ticket_id)
            reply = ticket.reply(
                author_id=command.author_id,
                content=command.content,
                internal=command.internal,
                now=self._clock.now(),
            )
            await ensure_users_exist(uow, author_id=command.author_id)
            await uow.replies.add(reply)
            await uow.commit()
        return reply
