"""The recorded state of a background job, as users and operators see it.

Rules:
- a job is recorded `queued` when it is admitted under its key; while that
  record is queued, running or done the key admits nothing else, but a
  `failed` job may be admitted again (from scratch);
- each run moves it to `running` and counts an attempt; it ends `done`,
  back to `queued` (a retry will follow, the error kept) or `failed` after
  its last attempt, with the error;
- errors are kept short (at most 2000 characters) and never carry secrets
  (the language model's errors are masked at the source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from application.ports.job_queue import JobPayload, JsonScalar

ERROR_MAX_LENGTH = 2000


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(eq=False)
class JobRecord:
    key: str
    kind: str
    payload: dict[str, JsonScalar]
    status: JobStatus
    attempts: int
    created_at: datetime
    updated_at: datetime
    error: str | None = None
    ticket_id: int | None = field(default=None)

    @classmethod
    def admitted(cls, kind: str, key: str, payload: JobPayload, now: datetime) -> JobRecord:
        ticket_id = payload.get("ticket_id")
        return cls(
            key=key,
            kind=kind,
            payload=dict(payload),
            status=JobStatus.QUEUED,
            attempts=0,
            created_at=now,
            updated_at=now,
            ticket_id=ticket_id if isinstance(ticket_id, int) else None,
        )

    @property
    def blocks_readmission(self) -> bool:
        return self.status is not JobStatus.FAILED

    @property
    def awaits_first_run(self) -> bool:
        """Queued and never started: a job `JobQueue.send_owed` may still deliver."""
        return self.status is JobStatus.QUEUED and self.attempts == 0

    def started(self, attempt: int, now: datetime) -> None:
        self.status = JobStatus.RUNNING
        self.attempts = max(self.attempts, attempt)
        self.updated_at = now

    def succeeded(self, now: datetime) -> None:
        self.status = JobStatus.DONE
        self.error = None
        self.updated_at = now

    def will_retry(self, error: str, now: datetime) -> None:
        self.status = JobStatus.QUEUED
        self.error = error[:ERROR_MAX_LENGTH]
        self.updated_at = now

    def failed(self, error: str, now: datetime) -> None:
        self.status = JobStatus.FAILED
        self.error = error[:ERROR_MAX_LENGTH]
        self.updated_at = now
