from __future__ import annotations

from application.ai.triage_record import TriageRecord
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.ticket_access import visible_ticket
from application.use_cases.ai.first_response import (
    FirstResponse,
    FirstResponseWriter,
    customer_name,
    pending_draft,
    record_first_response,
)
from domain.access import Actor


class SuggestForTicket:
    """Triage a ticket and draft a first reply now, on an agent's request ("Regenerate").

    Rules: agents and admins only; the same work as the background job, done
    while the agent waits: a language-model failure falls back to the
    extractive draft at once (with the reason). The triage and the new
    `pending` draft are stored, with activity entries naming the agent;
    earlier drafts stay as they are.
    """

    def __init__(self, uow: UnitOfWorkFactory, writer: FirstResponseWriter, clock: Clock) -> None:
        self._uow = uow
        self._writer = writer
        self._clock = clock

    async def __call__(self, ticket_id: int, actor: Actor) -> FirstResponse:
        actor.must_be_staff("ask for AI suggestions")
        async with self._uow(read_only=True) as uow:
            ticket = await visible_ticket(uow, ticket_id, actor)
            name = await customer_name(uow, ticket)
        suggestions = await self._writer.triage(ticket)
        passages = await self._writer.passages(ticket)
        draft = await self._writer.draft(ticket, passages, customer_name=name)
        now = self._clock.now()
        triage = TriageRecord.of(ticket_id, ticket.version, suggestions, now)
        record = pending_draft(ticket, ticket.version, draft, passages, attempts=1, now=now)
        async with self._uow() as uow:
            await visible_ticket(uow, ticket_id, actor)  # still there
            await record_first_response(uow, triage, record, actor_id=actor.user_id, now=now)
            await uow.commit()
        return FirstResponse(triage, record, tuple(passages))
