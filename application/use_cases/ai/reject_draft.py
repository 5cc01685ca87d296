from __future__ import annotations

from dataclasses import dataclass

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.ticket_access import visible_ticket
from application.use_cases.ai.draft_decisions import draft_of_ticket, save_decision
from domain.access import Actor
from domain.drafting.review import DraftRecord
from domain.tickets.activity import Activity, ActivityAction


@dataclass(frozen=True, slots=True)
class RejectDraft:
    ticket_id: int
    draft_id: int
    reason: str


class RejectDraftHandler:
    """An agent turns a pending draft down, saying why (1..1000 characters).

    Rules: agents and admins only; the draft must belong to the ticket (else
    404) and be pending (else 409). Nothing is sent; the rejection is logged.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: RejectDraft, actor: Actor) -> DraftRecord:
        actor.must_be_staff("reject AI drafts")
        now = self._clock.now()
        async with self._uow() as uow:
            await visible_ticket(uow, command.ticket_id, actor)
            draft = await draft_of_ticket(uow, command.ticket_id, command.draft_id)
            draft.reject(reason=command.reason, by=actor.user_id, now=now)
            await save_decision(uow, draft)
            await uow.activity.add(
                Activity(
                    command.ticket_id,
                    actor.user_id,
                    ActivityAction.AI_DRAFT_REJECTED,
                    {"draft_id": draft.id, "reason": draft.reject_reason},
                    now,
                )
            )
            await uow.commit()
        return draft
