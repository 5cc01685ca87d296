"""What accepting and rejecting a draft share: finding it, and saving the decision once."""

from __future__ import annotations

from application.errors import NotFound
from application.ports.unit_of_work import UnitOfWork
from domain.drafting.review import DraftNotPending, DraftRecord


async def draft_of_ticket(uow: UnitOfWork, ticket_id: int, draft_id: int) -> DraftRecord:
    """The draft, if it exists and belongs to the ticket (else NotFound)."""
    draft = await uow.ai.get_draft(draft_id)
    if draft is None or draft.ticket_id != ticket_id:
        raise NotFound("draft", draft_id)
    return draft


async def save_decision(uow: UnitOfWork, draft: DraftRecord) -> None:
    """Store the decision, unless someone decided the draft first (DraftNotPending)."""
    if not await uow.ai.decide_draft(draft):
        raise DraftNotPending(draft.id)
