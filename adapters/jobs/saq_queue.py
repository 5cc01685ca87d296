"""The JobQueue on Redis through SAQ: jobs run in `astratickets worker` processes.

Rules:
- `enqueue` records the job through the runner (idempotent by key) and puts it
  on the Redis queue under the same key; when Redis cannot take it, the record
  is marked failed (so that the job can be enqueued again) and the error raised;
- a worker runs each attempt through the same runner as the in-process queue:
  a retry is SAQ's (exponential back-off from the runner's first delay, capped
  at its maximum), up to the runner's attempt limit; a job whose last attempt
  failed ends complete in SAQ and `failed` in the recorded state.

saq is imported when a queue is built, never at start-up of a process without
REDIS_URL.
"""

from __future__ import annotations

import asyncio
from typing import Any

from application.jobs.runner import JobRunner, RunOutcome, describe
from application.ports.job_queue import JobPayload

RUN_JOB = "astratickets.run_job"
DEFAULT_QUEUE = "astratickets"


class RetryLater(Exception):
    """Raised to SAQ to have it run the job again after its back-off."""


def _queue(redis_url: str, name: str) -> Any:
    from saq import Queue

    return Queue.from_url(redis_url, name=name)


class SaqJobQueue:
    def __init__(
        self,
        runner: JobRunner,
        redis_url: str,
        *,
        name: str = DEFAULT_QUEUE,
        job_timeout_s: float = 900.0,
        max_delay_s: float = 300.0,
    ) -> None:
        self._runner = runner
        self._name = name
        self._timeout = job_timeout_s
        self._max_delay = max_delay_s
        self.queue = _queue(redis_url, name)

    async def enqueue(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        from saq import Job

        if not await self._runner.admit(kind, key, payload):
            return False
        job = Job(
            function=RUN_JOB,
            kwargs={"kind": kind, "job_key": key, "payload": dict(payload)},
            key=key,
            timeout=int(self._timeout),
            retries=self._runner.max_attempts,
            retry_delay=self._runner.retry_delay(1),
            retry_backoff=self._max_delay,
        )
        try:
            queued = await self.queue.enqueue(job)
        except (Exception, asyncio.CancelledError) as error:  # cancelled: the caller gave up
            await self._runner.abandon(key, f"the job queue refused the job: {describe(error)}")
            raise
        return queued is not None

    def worker(self, *, concurrency: int = 4, **options: Any) -> Any:
        """A SAQ worker that runs this queue's jobs with the runner."""
        from saq import Worker

        runner = self._runner

        async def run_job(ctx: dict[str, Any], *, kind: str, job_key: str, payload: dict) -> str:
            outcome = await runner.run(kind, job_key, payload, ctx["job"].attempts)
            if outcome is RunOutcome.RETRY:
                raise RetryLater(f"attempt {ctx['job'].attempts} of {job_key} failed")
            return outcome.value

        return Worker(self.queue, [(RUN_JOB, run_job)], concurrency=concurrency, **options)

    async def close(self) -> None:
        await self.queue.disconnect()
