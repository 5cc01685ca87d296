"""Triages, drafts and job state in process memory (records of deleted tickets are skipped)."""

from __future__ import annotations

import copy

from adapters.memory.store import MemoryState
from application.ai.triage_record import TriageRecord
from application.jobs.state import ERROR_MAX_LENGTH, JobRecord, JobStatus
from domain.drafting.review import DraftRecord, DraftStatus


class MemoryAiRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def _alive(self, ticket_id: int) -> bool:
        return ticket_id in self._state.tickets

    async def add_triage(self, record: TriageRecord) -> None:
        record.id = self._state.allocate_id("ai_triage")
        self._state.ai_triage[record.id] = copy.deepcopy(record)

    async def latest_triage(self, ticket_id: int) -> TriageRecord | None:
        if not self._alive(ticket_id):
            return None
        mine = [r for r in self._state.ai_triage.values() if r.ticket_id == ticket_id]
        return copy.deepcopy(max(mine, key=lambda r: r.id or 0)) if mine else None

    async def add_draft(self, record: DraftRecord) -> None:
        record.id = self._state.allocate_id("ai_drafts")
        self._state.ai_drafts[record.id] = copy.deepcopy(record)

    async def get_draft(self, draft_id: int) -> DraftRecord | None:
        record = self._state.ai_drafts.get(draft_id)
        if record is None or not self._alive(record.ticket_id):
            return None
        return copy.deepcopy(record)

    async def decide_draft(self, record: DraftRecord) -> bool:
        assert record.id is not None
        stored = self._state.ai_drafts.get(record.id)
        if stored is None or stored.status is not DraftStatus.PENDING:
            return False
        self._state.ai_drafts[record.id] = copy.deepcopy(record)
        return True

    async def list_drafts(self, ticket_id: int) -> list[DraftRecord]:
        if not self._alive(ticket_id):
            return []
        mine = [r for r in self._state.ai_drafts.values() if r.ticket_id == ticket_id]
        mine.sort(key=lambda r: (r.created_at, r.id or 0), reverse=True)
        return [copy.deepcopy(r) for r in mine]

    async def has_drafts(self, ticket_id: int, ticket_version: int) -> bool:
        return any(
            r.ticket_id == ticket_id and r.ticket_version == ticket_version
            for r in self._state.ai_drafts.values()
        )


class MemoryJobStateRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    async def admit(self, record: JobRecord) -> bool:
        stored = self._state.ai_jobs.get(record.key)
        if stored is not None and stored.blocks_readmission:
            return False
        self._state.ai_jobs[record.key] = copy.deepcopy(record)
        return True

    async def get(self, key: str) -> JobRecord | None:
        record = self._state.ai_jobs.get(key)
        return copy.deepcopy(record) if record else None

    async def save(self, record: JobRecord) -> None:
        if record.key in self._state.ai_jobs:
            self._state.ai_jobs[record.key] = copy.deepcopy(record)

    async def latest_for_ticket(self, ticket_id: int) -> JobRecord | None:
        if ticket_id not in self._state.tickets:
            return None
        mine = [r for r in self._state.ai_jobs.values() if r.ticket_id == ticket_id]
        if not mine:
            return None
        return copy.deepcopy(max(mine, key=lambda r: (r.updated_at, r.created_at)))

    async def unfinished(self, limit: int = 1000) -> list[JobRecord]:
        waiting = (JobStatus.QUEUED, JobStatus.RUNNING)
        found = [r for r in self._state.ai_jobs.values() if r.status in waiting]
        found.sort(key=lambda r: (r.created_at, r.key))
        return [copy.deepcopy(r) for r in found[:limit]]

    async def claim_effects(self, key: str, *, failure: str | None = None) -> bool:
        record = self._state.ai_jobs.get(key)
        if record is None:
            return True
        if record.status is JobStatus.DONE:
            return False
        if failure is None:
            record.status = JobStatus.DONE
        else:
            record.status, record.error = JobStatus.FAILED, failure[:ERROR_MAX_LENGTH]
        return True
