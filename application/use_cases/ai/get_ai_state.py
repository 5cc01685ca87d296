from __future__ import annotations

from dataclasses import dataclass

from application.ai.triage_record import TriageRecord
from application.jobs.state import JobRecord
from application.ports.unit_of_work import UnitOfWorkFactory
from application.ticket_access import visible_ticket
from domain.access import Actor
from domain.drafting.review import DraftRecord


@dataclass(frozen=True, slots=True)
class AiState:
    ticket_id: int
    triage: TriageRecord | None
    drafts: list[DraftRecord]
    job: JobRecord | None


class GetAiState:
    """What the AI did for a ticket: its latest triage, its drafts (newest first) and
    the state of its latest background job. Agents and admins only."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, ticket_id: int, actor: Actor) -> AiState:
        actor.must_be_staff("see the AI's work")
        async with self._uow(read_only=True) as uow:
            await visible_ticket(uow, ticket_id, actor)
            return AiState(
                ticket_id=ticket_id,
                triage=await uow.ai.latest_triage(ticket_id),
                drafts=await uow.ai.list_drafts(ticket_id),
                job=await uow.jobs.latest_for_ticket(ticket_id),
            )
