"""Triages, drafts and job state in the tables of `adapters/sql/ai_tables.py`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql import analytics_facts
from adapters.sql.ai_tables import ai_drafts, ai_jobs, ai_triage
from application.ai.triage import Source, Suggestion
from application.ai.triage_record import TriageRecord
from application.analytics.ai import BASIS_POINTS
from application.jobs.state import ERROR_MAX_LENGTH, JobRecord, JobStatus
from domain.drafting.review import DraftCitation, DraftRecord, DraftStatus
from domain.tickets import TicketPriority


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _suggestion_json(s: Suggestion) -> dict[str, Any]:
    return {
        "value": s.value,
        "source": s.source,
        "reason": s.reason,
        "confidence": s.confidence,
        "abstained": s.abstained,
    }


def _suggestion_of(raw: Mapping[str, Any]) -> Suggestion:
    return Suggestion(
        value=str(raw["value"]),
        source=cast(Source, raw["source"]),
        reason=str(raw["reason"]),
        confidence=raw.get("confidence"),
        abstained=bool(raw.get("abstained", False)),
    )


def _triage_values(record: TriageRecord) -> dict[str, Any]:
    category, priority = record.category, record.priority
    return {
        "ticket_id": record.ticket_id,
        "ticket_version": record.ticket_version,
        "category": category.value[:100] if category else None,
        "confidence": category.confidence if category else None,
        "abstained": record.abstained,
        "category_source": category.source if category else None,
        "category_reason": category.reason if category else None,
        "priority": TicketPriority(priority.value).rank if priority else None,
        "priority_source": priority.source if priority else None,
        "priority_reason": priority.reason if priority else None,
        "priority_confidence": priority.confidence if priority else None,
        "priority_abstained": priority.abstained if priority else None,
        "tags": _json([_suggestion_json(t) for t in record.tags]),
        "created_at": record.created_at,
    }


def _triage_of(row: Mapping[str, Any]) -> TriageRecord:
    category = priority = None
    if row["category"] is not None:
        category = Suggestion(
            value=row["category"],
            source=cast(Source, row["category_source"] or "model"),
            reason=row["category_reason"] or "",
            confidence=row["confidence"],
            abstained=bool(row["abstained"]),
        )
    if row["priority"] is not None:
        priority = Suggestion(
            value=TicketPriority.from_rank(row["priority"]).value,
            source=cast(Source, row["priority_source"] or "rules"),
            reason=row["priority_reason"] or "",
            confidence=row["priority_confidence"],
            abstained=bool(row["priority_abstained"]),
        )
    tags = tuple(_suggestion_of(t) for t in json.loads(row["tags"] or "[]"))
    return TriageRecord(
        id=row["id"],
        ticket_id=row["ticket_id"],
        ticket_version=row["ticket_version"] or 0,
        category=category,
        priority=priority,
        tags=tags,
        created_at=row["created_at"],
    )


def _citations_json(citations: Sequence[DraftCitation]) -> str:
    return _json(
        [
            {
                "marker": c.marker,
                "title": c.title,
                "snippet": c.snippet,
                "document_id": c.document_id,
                "chunk_id": c.chunk_id,
                "ticket_id": c.ticket_id,
            }
            for c in citations
        ]
    )


def _draft_values(record: DraftRecord) -> dict[str, Any]:
    share = record.changed_share
    return {
        "ticket_id": record.ticket_id,
        "ticket_version": record.ticket_version,
        "status": record.status.value,
        "text": record.text,
        "model": record.model[:200],
        "language": record.language,
        "latency_ms": record.latency_ms,
        "prompt_tokens": record.prompt_tokens,
        "completion_tokens": record.completion_tokens,
        "citations": _citations_json(record.citations),
        "fallback_reason": record.fallback_reason,
        "failure_reason": record.failure_reason,
        "attempts": record.attempts,
        "reject_reason": record.reject_reason,
        "reply_id": record.reply_id,
        "changed_share_bp": None if share is None else round(share * BASIS_POINTS),
        "created_at": record.created_at,
        "decided_at": record.decided_at,
        "decided_by": record.decided_by,
    }


def _draft_of(row: Mapping[str, Any]) -> DraftRecord:
    share = row["changed_share_bp"]
    return DraftRecord(
        id=row["id"],
        ticket_id=row["ticket_id"],
        ticket_version=row["ticket_version"] or 0,
        status=DraftStatus(row["status"]),
        text=row["text"] or "",
        model=row["model"],
        language=row["language"],
        latency_ms=row["latency_ms"],
        prompt_tokens=row["prompt_tokens"],
        completion_tokens=row["completion_tokens"],
        citations=tuple(DraftCitation(**c) for c in json.loads(row["citations"] or "[]")),
        fallback_reason=row["fallback_reason"],
        failure_reason=row["failure_reason"],
        attempts=row["attempts"],
        reject_reason=row["reject_reason"],
        reply_id=row["reply_id"],
        changed_share=None if share is None else share / BASIS_POINTS,
        created_at=row["created_at"],
        decided_at=row["decided_at"],
        decided_by=row["decided_by"],
    )


class SqlAiRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add_triage(self, record: TriageRecord) -> None:
        values = _triage_values(record)
        result = await self._connection.execute(insert(ai_triage).values(values))
        record.id = result.inserted_primary_key[0]  # type: ignore[index]
        await analytics_facts.triage_added(self._connection, {**values, "id": record.id})

    async def latest_triage(self, ticket_id: int) -> TriageRecord | None:
        row = (
            (
                await self._connection.execute(
                    select(ai_triage)
                    .where(ai_triage.c.ticket_id == ticket_id)
                    .order_by(ai_triage.c.id.desc())
                    .limit(1)
                )
            )
            .mappings()
            .first()
        )
        return _triage_of(row) if row else None

    async def add_draft(self, record: DraftRecord) -> None:
        values = _draft_values(record)
        result = await self._connection.execute(insert(ai_drafts).values(values))
        record.id = result.inserted_primary_key[0]  # type: ignore[index]
        await analytics_facts.draft_added(self._connection, values)

    async def get_draft(self, draft_id: int) -> DraftRecord | None:
        row = (
            (await self._connection.execute(select(ai_drafts).where(ai_drafts.c.id == draft_id)))
            .mappings()
            .first()
        )
        return _draft_of(row) if row else None

    async def decide_draft(self, record: DraftRecord) -> bool:
        values = _draft_values(record)
        result = await self._connection.execute(
            update(ai_drafts)
            .where(ai_drafts.c.id == record.id, ai_drafts.c.status == DraftStatus.PENDING.value)
            .values(values)
        )
        if result.rowcount != 1:
            return False
        await analytics_facts.draft_decided(self._connection, values)
        return True

    async def list_drafts(self, ticket_id: int) -> list[DraftRecord]:
        rows = (
            await self._connection.execute(
                select(ai_drafts)
                .where(ai_drafts.c.ticket_id == ticket_id)
                .order_by(ai_drafts.c.created_at.desc(), ai_drafts.c.id.desc())
            )
        ).mappings()
        return [_draft_of(row) for row in rows]

    async def has_drafts(self, ticket_id: int, ticket_version: int) -> bool:
        found = await self._connection.scalar(
            select(ai_drafts.c.id)
            .where(ai_drafts.c.ticket_id == ticket_id, ai_drafts.c.ticket_version == ticket_version)
            .limit(1)
        )
        return found is not None


def _job_of(row: Mapping[str, Any]) -> JobRecord:
    return JobRecord(
        key=row["key"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        status=JobStatus(row["status"]),
        attempts=row["attempts"],
        error=row["error"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        ticket_id=row["ticket_id"],
    )


class SqlJobStateRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    def _values(self, record: JobRecord) -> dict[str, Any]:
        return {
            "key": record.key,
            "kind": record.kind,
            "ticket_id": record.ticket_id,
            "payload": _json(record.payload),
            "status": record.status.value,
            "attempts": record.attempts,
            "error": record.error,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
        }

    async def admit(self, record: JobRecord) -> bool:
        c = ai_jobs.c
        stored = await self.get(record.key)
        if stored is not None:
            if stored.blocks_readmission:
                return False
            result = await self._connection.execute(
                update(ai_jobs)
                .where(c.key == record.key, c.status == JobStatus.FAILED.value)
                .values(self._values(record))
            )
            return result.rowcount == 1
        try:
            async with self._connection.begin_nested():
                await self._connection.execute(insert(ai_jobs).values(self._values(record)))
        except IntegrityError:
            # A concurrent admission of the same key, or a ticket deleted meanwhile.
            return False
        return True

    async def get(self, key: str) -> JobRecord | None:
        row = (
            (await self._connection.execute(select(ai_jobs).where(ai_jobs.c.key == key)))
            .mappings()
            .first()
        )
        return _job_of(row) if row else None

    async def save(self, record: JobRecord) -> None:
        await self._connection.execute(
            update(ai_jobs)
            .where(ai_jobs.c.key == record.key)
            .values(
                status=record.status.value,
                attempts=record.attempts,
                error=record.error,
                updated_at=record.updated_at,
            )
        )

    async def latest_for_ticket(self, ticket_id: int) -> JobRecord | None:
        row = (
            (
                await self._connection.execute(
                    select(ai_jobs)
                    .where(ai_jobs.c.ticket_id == ticket_id)
                    .order_by(ai_jobs.c.updated_at.desc(), ai_jobs.c.created_at.desc())
                    .limit(1)
                )
            )
            .mappings()
            .first()
        )
        return _job_of(row) if row else None

    async def unfinished(self, limit: int = 1000) -> list[JobRecord]:
        waiting = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
        rows = (
            await self._connection.execute(
                select(ai_jobs)
                .where(ai_jobs.c.status.in_(waiting))
                .order_by(ai_jobs.c.created_at, ai_jobs.c.key)
                .limit(limit)
            )
        ).mappings()
        return [_job_of(row) for row in rows]

    async def claim_effects(self, key: str, *, failure: str | None = None) -> bool:
        done = JobStatus.DONE.value
        outcome: dict[str, Any] = (
            {"status": done}
            if failure is None
            else {"status": JobStatus.FAILED.value, "error": failure[:ERROR_MAX_LENGTH]}
        )
        claimed = await self._connection.execute(
            update(ai_jobs).where(ai_jobs.c.key == key, ai_jobs.c.status != done).values(**outcome)
        )
        if claimed.rowcount == 1:
            return True
        return await self.get(key) is None
