"""Classifier, category, ticket-import and knowledge-chat API bodies (docs/api.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from application.ports.classifier_model import ClassifierMetrics
from application.use_cases.chat_with_knowledge import ChatAnswer
from application.use_cases.classifier.get_status import ClassifierStatus

Moment = Annotated[datetime, msgspec.Meta(tz=True, description="ISO 8601 with a time zone")]


class ClassifierMetricsOut(msgspec.Struct):
    """Cross-validated figures of a learned category model."""

    folds: int | None
    accuracy: float | None
    macro_f1: float | None
    expected_calibration_error: float | None
    threshold: float
    target_precision: float | None
    coverage_at_target: float | None
    precision_at_target: float | None
    train_seconds: float

    @classmethod
    def of(cls, m: ClassifierMetrics) -> ClassifierMetricsOut:
        return cls(
            folds=m.folds,
            accuracy=m.accuracy,
            macro_f1=m.macro_f1,
            expected_calibration_error=m.expected_calibration_error,
            threshold=m.threshold,
            target_precision=m.target_precision,
            coverage_at_target=m.coverage_at_target,
            precision_at_target=m.precision_at_target,
            train_seconds=m.train_seconds,
        )


class ConfusedPair(msgspec.Struct):
    actual: str
    predicted: str
    count: int


class ClassifierStatusOut(msgspec.Struct):
    status: Literal["untrained", "training", "ready", "failed"]
    method: Literal["supervised", "zero-shot"] | None
    trained_at: datetime | None
    examples: int
    categories: list[str]
    metrics: ClassifierMetricsOut | None
    confused: list[ConfusedPair]
    notes: list[str]
    error: str | None

    @classmethod
    def of(cls, s: ClassifierStatus) -> ClassifierStatusOut:
        return cls(
            status=s.status,
            method=s.method,
            trained_at=s.trained_at,
            examples=s.examples,
            categories=list(s.categories),
            metrics=ClassifierMetricsOut.of(s.metrics) if s.metrics else None,
            confused=[ConfusedPair(c.actual, c.predicted, c.count) for c in s.confused[:10]],
            notes=list(s.notes),
            error=s.error,
        )


class TrainingAccepted(msgspec.Struct):
    status: Literal["training"]


class ClassifyRequest(msgspec.Struct, forbid_unknown_fields=True):
    texts: Annotated[list[str], msgspec.Meta(description="1..256 texts")]


class ClassifyResult(msgspec.Struct):
    category: str
    confidence: float
    abstained: bool


class ClassifyResponse(msgspec.Struct):
    results: list[ClassifyResult]


class CategoryItem(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(description="1..100 characters, unique")]
    description: Annotated[str, msgspec.Meta(description="1..2000 characters")]


class Categories(msgspec.Struct, forbid_unknown_fields=True):
    items: Annotated[list[CategoryItem], msgspec.Meta(description="At most 200 categories")]


class ImportReplyIn(msgspec.Struct, forbid_unknown_fields=True):
    content: str
    author_email: Annotated[str | None, msgspec.Meta(description="Default: the requester")] = None
    internal: bool = False
    created_at: Annotated[
        Moment | None, msgspec.Meta(description="Default: the ticket's created_at")
    ] = None


class ImportTicketIn(msgspec.Struct, forbid_unknown_fields=True):
    """One historical ticket; unknown e-mails become customers without a password."""

    title: str
    content: str
    requester_email: str
    status: Annotated[
        str, msgspec.Meta(description="open, in_progress, pending, resolved or closed")
    ] = "open"
    priority: Annotated[str, msgspec.Meta(description="low, medium, high or urgent")] = "medium"
    tags: list[str] | str | None = None
    category: str | None = None
    created_at: Annotated[Moment | None, msgspec.Meta(description="Default: now")] = None
    first_response_at: Annotated[
        Moment | None,
        msgspec.Meta(description="Default: the first public reply by an agent or admin"),
    ] = None
    resolved_at: Annotated[
        Moment | None,
        msgspec.Meta(description="Resolved/closed tickets only; default: their last moment"),
    ] = None
    replies: list[ImportReplyIn] = msgspec.field(default_factory=list)


class ImportResponse(msgspec.Struct):
    imported: int
    ids: list[int]


class ChatTurn(msgspec.Struct, forbid_unknown_fields=True):
    role: Literal["user", "assistant"]
    content: str


class ChatRequest(msgspec.Struct, forbid_unknown_fields=True):
    query: Annotated[str, msgspec.Meta(description="1..2000 characters")]
    history: Annotated[
        list[ChatTurn], msgspec.Meta(description="Earlier turns, oldest first (at most 20)")
    ] = msgspec.field(default_factory=list)
    collection: Annotated[
        str | None, msgspec.Meta(description="Collection name; default `kb_main`")
    ] = None
    n_results: Annotated[int, msgspec.Meta(description="1..10 passages")] = 5


class KbSource(msgspec.Struct):
    document_id: str
    chunk_id: str
    title: str
    score: float


class ChatResponse(msgspec.Struct):
    query: str
    answer: str
    kb_sources: list[KbSource]
    kb_snippets: list[str]
    model: Annotated[str, msgspec.Meta(description='"extractive" without a language model')]

    @classmethod
    def of(cls, a: ChatAnswer) -> ChatResponse:
        return cls(
            query=a.query,
            answer=a.answer,
            kb_sources=[
                KbSource(m.chunk.document_id, m.chunk.id, m.chunk.title, m.score) for m in a.sources
            ],
            kb_snippets=list(a.snippets),
            model=a.model,
        )
