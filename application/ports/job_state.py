from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from application.jobs.state import JobRecord


class JobStateRepository(Protocol):
    """Where every queue adapter records its jobs' state (see application/jobs/state.py)."""

    async def admit(self, record: JobRecord) -> bool:
        """Record a newly queued job; False when its key is taken by a job that is
        queued, running or done. A failed job's record is replaced."""

    async def get(self, key: str) -> JobRecord | None: ...

    async def save(self, record: JobRecord) -> None:
        """Store the record's status, attempts, error and updated_at."""

    async def latest_for_ticket(self, ticket_id: int) -> JobRecord | None:
        """The ticket's most recently updated job."""

    async def unfinished(self, limit: int = 1000) -> list[JobRecord]:
        """Jobs queued or running, oldest first (for re-running after a restart)."""

    async def claim_effects(self, key: str, *, failure: str | None = None) -> bool:
        """Mark the job `done` inside the caller's unit of work, so that a handler writes
        its effects in the same commit: False when the job is already done (another run
        of it won; this run must write nothing). Two runs claiming at once are
        serialised by the database (row lock; SQLite's single writer). True when no job
        is recorded under `key` (a handler called outside any queue).

        With `failure` (a last attempt recording what went wrong) the job is marked
        `failed` with that error instead: it is never seen `done` on its way to failing."""
