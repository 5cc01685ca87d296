"""Bodies of the AI pipeline routes: triage, drafts, job state, suggestions, provider
(docs/ai.md; the wire names are those of the AI API contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from application.ai.triage import Suggestion as SuggestionEntity
from application.ai.triage_record import TriageRecord
from application.jobs.state import JobRecord
from application.use_cases.ai.first_response import FirstResponse
from application.use_cases.ai.get_ai_state import AiState
from domain.drafting.inline_markdown import plain_snippet
from domain.drafting.review import REJECT_REASON_MAX_LENGTH, DraftCitation, DraftRecord
from domain.tickets.reply import REPLY_MAX_LENGTH
from entrypoints.ai_wiring import ProviderInfo
from entrypoints.http.schemas.tickets import Reply

SuggestionSource = Literal["model", "zero-shot", "rules", "llm"]
DraftStatus = Literal["pending", "accepted", "edited", "rejected", "failed"]
JobStatus = Literal["queued", "running", "done", "failed"]


class Suggestion(msgspec.Struct):
    value: str
    source: SuggestionSource
    reason: Annotated[str, msgspec.Meta(description="Why, in words an agent can check")]
    confidence: float | None
    abstained: Annotated[bool, msgspec.Meta(description="Below the threshold: needs a human")]

    @classmethod
    def of(cls, s: SuggestionEntity) -> Suggestion:
        return cls(s.value, s.source, s.reason, s.confidence, s.abstained)

    @classmethod
    def maybe(cls, s: SuggestionEntity | None) -> Suggestion | None:
        return None if s is None else cls.of(s)


class Triage(msgspec.Struct):
    id: int
    ticket_id: int
    ticket_version: int
    category: Suggestion | None
    priority: Suggestion | None
    tags: list[Suggestion]
    created_at: datetime

    @classmethod
    def of(cls, t: TriageRecord) -> Triage:
        assert t.id is not None
        return cls(
            id=t.id,
            ticket_id=t.ticket_id,
            ticket_version=t.ticket_version,
            category=Suggestion.maybe(t.category),
            priority=Suggestion.maybe(t.priority),
            tags=[Suggestion.of(s) for s in t.tags],
            created_at=t.created_at,
        )


class Citation(msgspec.Struct):
    marker: Annotated[int, msgspec.Meta(description="Cited in the text as [marker]")]
    document_id: str | None
    chunk_id: str | None
    ticket_id: Annotated[int | None, msgspec.Meta(description="A similar solved ticket")]
    title: str
    snippet: str

    @classmethod
    def of(cls, c: DraftCitation) -> Citation:
        return cls(c.marker, c.document_id, c.chunk_id, c.ticket_id, c.title, c.snippet)


class Draft(msgspec.Struct):
    id: int
    ticket_id: int
    ticket_version: int
    status: DraftStatus
    text: str
    model: Annotated[str, msgspec.Meta(description='"extractive" for the built-in drafter')]
    language: str | None
    latency_ms: float | None
    prompt_tokens: int | None
    completion_tokens: int | None
    citations: list[Citation]
    fallback_reason: Annotated[
        str | None, msgspec.Meta(description="Why the language model was not used")
    ]
    failure_reason: str | None
    attempts: int
    reject_reason: str | None
    reply_id: int | None
    changed_share: Annotated[
        float | None, msgspec.Meta(description="Share of the draft changed before sending, 0..1")
    ]
    created_at: datetime
    decided_at: datetime | None
    decided_by: int | None

    @classmethod
    def of(cls, d: DraftRecord) -> Draft:
        assert d.id is not None
        return cls(
            id=d.id,
            ticket_id=d.ticket_id,
            ticket_version=d.ticket_version,
            status=d.status.value,  # type: ignore[arg-type]
            text=d.text,
            model=d.model,
            language=d.language,
            latency_ms=d.latency_ms,
            prompt_tokens=d.prompt_tokens,
            completion_tokens=d.completion_tokens,
            citations=[Citation.of(c) for c in d.citations],
            fallback_reason=d.fallback_reason,
            failure_reason=d.failure_reason,
            attempts=d.attempts,
            reject_reason=d.reject_reason,
            reply_id=d.reply_id,
            changed_share=d.changed_share,
            created_at=d.created_at,
            decided_at=d.decided_at,
            decided_by=d.decided_by,
        )


class AiJob(msgspec.Struct):
    status: JobStatus
    attempts: int
    error: str | None
    updated_at: datetime

    @classmethod
    def of(cls, j: JobRecord) -> AiJob:
        return cls(j.status.value, j.attempts, j.error, j.updated_at)  # type: ignore[arg-type]


class TicketAi(msgspec.Struct):
    """Everything the console's AI panel shows; poll until `job` is done or failed."""

    ticket_id: int
    triage: Triage | None
    drafts: Annotated[list[Draft], msgspec.Meta(description="Newest first")]
    job: AiJob | None

    @classmethod
    def of(cls, state: AiState) -> TicketAi:
        return cls(
            ticket_id=state.ticket_id,
            triage=Triage.of(state.triage) if state.triage else None,
            drafts=[Draft.of(d) for d in state.drafts],
            job=AiJob.of(state.job) if state.job else None,
        )


