"""The AI pipeline's use cases on the in-memory adapters: the triage-and-draft job,
on-demand suggestions, review (accept / reject), auto-apply, queueing on creation."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from adapters.knowledge.bm25_index import Bm25Index
from adapters.knowledge.hashing_embedder import HashingEmbedder
from adapters.knowledge.memory_vector_index import MemoryVectorIndex
from adapters.llm.scripted_model import ScriptedLanguageModel
from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.triage_models import FixedTriageModelSource
from application.ai.drafting import ExtractiveDrafter, LlmDrafter
from application.ai.errors import LanguageModelTimeout
from application.ai.triage import TriageModels, TriageSuggester
from application.errors import NotFound
from application.jobs.state import JobRecord, JobStatus
from application.knowledge.base import KnowledgeBase
from application.knowledge.errors import KnowledgeUnavailable
from application.ports.job_queue import JobContext
from application.use_cases.ai.accept_draft import AcceptDraft, AcceptDraftHandler
from application.use_cases.ai.first_response import FirstResponseWriter, RetrievalPolicy
from application.use_cases.ai.get_ai_state import GetAiState
from application.use_cases.ai.reject_draft import RejectDraft, RejectDraftHandler
from application.use_cases.ai.suggest_for_ticket import SuggestForTicket
from application.use_cases.ai.triage_and_draft import (
    TRIAGE_JOB,
    AutoApplyPolicy,
    TriageAndDraftTicket,
    triage_job_key,
)
from application.use_cases.ai.triage_new_tickets import TriageNewTickets
from application.use_cases.draft_reply import DraftReplyHandler
from application.use_cases.knowledge.find_similar_tickets import FindSimilarTicketsHandler
from application.use_cases.knowledge.index_tickets import VectorTicketIndexer
from application.use_cases.knowledge.ingest_documents import (
    DocumentInput,
    IngestDocuments,
    IngestDocumentsHandler,
)
from application.use_cases.knowledge.search_knowledge import (
    SearchKnowledge,
    SearchKnowledgeHandler,
)
from application.use_cases.open_ticket import OpenTicket, OpenTicketHandler
from domain.access import AccessDenied, Actor
from domain.drafting.review import DraftNotPending, DraftStatus
from domain.errors import InvalidValue
from domain.tickets import Reply, TicketChanges
from domain.tickets.activity import ActivityAction
from domain.users import Role
from tests.ai.test_triage import FixedModel
from tests.builders import a_ticket, a_user
from tests.fakes import TickingClock

RESET_ARTICLE = (
    "# Reset your password\n\n"
    "1. Open Settings and choose Security.\n"
    "2. Click Reset password and follow the e-mail link.\n"
)


def _context(attempt: int = 1, max_attempts: int = 3, key: str = "k") -> JobContext:
    return JobContext(kind=TRIAGE_JOB, key=key, attempt=attempt, max_attempts=max_attempts)


@dataclass
class Pipeline:
    uow: MemoryUnitOfWorkFactory
    kb: KnowledgeBase
    clock: TickingClock
    job: TriageAndDraftTicket
    suggest: SuggestForTicket
    state: GetAiState
    accept: AcceptDraftHandler
    reject: RejectDraftHandler
    agent: Actor
    customer: Actor

    async def ticket(self, **fields):
        async with self.uow() as uow:
            ticket = a_ticket(self.customer.user_id, now=self.clock.now(), **fields)
            await uow.tickets.add(ticket)
            await uow.commit()
        return ticket

    async def run(self, ticket, attempt: int = 1, max_attempts: int = 3) -> None:
        key = triage_job_key(ticket.id, ticket.version)
        await self.job({"ticket_id": ticket.id, "version": ticket.version},
                       _context(attempt, max_attempts, key))  # fmt: skip

    async def activity(self, ticket_id: int) -> list[ActivityAction]:
        async with self.uow(read_only=True) as uow:
            return [a.action for a in await uow.activity.list_for_ticket(ticket_id)]


async def build(
    *,
    llm=None,
    models: TriageModels | None = None,
    search=None,
    auto_apply: AutoApplyPolicy | None = None,
    uow=None,
    retrieval: RetrievalPolicy | None = None,
) -> Pipeline:
    """The pipeline on memory adapters (or on `uow`'s storage), with a customer (Ada) and
    an agent (Grace)."""
    uow = uow or MemoryUnitOfWorkFactory()
    clock = TickingClock()
    kb = KnowledgeBase(
        uow=uow,
        embedder=HashingEmbedder(),
        vectors=MemoryVectorIndex(),
        lexical=Bm25Index(),
        clock=clock,
    )
    drafter = DraftReplyHandler(ExtractiveDrafter(), LlmDrafter(llm) if llm else None)
    writer = FirstResponseWriter(
        uow,
        FixedTriageModelSource(models),
        TriageSuggester(),
        search or SearchKnowledgeHandler(kb),
        FindSimilarTicketsHandler(kb),
        drafter,
        retrieval,
    )
    customer, agent = a_user(name="Ada"), a_user(name="Grace")
    agent.role = Role.AGENT
    async with uow() as u:
        await u.users.add(customer)
        await u.users.add(agent)
        await u.commit()
    return Pipeline(
        uow=uow,
        kb=kb,
        clock=clock,
        job=TriageAndDraftTicket(uow, writer, clock, auto_apply),
        suggest=SuggestForTicket(uow, writer, clock),
        state=GetAiState(uow),
        accept=AcceptDraftHandler(uow, clock),
        reject=RejectDraftHandler(uow, clock),
        agent=Actor(agent.id, Role.AGENT),
        customer=Actor(customer.id, Role.CUSTOMER),
    )


async def with_knowledge(pipeline: Pipeline) -> None:
    """The reset article in the KB and a solved ticket the agent answered."""
    await IngestDocumentsHandler(pipeline.kb)(
        IngestDocuments([DocumentInput(RESET_ARTICLE, id="reset", title="Reset your password")])
    )
    solved = await pipeline.ticket(title="Password reset", content="I forgot my password")
    async with pipeline.uow() as uow:
        ticket = await uow.tickets.get(solved.id)
        reply = ticket.reply(
            author_id=pipeline.agent.user_id,
            content="We sent you a new reset link; it works for 24 hours.",
            internal=False,
            now=pipeline.clock.now(),
            from_staff=True,
        )
        await uow.replies.add(reply)
        await uow.replies.add(
            Reply(solved.id, pipeline.agent.user_id, "internal: VIP", True, pipeline.clock.now())
        )
        ticket.apply(TicketChanges(status="resolved"), pipeline.clock.now())
        await uow.tickets.update(ticket, expected_version=solved.version)
        await uow.commit()
    await VectorTicketIndexer(pipeline.kb).index([ticket])


async def test_a_new_ticket_gets_a_triage_and_a_cited_pending_draft() -> None:
    p = await build()
    await with_knowledge(p)
    ticket = await p.ticket(
        title="URGENT: cannot log in", content="I forgot my password and cannot log in."
    )
    await p.run(ticket)
    state = await p.state(ticket.id, p.agent)
    assert state.triage is not None and state.triage.ticket_version == ticket.version
    assert state.triage.category is None and state.triage.abstained  # no category model yet
    assert state.triage.priority.source == "rules" and "log in" in state.triage.priority.reason
    assert [t.value for t in state.triage.tags] == ["login"]
    (draft,) = state.drafts
    assert (draft.status, draft.model, draft.attempts) == (DraftStatus.PENDING, "extractive", 1)
    assert draft.text.startswith("Hello Ada") and "[1]" in draft.text
    kb_cite = next(c for c in draft.citations if c.document_id == "reset")
    assert kb_cite.chunk_id and kb_cite.title == "Reset your password" and kb_cite.ticket_id is None
    assert "Settings" in kb_cite.snippet or "Reset" in kb_cite.snippet
    assert draft.prompt_tokens is None and draft.fallback_reason is None
    assert await p.activity(ticket.id) == [ActivityAction.AI_TRIAGED, ActivityAction.AI_DRAFTED]


async def test_similar_solved_tickets_lend_their_agent_answers_not_notes() -> None:
    llm = ScriptedLanguageModel(lambda messages: "Use the new link we sent [2].")
    p = await build(llm=llm)
    await with_knowledge(p)
    ticket = await p.ticket(title="Password reset", content="I forgot my password again")
    await p.run(ticket)
    prompt = "\n".join(m.content for m in llm.calls[0].messages)
    assert "We sent you a new reset link" in prompt and "internal: VIP" not in prompt
    (draft,) = (await p.state(ticket.id, p.agent)).drafts
    (cited,) = draft.citations
    assert cited.marker == 2 and cited.ticket_id is not None and cited.document_id is None
    assert draft.model == "fake/scripted" and draft.prompt_tokens and draft.completion_tokens


@pytest.mark.parametrize(("floor", "lent"), [(0.0, True), (0.99, False)])
async def test_a_solved_ticket_lends_its_answer_only_when_similar_enough(floor, lent) -> None:
    llm = ScriptedLanguageModel(lambda messages: "Use the new link we sent.")
    p = await build(llm=llm, retrieval=RetrievalPolicy(similar_ticket_min_score=floor))
    await with_knowledge(p)
    ticket = await p.ticket(title="Password reset", content="I forgot my password again")
    similar = await FindSimilarTicketsHandler(p.kb)(ticket.id, 2)
    assert similar and max(s.score for s in similar) < 0.99  # the floor is what decides
    await p.run(ticket)
    prompt = "\n".join(m.content for m in llm.calls[0].messages)
    assert ("We sent you a new reset link" in prompt) is lent


SHIPPING_ARTICLE = (
    "# Shipping times\n\n"
    "Standard delivery takes 3 to 5 business days; express delivery 1 to 2. "
    "Orders placed before noon leave the warehouse the same day.\n"
)
# Floors on the hashing embedder's scale (the one these tests use).
PASSAGE_FLOOR = 0.3
TICKET_FLOOR = 0.5


async def offered_passages(p: Pipeline, ticket) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The knowledge-base documents a draft of `ticket` is offered, with their similarity."""
    matches = await SearchKnowledgeHandler(p.kb)(
        SearchKnowledge(query=f"{ticket.title}\n{ticket.content}", limit=3)
    )
    return {m.chunk.document_id: m.similarity for m in matches}


@pytest.mark.parametrize(("floor", "shipping_quoted"), [(0.0, True), (PASSAGE_FLOOR, False)])
async def test_a_kb_passage_is_quoted_only_when_similar_enough_to_the_ticket(
    floor, shipping_quoted
) -> None:
    p = await build(retrieval=RetrievalPolicy(kb_passage_min_score=floor, similar_tickets=0))
    await IngestDocumentsHandler(p.kb)(
        IngestDocuments(
            [
                DocumentInput(RESET_ARTICLE, id="reset", title="Reset your password"),
                DocumentInput(SHIPPING_ARTICLE, id="shipping", title="Shipping times"),
            ]
        )
    )
    ticket = await p.ticket(title="Password reset", content="I forgot my password again")
    offered = await offered_passages(p, ticket)
    assert offered["reset"] >= PASSAGE_FLOOR > offered["shipping"]  # the floor is what decides
    await p.run(ticket)
    (draft,) = (await p.state(ticket.id, p.agent)).drafts
    cited = {c.document_id for c in draft.citations}
    assert "reset" in cited and "Settings" in draft.text
    assert ("shipping" in cited) is shipping_quoted
    assert ("business days" in draft.text) is shipping_quoted
    response = await p.suggest(ticket.id, p.agent)
    assert ("shipping" in {x.document_id for x in response.passages}) is shipping_quoted


async def test_with_nothing_relevant_the_extractive_draft_acknowledges_and_cites_nothing() -> None:
    p = await build(
        retrieval=RetrievalPolicy(
            kb_passage_min_score=PASSAGE_FLOOR, similar_ticket_min_score=TICKET_FLOOR
        )
    )
    await with_knowledge(p)
    ticket = await p.ticket(title="Printer broken", content="My printer shows error 42")
    offered = await offered_passages(p, ticket)
    similar = await FindSimilarTicketsHandler(p.kb)(ticket.id, 2)
    assert offered and max(offered.values()) < PASSAGE_FLOOR  # offered, all too weak
    assert similar and max(s.score for s in similar) < TICKET_FLOOR
    await p.run(ticket)
    (draft,) = (await p.state(ticket.id, p.agent)).drafts
    assert (draft.status, draft.model, draft.citations) == (DraftStatus.PENDING, "extractive", ())
    assert draft.text == (
        "Hello Ada,\n\nThank you for contacting us. We have received your request and a "
        "member of our team will get back to you shortly.\n\nKind regards,\nThe support team"
    )


async def test_with_nothing_relevant_the_language_model_is_told_so_and_cannot_cite() -> None:
    llm = ScriptedLanguageModel(
        lambda messages: "Hello Ada, a colleague will look into it [1]. Restart the printer [2]."
    )
    p = await build(
        llm=llm,
        retrieval=RetrievalPolicy(
            kb_passage_min_score=PASSAGE_FLOOR, similar_ticket_min_score=TICKET_FLOOR
        ),
    )
    await with_knowledge(p)
    ticket = await p.ticket(title="Printer broken", content="My printer shows error 42")
    await p.run(ticket)
    system, user = llm.calls[0].messages
    assert "Reference passages:\n\n(no passages were found)" in user.content
    assert "Settings" not in user.content and "reset link" not in user.content
    assert "If the passages do not answer the request" in system.content
    (draft,) = (await p.state(ticket.id, p.agent)).drafts
    assert draft.citations == () and "[" not in draft.text  # invented citations are dropped
    assert draft.text == "Hello Ada, a colleague will look into it. Restart the printer."


async def test_the_job_is_idempotent_per_ticket_version() -> None:
    p = await build()
    ticket = await p.ticket()
    await p.run(ticket)
    await p.run(ticket)
    state = await p.state(ticket.id, p.agent)
    assert len(state.drafts) == 1
    assert await p.activity(ticket.id) == [ActivityAction.AI_TRIAGED, ActivityAction.AI_DRAFTED]


async def test_a_ticket_deleted_before_its_job_is_left_alone() -> None:
    p = await build()
    ticket = await p.ticket()
    async with p.uow() as uow:
        await uow.tickets.delete(ticket.id)
        await uow.commit()
    await p.run(ticket)  # no error, nothing stored
    async with p.uow(read_only=True) as uow:
        assert await uow.ai.list_drafts(ticket.id) == []


async def test_a_language_model_failure_is_retried_then_falls_back_on_the_last_attempt() -> None:
    llm = ScriptedLanguageModel(LanguageModelTimeout("openai/x", 30))
    p = await build(llm=llm)
    ticket = await p.ticket()
    for attempt in (1, 2):
        with pytest.raises(LanguageModelTimeout):
            await p.run(ticket, attempt=attempt)
        assert (await p.state(ticket.id, p.agent)).drafts == []
    await p.run(ticket, attempt=3)
    (draft,) = (await p.state(ticket.id, p.agent)).drafts
    assert (draft.status, draft.model, draft.attempts) == (DraftStatus.PENDING, "extractive", 3)
    assert draft.fallback_reason == "the language model openai/x did not answer within 30 s"
    assert len(llm.calls) == 3


async def test_any_other_failure_on_the_last_attempt_leaves_a_failed_draft() -> None:
    async def broken_search(command):
        raise KnowledgeUnavailable("the vector store is not reachable")

    p = await build(search=broken_search)
    ticket = await p.ticket(title="Site down", content="Our website is down")
    with pytest.raises(KnowledgeUnavailable):
        await p.run(ticket, attempt=1, max_attempts=2)
    assert (await p.state(ticket.id, p.agent)).drafts == []
    with pytest.raises(KnowledgeUnavailable):
        await p.run(ticket, attempt=2, max_attempts=2)
    state = await p.state(ticket.id, p.agent)
    (draft,) = state.drafts
    assert (draft.status, draft.attempts, draft.text) == (DraftStatus.FAILED, 2, "")
    assert draft.failure_reason == "KnowledgeUnavailable: the vector store is not reachable"
    assert state.triage is not None and state.triage.priority.value == "urgent"
    assert await p.activity(ticket.id) == [
        ActivityAction.AI_TRIAGED,
        ActivityAction.AI_DRAFT_FAILED,
    ]


async def test_a_job_failing_on_its_last_attempt_is_never_seen_done() -> None:
    """The failed draft and the job's failure are one commit: a console polling the job
    between the handler and the queue's own record sees `failed`, never `done`."""

    async def broken_search(command):
        raise KnowledgeUnavailable("the vector store is not reachable")

    p = await build(search=broken_search)
    ticket = await p.ticket()
    key = triage_job_key(ticket.id, ticket.version)
    async with p.uow() as uow:
        await uow.jobs.admit(JobRecord.admitted(TRIAGE_JOB, key, {}, p.clock.now()))
        await uow.commit()
    with pytest.raises(KnowledgeUnavailable):
        await p.run(ticket, attempt=1, max_attempts=1)
    async with p.uow(read_only=True) as uow:
        job = await uow.jobs.get(key)
    assert job.status is JobStatus.FAILED
    assert job.error == "KnowledgeUnavailable: the vector store is not reachable"


async def test_suggesting_on_demand_records_a_new_draft_in_the_agents_name() -> None:
    p = await build()
    await with_knowledge(p)
    ticket = await p.ticket(title="Password", content="How do I reset my password?")
    await p.run(ticket)
    response = await p.suggest(ticket.id, p.agent)
    assert response.draft.id is not None and response.draft.status is DraftStatus.PENDING
    assert any(passage.document_id == "reset" for passage in response.passages)
    state = await p.state(ticket.id, p.agent)
    assert state.drafts[0].id == response.draft.id and len(state.drafts) == 2
    assert state.triage.id == response.triage.id
    async with p.uow(read_only=True) as uow:
        entries = await uow.activity.list_for_ticket(ticket.id)
    assert [e.actor_id for e in entries[-2:]] == [p.agent.user_id, p.agent.user_id]


async def test_customers_see_and_do_nothing_of_the_ai() -> None:
    p = await build()
    ticket = await p.ticket()
    with pytest.raises(AccessDenied):
        await p.suggest(ticket.id, p.customer)
    with pytest.raises(AccessDenied):
        await p.state(ticket.id, p.customer)
    with pytest.raises(AccessDenied):
        await p.accept(AcceptDraft(ticket.id, 1), p.customer)
    with pytest.raises(AccessDenied):
        await p.reject(RejectDraft(ticket.id, 1, "no"), p.customer)
    with pytest.raises(NotFound):
        await p.suggest(ticket.id + 99, p.agent)


async def _drafted(p: Pipeline):
    ticket = await p.ticket()
    await p.run(ticket)
    (draft,) = (await p.state(ticket.id, p.agent)).drafts
    return ticket, draft


async def test_accepting_sends_the_draft_as_the_agents_ai_assisted_reply() -> None:
    p = await build()
    ticket, draft = await _drafted(p)
    decided, reply = await p.accept(AcceptDraft(ticket.id, draft.id), p.agent)
    assert (decided.status, decided.changed_share, decided.reply_id) == (
        DraftStatus.ACCEPTED,
        0.0,
        reply.id,
    )
    assert (reply.content, reply.author_id, reply.ai_assisted, reply.internal) == (
        draft.text,
        p.agent.user_id,
        True,
        False,
    )
    async with p.uow(read_only=True) as uow:
        stored = await uow.tickets.get(ticket.id)
        assert stored.sla.first_responded_at == reply.created_at  # the first response
        details = (await uow.activity.list_for_ticket(ticket.id))[-1].details
    assert await p.activity(ticket.id) == [
        ActivityAction.AI_TRIAGED,
        ActivityAction.AI_DRAFTED,
        ActivityAction.REPLIED,
        ActivityAction.AI_DRAFT_ACCEPTED,
    ]
    assert details == {
        "draft_id": draft.id,
        "reply_id": reply.id,
        "status": "accepted",
        "changed_share": 0.0,
    }
    with pytest.raises(DraftNotPending):
        await p.accept(AcceptDraft(ticket.id, draft.id), p.agent)
    with pytest.raises(DraftNotPending):
        await p.reject(RejectDraft(ticket.id, draft.id, "too late"), p.agent)


async def test_an_edited_draft_can_go_out_as_an_internal_note() -> None:
    p = await build()
    ticket, draft = await _drafted(p)
    decided, reply = await p.accept(
        AcceptDraft(ticket.id, draft.id, text="Escalated internally.", public=False), p.agent
    )
    assert decided.status is DraftStatus.EDITED and decided.changed_share == 1.0
    assert reply.internal and reply.content == "Escalated internally." and reply.ai_assisted
    async with p.uow(read_only=True) as uow:
        assert (await uow.tickets.get(ticket.id)).sla.first_responded_at is None


async def test_rejecting_keeps_the_reason_and_sends_nothing() -> None:
    p = await build()
    ticket, draft = await _drafted(p)
    with pytest.raises(InvalidValue):
        await p.reject(RejectDraft(ticket.id, draft.id, "  "), p.agent)
    rejected = await p.reject(RejectDraft(ticket.id, draft.id, "Wrong product"), p.agent)
    assert (rejected.status, rejected.reject_reason, rejected.decided_by) == (
        DraftStatus.REJECTED,
        "Wrong product",
        p.agent.user_id,
    )
    async with p.uow(read_only=True) as uow:
        assert await uow.replies.list_for_ticket(ticket.id) == []
    assert (await p.activity(ticket.id))[-1] is ActivityAction.AI_DRAFT_REJECTED


async def test_a_draft_is_only_reachable_through_its_own_ticket() -> None:
    p = await build()
    _, draft = await _drafted(p)
    other = await p.ticket()
    with pytest.raises(NotFound, match="draft"):
        await p.accept(AcceptDraft(other.id, draft.id), p.agent)
    with pytest.raises(NotFound, match="draft"):
        await p.reject(RejectDraft(other.id, draft.id + 50, "no"), p.agent)


CONFIDENT = TriageModels(
    category=FixedModel("billing", confidence=0.95),
    tags=FixedModel("invoice", ranked=(("invoice", 0.93), ("refund", 0.6))),
)


async def test_auto_apply_sets_confident_category_and_tags_and_logs_it() -> None:
    p = await build(models=CONFIDENT, auto_apply=AutoApplyPolicy(True, 0.9))
    ticket = await p.ticket(title="Invoice", content="Wrong amount", tags=["vip"])
    await p.run(ticket)
    async with p.uow(read_only=True) as uow:
        stored = await uow.tickets.get(ticket.id)
        entries = await uow.activity.list_for_ticket(ticket.id)
    assert stored.category == "billing" and list(stored.tags) == ["vip", "invoice"]
    assert stored.priority.value == "medium"  # priority is never applied
    assert [e.action for e in entries][-2:] == [ActivityAction.UPDATED, ActivityAction.AI_APPLIED]
    assert entries[-2].actor_id is None
    assert entries[-1].details == {"category": "billing", "tags": ["invoice"], "threshold": 0.9}


@pytest.mark.parametrize(
    ("policy", "fields"),
    [
        (AutoApplyPolicy(False, 0.9), {}),  # off by default
        (AutoApplyPolicy(True, 0.99), {}),  # not confident enough
        (AutoApplyPolicy(True, 0.9), {"category": "sales", "tags": ["invoice"]}),  # people's
    ],
)
async def test_auto_apply_leaves_the_ticket_alone_otherwise(policy, fields) -> None:
    p = await build(models=CONFIDENT, auto_apply=policy)
    ticket = await p.ticket(**fields)
    await p.run(ticket)
    async with p.uow(read_only=True) as uow:
        stored = await uow.tickets.get(ticket.id)
    assert stored.version == ticket.version and stored.category == fields.get("category")


class _Queue:
    def __init__(self, behaviour: str = "ok") -> None:
        self.behaviour = behaviour
        self.calls: list[tuple[str, dict, str]] = []

    async def send_owed(self, kind, payload, *, key):
        self.calls.append((kind, dict(payload), key))
        if self.behaviour == "broken":
            raise ConnectionError("redis is down")
        if self.behaviour == "slow":
            await asyncio.sleep(30)
        return True


@pytest.mark.parametrize("behaviour", ["ok", "broken", "slow"])
async def test_opening_a_ticket_queues_its_triage_and_never_fails_because_of_it(
    behaviour, caplog
) -> None:
    p = await build()
    queue = _Queue(behaviour)
    open_ticket = OpenTicketHandler(
        p.uow, p.clock, TriageNewTickets(queue, enabled=True, timeout_s=0.2)
    )
    ticket = await asyncio.wait_for(
        open_ticket(OpenTicket(title="Help", content="Please"), p.customer), timeout=5
    )
    assert ticket.id is not None
    assert queue.calls == [
        (TRIAGE_JOB, {"ticket_id": ticket.id, "version": 1}, f"triage:{ticket.id}:v1")
    ]
    async with p.uow(read_only=True) as uow:
        assert await uow.tickets.get(ticket.id) is not None
        job = await uow.jobs.get(f"triage:{ticket.id}:v1")
    assert (job.kind, job.status.value, job.attempts) == (TRIAGE_JOB, "queued", 0)
    assert job.payload == {"ticket_id": ticket.id, "version": 1}
    if behaviour != "ok":
        assert f"could not queue the AI triage of ticket {ticket.id}" in caplog.text


async def test_triage_on_creation_can_be_turned_off() -> None:
    p = await build()
    queue = _Queue()
    open_ticket = OpenTicketHandler(p.uow, p.clock, TriageNewTickets(queue, enabled=False))
    ticket = await open_ticket(OpenTicket(title="Help", content="Please"), p.customer)
    assert queue.calls == []
    async with p.uow(read_only=True) as uow:
        assert await uow.jobs.latest_for_ticket(ticket.id) is None
