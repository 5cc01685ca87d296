"""The AI's first response to a ticket: triage suggestions and a grounded draft reply.

Rules:
- triage uses the triage models in force (none yet: only the urgency rules
  suggest, see `application.ai.triage`);
- the draft rests on the best knowledge-base passages for the ticket's text
  and on the agents' public answers to similar solved tickets, each only when
  similar enough to the ticket (`RetrievalPolicy`'s floors; replies by
  staff only: never those customers' own messages, never internal notes;
  their requester's name and e-mail, any e-mail address and phone-like
  numbers in them are masked, see `domain.drafting.privacy`); a knowledge
  base or ticket index that does not exist yet simply gives no passages;
- the draft is written by the language model when one is configured, else
  (or when it fails and falling back is allowed) by the extractive drafter;
  with no passage at all, neither cites anything: the extractive draft only
  acknowledges the request, the language model is told none were found;
- nothing is stored by the writer: `record_first_response` stores the triage
  and the draft, with one activity entry each, in the caller's unit of work.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from application.ai.drafting import DraftRequest
from application.ai.triage import TriageSuggester, TriageSuggestions
from application.ai.triage_record import TriageRecord
from application.errors import NotFound
from application.knowledge.errors import EmbeddingSpaceMismatch
from application.ports.triage_models import TriageModelSource
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.use_cases.draft_reply import DraftReplyHandler
from application.use_cases.knowledge.find_similar_tickets import FindSimilarTicketsHandler
from application.use_cases.knowledge.search_knowledge import (
    SearchKnowledge,
    SearchKnowledgeHandler,
    kb_passage,
    similar_enough,
)
from domain.drafting import Draft, Passage
from domain.drafting.inline_markdown import plain_snippet
from domain.drafting.privacy import mask_personal_details
from domain.drafting.review import DraftCitation, DraftRecord, DraftStatus
from domain.tickets import Ticket
from domain.tickets.activity import Activity, ActivityAction

log = logging.getLogger("astratickets.ai")

_QUERY_CHARS = 2000


@dataclass(frozen=True, slots=True)
class RetrievalPolicy:
    """What a draft is grounded in: those of the best `kb_passages` knowledge-base passages
    whose cosine similarity to the ticket's text is at least `kb_passage_min_score`, and
    the answers of up to `similar_tickets` solved tickets whose similarity to the ticket
    is at least `similar_ticket_min_score`. A passage or a solved ticket about something
    else is no ground for an answer; both floors are on the embedding model's scale (see
    knowledge_wiring), never on the ranking's score, which is relative to the other
    candidates of the same search."""

    kb_passages: int = 3
    kb_passage_min_score: float = 0.0
    similar_tickets: int = 2
    similar_ticket_min_score: float = 0.0
    collection: str | None = None


def draft_citations(draft: Draft, passages: Sequence[Passage]) -> tuple[DraftCitation, ...]:
    """The draft's citations, each with the snippet of the passage it points to."""
    cited: list[DraftCitation] = []
    for citation in draft.citations:
        passage = passages[citation.number - 1]
        from_ticket = passage.source == "ticket"
        cited.append(
            DraftCitation(
                marker=citation.number,
                title=passage.title,
                snippet=plain_snippet(passage.content),
                document_id=None if from_ticket else passage.document_id,
                chunk_id=None if from_ticket else passage.id,
                ticket_id=int(passage.document_id) if from_ticket else None,
            )
        )
    return tuple(cited)


def pending_draft(
    ticket: Ticket,
    version: int,
    draft: Draft,
    passages: Sequence[Passage],
    *,
    attempts: int,
    now: datetime,
) -> DraftRecord:
    measured = draft.prompt_tokens or draft.completion_tokens
    assert ticket.id is not None
    return DraftRecord(
        ticket_id=ticket.id,
        ticket_version=version,
        status=DraftStatus.PENDING,
        text=draft.text,
        model=draft.model,
        created_at=now,
        language=draft.language,
        latency_ms=draft.latency_ms,
        prompt_tokens=draft.prompt_tokens if measured else None,
        completion_tokens=draft.completion_tokens if measured else None,
        citations=draft_citations(draft, passages),
        fallback_reason=draft.fallback_reason,
        attempts=attempts,
    )


@dataclass(frozen=True, slots=True)
class FirstResponse:
    triage: TriageRecord
    draft: DraftRecord
    passages: tuple[Passage, ...]


