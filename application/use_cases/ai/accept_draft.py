from __future__ import annotations

from dataclasses import dataclass

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.ticket_access import visible_ticket
from application.use_cases.ai.draft_decisions import draft_of_ticket, save_decision
from application.use_cases.post_reply import write_reply
from domain.access import Actor
from domain.drafting.review import DraftRecord
from domain.tickets import Reply
from domain.tickets.activity import Activity, ActivityAction


@dataclass(frozen=True, slots=True)
class AcceptDraft:
    ticket_id: int
    draft_id: int
    text: str | None = None
    public: bool = True


class AcceptDraftHandler:
    """An agent sends a pending draft, as it is or edited, as their own reply.

    Rules: agents and admins only; the draft must belong to the ticket (else
    404) and be pending (else 409, also when someone decided it a moment
    before). The reply is the agent's (public unless `public` is false, then
    an internal note), marked AI-assisted; the draft becomes `accepted` or
    `edited` with the share changed, linked to the reply. Reply, draft and
    both activity entries are written in one transaction.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: AcceptDraft, actor: Actor) -> tuple[DraftRecord, Reply]:
        actor.must_be_staff("send AI drafts")
        now = self._clock.now()
        async with self._uow() as uow:
            ticket = await visible_ticket(uow, command.ticket_id, actor)
            draft = await draft_of_ticket(uow, command.ticket_id, command.draft_id)
            text = draft.accept(text=command.text, by=actor.user_id, now=now)
            reply = await write_reply(
                uow, ticket, actor, text, internal=not command.public, now=now, ai_assisted=True
            )
            draft.reply_id = reply.id
            await save_decision(uow, draft)
            await uow.activity.add(
                Activity(
                    command.ticket_id,
                    actor.user_id,
                    ActivityAction.AI_DRAFT_ACCEPTED,
                    {
                        "draft_id": draft.id,
                        "reply_id": reply.id,
                        "status": draft.status.value,
                        "changed_share": draft.changed_share,
                    },
                    now,
                )
            )
            await uow.commit()
        return draft, reply
