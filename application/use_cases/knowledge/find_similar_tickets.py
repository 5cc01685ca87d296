from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound
from application.knowledge.base import TICKETS_COLLECTION, KnowledgeBase
from application.knowledge.errors import EmbeddingSpaceMismatch
from application.use_cases.knowledge.index_tickets import ticket_text
from domain.errors import InvalidValue
from domain.tickets import Ticket

MAX_SIMILAR = 20


@dataclass(frozen=True, slots=True)
class SimilarTicket:
    ticket: Ticket
    score: float


class FindSimilarTicketsHandler:
    """Past tickets like this one: resolved (or closed) ones first, each group by similarity.

    The ticket itself is never among them; tickets deleted since they were
    indexed are skipped. An empty index gives an empty list.

    `close_match` is the similarity from which a ticket counts as about the same
    problem (SIMILAR_TICKET_MIN_SCORE, on the embedding model's scale; 0 when that
    scale is unknown): what grounds a draft, and what the console sets apart.
    """

    def __init__(self, kb: KnowledgeBase, close_match: float = 0.0) -> None:
        self._kb = kb
        self.close_match = close_match

    async def __call__(self, ticket_id: int, limit: int = 5) -> list[SimilarTicket]:
        if not 1 <= limit <= MAX_SIMILAR:
            raise InvalidValue.single("n", f"must be between 1 and {MAX_SIMILAR}")
        kb = self._kb
        async with kb.uow(read_only=True) as uow:
            ticket = await uow.tickets.get(ticket_id)
        if ticket is None:
            raise NotFound("ticket", ticket_id)
        space = await kb.space()
        built = await kb.vectors.space_of(TICKETS_COLLECTION)
        if built is None:
            return []
        if built != space:
            raise EmbeddingSpaceMismatch(TICKETS_COLLECTION, built, space)
        (vector,) = await kb.embedder.embed([ticket_text(ticket)])
        matches = await kb.vectors.query(TICKETS_COLLECTION, vector, limit * 3 + 1)
        others = [m for m in matches if m.id.isdigit() and m.id != str(ticket_id)]
        async with kb.uow(read_only=True) as uow:
            stored = await uow.tickets.get_many([int(m.id) for m in others])
        found = [
            SimilarTicket(stored[int(m.id)], round(m.score, 6))
            for m in others
            if int(m.id) in stored
        ]
        found.sort(key=lambda s: (not s.ticket.status.is_resolved, -s.score))
        return found[:limit]