class FirstResponseWriter:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        models: TriageModelSource,
        suggester: TriageSuggester,
        search: SearchKnowledgeHandler,
        similar: FindSimilarTicketsHandler,
        drafter: DraftReplyHandler,
        policy: RetrievalPolicy | None = None,
    ) -> None:
        self._uow = uow
        self._models = models
        self._suggester = suggester
        self._search = search
        self._similar = similar
        self._drafter = drafter
        self._policy = policy or RetrievalPolicy()

    @property
    def model_name(self) -> str:
        return self._drafter.model_name

    async def triage(self, ticket: Ticket) -> TriageSuggestions:
        models = await self._models.current()
        return await self._suggester.suggest(ticket.title, ticket.content, models)

    async def passages(self, ticket: Ticket) -> list[Passage]:
        """Knowledge-base passages first, then solved tickets (both searched at once)."""
        articles, tickets = await asyncio.gather(
            self._kb_passages(ticket), self._ticket_passages(ticket)
        )
        return [*articles, *tickets]

    async def _kb_passages(self, ticket: Ticket) -> list[Passage]:
        if self._policy.kb_passages == 0:
            return []
        query = f"{ticket.title}\n{ticket.content}"[:_QUERY_CHARS]
        try:
            matches = await self._search(
                SearchKnowledge(
                    query=query, collection=self._policy.collection, limit=self._policy.kb_passages
                )
            )
        except (NotFound, EmbeddingSpaceMismatch) as error:
            log.info("no knowledge-base passages for ticket %s: %s", ticket.id, error)
            return []
        return [kb_passage(m) for m in similar_enough(matches, self._policy.kb_passage_min_score)]

    async def _ticket_passages(self, ticket: Ticket) -> list[Passage]:
        if self._policy.similar_tickets == 0 or ticket.id is None:
            return []
        try:
            similar = await self._similar(ticket.id, limit=self._policy.similar_tickets * 2)
        except (NotFound, EmbeddingSpaceMismatch) as error:
            log.info("no similar tickets for ticket %s: %s", ticket.id, error)
            return []
        passages: list[Passage] = []
        async with self._uow(read_only=True) as uow:
            for match in similar:
                other = match.ticket
                if match.score < self._policy.similar_ticket_min_score:
                    continue
                if not other.status.is_resolved or other.id is None:
                    continue
                replies = await uow.replies.list_for_ticket(other.id, include_internal=False)
                requester = await uow.users.get(other.requester_id)
                answers = [
                    mask_personal_details(
                        r.content,
                        names=[requester.name if requester else None],
                        emails=[requester.email.value if requester else None],
                    )
                    for r in replies
                    if r.author_id != other.requester_id and await _by_staff(uow, r.author_id)
                ]
                if answers:
                    passages.append(
                        Passage(
                            id=f"ticket-{other.id}",
                            document_id=str(other.id),
                            title=other.title,
                            content="\n\n".join(answers),
                            score=match.score,
                            source="ticket",
                        )
                    )
                if len(passages) == self._policy.similar_tickets:
                    break
        return passages

    async def draft(
        self,
        ticket: Ticket,
        passages: Sequence[Passage],
        *,
        customer_name: str | None,
        fall_back: bool = True,
    ) -> Draft:
        request = DraftRequest(
            title=ticket.title,
            content=ticket.content,
            passages=tuple(passages),
            customer_name=customer_name,
        )
        return await self._drafter(request, fall_back=fall_back)


async def _by_staff(uow: UnitOfWork, author_id: int) -> bool:
    author = await uow.users.get(author_id)
    return author is not None and author.role.is_staff


async def customer_name(uow: UnitOfWork, ticket: Ticket) -> str | None:
    requester = await uow.users.get(ticket.requester_id)
    return requester.name if requester is not None else None


async def record_first_response(
    uow: UnitOfWork,
    triage: TriageRecord | None,
    draft: DraftRecord,
    *,
    actor_id: int | None,
    now: datetime,
) -> None:
    """Store the triage (if any) and the draft, each with its activity entry."""
    if triage is not None:
        await uow.ai.add_triage(triage)
        await uow.activity.add(
            Activity(
                triage.ticket_id,
                actor_id,
                ActivityAction.AI_TRIAGED,
                {
                    "triage_id": triage.id,
                    "category": triage.category.value if triage.category else None,
                    "priority": triage.priority.value if triage.priority else None,
                    "tags": [t.value for t in triage.tags],
                },
                now,
            )
        )
    await uow.ai.add_draft(draft)
    failed = draft.status is DraftStatus.FAILED
    details: dict[str, object] = {"draft_id": draft.id, "model": draft.model}
    if failed:
        details["reason"] = draft.failure_reason
    elif draft.fallback_reason:
        details["fallback_reason"] = draft.fallback_reason
    action = ActivityAction.AI_DRAFT_FAILED if failed else ActivityAction.AI_DRAFTED
    await uow.activity.add(Activity(draft.ticket_id, actor_id, action, details, now))