class DraftList(msgspec.Struct):
    items: list[Draft]


class DraftAccept(msgspec.Struct, forbid_unknown_fields=True):
    """Send the draft as the agent's reply; `text` replaces it when edited."""

    text: (
        Annotated[
            str, msgspec.Meta(max_length=REPLY_MAX_LENGTH, description="1..20,000 characters")
        ]
        | None
    ) = None
    public: Annotated[
        bool, msgspec.Meta(description="false: send it as an internal note instead")
    ] = True


class DraftAccepted(msgspec.Struct):
    draft: Draft
    reply: Reply


class DraftReject(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[
        str,
        msgspec.Meta(
            min_length=1, max_length=REJECT_REASON_MAX_LENGTH, description="1..1000 characters"
        ),
    ]


class SuggestResponse(msgspec.Struct):
    """The original system's suggestion fields, plus the stored triage and draft."""

    ticket_id: int
    category: str | None
    confidence: float | None
    abstained: bool
    suggested_priority: str | None
    suggested_tags: list[str]
    ai_reply: str
    kb_snippets: list[str]
    citations: list[Citation]
    draft_id: int
    triage: Triage
    draft: Draft

    @classmethod
    def of(cls, ticket_id: int, response: FirstResponse) -> SuggestResponse:
        triage, draft = Triage.of(response.triage), Draft.of(response.draft)
        category, priority = response.triage.category, response.triage.priority
        return cls(
            ticket_id=ticket_id,
            category=category.value if category else None,
            confidence=category.confidence if category else None,
            abstained=response.triage.abstained,
            suggested_priority=priority.value if priority else None,
            suggested_tags=[t.value for t in response.triage.tags],
            ai_reply=draft.text,
            kb_snippets=[plain_snippet(p.content) for p in response.passages if p.source == "kb"],
            citations=draft.citations,
            draft_id=draft.id,
            triage=triage,
            draft=draft,
        )


class Provider(msgspec.Struct):
    """The language model in use, as configured on the server (never its key)."""

    model: Annotated[str, msgspec.Meta(description='"extractive" when no LLM is configured')]
    api_base: str | None
    fallback_models: list[str]
    timeout_s: float
    max_retries: int
    key_configured: bool

    @classmethod
    def of(cls, info: ProviderInfo) -> Provider:
        return cls(
            model=info.model,
            api_base=info.api_base,
            fallback_models=list(info.fallback_models),
            timeout_s=info.timeout_s,
            max_retries=info.max_retries,
            key_configured=info.key_configured,
        )
