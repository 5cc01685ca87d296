"""One attempt of one job, with its state recorded: what every queue adapter runs.

Rules:
- only registered kinds are admitted; a job is admitted once per key (see
  `application.jobs.state`), and a job already done is never run again;
- a job recorded by its caller's own commit (`application.jobs.outbox`) is not
  admitted again: `owed` tells its queue that it is still to be delivered;
- a run records `running` and the attempt, calls the kind's handler with a
  `JobContext`, and records `done`, or the error and either a retry (after
  `retry_delay(attempt)`: `retry_delay_s`, doubling per attempt, at most
  `max_delay_s`) or, after `max_attempts`, `failed`;
- recording state never fails a run: a storage error there is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum

from application.jobs.state import JobRecord, JobStatus
from application.ports.clock import Clock
from application.ports.job_queue import JobContext, JobHandler, JobPayload
from application.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger("astratickets.jobs")


class RunOutcome(StrEnum):
    DONE = "done"
    RETRY = "retry"
    FAILED = "failed"


class UnknownJobKind(ValueError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"no handler is registered for jobs of kind {kind!r}")


def describe(error: BaseException, limit: int = 500) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JobRunner:
    def __init__(
        self,
        handlers: Mapping[str, JobHandler],
        uow: UnitOfWorkFactory,
        clock: Clock,
        *,
        max_attempts: int = 3,
        retry_delay_s: float = 2.0,
        max_delay_s: float = 300.0,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._handlers = dict(handlers)
        self._uow = uow
        self._clock = clock
        self.max_attempts = max_attempts
        self._retry_delay_s = retry_delay_s
        self._max_delay_s = max_delay_s

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self._handlers)

    def retry_delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based)."""
        return min(self._retry_delay_s * 2 ** max(attempt - 1, 0), self._max_delay_s)

    async def admit(self, kind: str, key: str, payload: JobPayload) -> bool:
        """Record the job as queued; False when its key is taken (see JobStateRepository)."""
        if kind not in self._handlers:
            raise UnknownJobKind(kind)
        record = JobRecord.admitted(kind, key, payload, self._clock.now())
        async with self._uow() as uow:
            admitted = await uow.jobs.admit(record)
            await uow.commit()
        return admitted

    async def owed(self, kind: str, key: str) -> bool:
        """Whether the job is recorded queued and has never started: a job its caller
        recorded in its own commit (`application.jobs.outbox`), still to be delivered."""
        if kind not in self._handlers:
            raise UnknownJobKind(kind)
        async with self._uow(read_only=True) as uow:
            record = await uow.jobs.get(key)
        return record is not None and record.kind == kind and record.awaits_first_run

    async def unfinished(self, *, unchanged_for_s: float = 0.0) -> list[JobRecord]:
        """Jobs queued or running, oldest first; with `unchanged_for_s`, only those whose
        state has not changed for that long (not ones being admitted right now)."""
        async with self._uow(read_only=True) as uow:
            records = await uow.jobs.unfinished()
        if unchanged_for_s <= 0:
            return records
        cutoff = self._now() - timedelta(seconds=unchanged_for_s)
        return [record for record in records if record.updated_at <= cutoff]

    async def run(self, kind: str, key: str, payload: JobPayload, attempt: int) -> RunOutcome:
        handler = self._handlers.get(kind)
        if handler is None:
            log.error("job %s: %s", key, UnknownJobKind(kind))
            await self._record(key, lambda r: r.failed(str(UnknownJobKind(kind)), self._now()))
            return RunOutcome.FAILED
        if await self._already_done(key):
            return RunOutcome.DONE
        await self._record(key, lambda r: r.started(attempt, self._now()))
        context = JobContext(kind=kind, key=key, attempt=attempt, max_attempts=self.max_attempts)
        try:
            await handler(payload, context)
        except Exception as error:
            message = describe(error)
            if context.is_last_attempt:
                log.error("job %s failed after %d attempt(s): %s", key, attempt, message)
                await self._record(key, lambda r: r.failed(message, self._now()))
                return RunOutcome.FAILED
            log.warning("job %s attempt %d failed, will retry: %s", key, attempt, message)
            await self._record(key, lambda r: r.will_retry(message, self._now()))
            return RunOutcome.RETRY
        await self._record(key, lambda r: r.succeeded(self._now()))
        return RunOutcome.DONE

    def _now(self) -> datetime:
        return self._clock.now()

    async def _already_done(self, key: str) -> bool:
        try:
            async with self._uow(read_only=True) as uow:
                record = await uow.jobs.get(key)
        except Exception:
            log.exception("could not read the state of job %s", key)
            return False
        return record is not None and record.status is JobStatus.DONE

    async def _record(self, key: str, change: Callable[[JobRecord], None]) -> None:
        try:
            async with self._uow() as uow:
                record = await uow.jobs.get(key)
                if record is None:
                    return
                change(record)
                await uow.jobs.save(record)
                await uow.commit()
        except Exception:
            log.exception("could not record the state of job %s", key)
