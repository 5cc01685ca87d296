"""The JobQueue on Redis through SAQ: jobs run in `astratickets worker` processes.

Rules:
- the database is the source of truth of the work owed, Redis only carries it:
  `enqueue` records the job through the runner (idempotent by key), then puts it
  on the Redis queue under the same key; when Redis cannot take it (down,
  restarting) the job stays recorded `queued` and `enqueue` still succeeds: the
  recovery sweep sends it later; `send_owed` does the same for a job its caller
  recorded in its own commit (the outbox, `application.jobs.outbox`), while that
  job is still queued and never started;
- recovery sweep, in every worker at start-up and every `sweep_interval_s`: each
  job recorded queued or running whose state has not changed for an interval is
  put on Redis again under its key. SAQ refuses a key it still holds queued,
  scheduled or active, so only what Redis lost (a restart without persistence, a
  flush) or gave up on is sent again; attempts continue from the recorded count;
- a worker runs each attempt through the same runner as the in-process queue:
  a retry is SAQ's (exponential back-off from the runner's first delay, capped
  at its maximum), up to the runner's attempt limit; a job whose last attempt
  failed ends complete in SAQ and `failed` in the recorded state;
- a running job touches its heartbeat every third of `heartbeat_s`; SAQ's stuck-job
  sweep (every `sweep_interval_s`, one worker at a time) takes a job whose
  heartbeat stopped for `heartbeat_s` (its worker was killed or its host lost) and
  runs it again as its next attempt; `job_timeout_s` bounds one attempt (a job
  caught between being dequeued and marked active is not swept: see
  `adapters/jobs/saq_redis.py`);
- a job may thus run twice, but its effects happen once: a job already done is
  never run again, and handlers commit their effects with the job's `done` mark
  (`JobStateRepository.claim_effects`).

The Redis client retries a failed command twice with a short back-off (not
redis-py's default of about seven seconds), so that a request queueing a job
while Redis is down is not held up; connections are re-made by themselves once
Redis is back. saq is imported when a queue is built, never at start-up of a
process without REDIS_URL.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from application.jobs.runner import JobRunner, RunOutcome, describe
from application.ports.job_queue import JobPayload

RUN_JOB = "astratickets.run_job"
DEFAULT_QUEUE = "astratickets"
REDIS_CONNECT_TIMEOUT_S = 2.0

log = logging.getLogger("astratickets.jobs")


class RetryLater(Exception):
    """Raised to SAQ to have it run the job again after its back-off."""


def _queue(redis_url: str, name: str) -> Any:
    from redis.asyncio import Redis
    from redis.asyncio.retry import Retry
    from redis.backoff import ExponentialWithJitterBackoff

    from adapters.jobs.saq_redis import PatientRedisQueue

    client = Redis.from_url(
        redis_url,
        retry=Retry(ExponentialWithJitterBackoff(base=0.1, cap=0.5), 2),
        socket_connect_timeout=REDIS_CONNECT_TIMEOUT_S,
    )
    return PatientRedisQueue(client, name=name)


async def _keep_alive(job: Any, every_s: float) -> None:
    """Touch the job's heartbeat until cancelled (a missed beat is only logged)."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await job.update()
        except Exception as error:
            log.warning("job %s: could not touch its heartbeat: %s", job.key, describe(error))


class SaqJobQueue:
    def __init__(
        self,
        runner: JobRunner,
        redis_url: str,
        *,
        name: str = DEFAULT_QUEUE,
        job_timeout_s: float = 900.0,
        max_delay_s: float = 300.0,
        heartbeat_s: int = 30,
        sweep_interval_s: int = 30,
    ) -> None:
        if heartbeat_s < 1 or sweep_interval_s < 1:
            raise ValueError("heartbeat_s and sweep_interval_s must be at least 1")
        self._runner = runner
        self._name = name
        self._timeout = job_timeout_s
        self._max_delay = max_delay_s
        self._heartbeat_s = heartbeat_s
        self._sweep_interval_s = sweep_interval_s
        self.queue = _queue(redis_url, name)

    async def enqueue(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        if not await self._runner.admit(kind, key, payload):
            return False
        await self._deliver(kind, key, payload)
        return True

    async def send_owed(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        if not await self._runner.owed(kind, key):
            return False
        await self._deliver(kind, key, payload)  # SAQ refuses a key it already holds
        return True

    async def _deliver(self, kind: str, key: str, payload: JobPayload) -> None:
        """Send a recorded job's first attempt; when Redis cannot take it, it stays owed."""
        try:
            await self._send(kind, key, payload, first_attempt=1)
        except Exception as error:
            log.warning(
                "job %s is owed: Redis could not take it (%s); a worker's recovery sweep "
                "will send it",
                key,
                describe(error),
            )

    async def _send(self, kind: str, key: str, payload: JobPayload, *, first_attempt: int) -> bool:
        """Put the job on Redis; False when SAQ already holds it under its key."""
        from saq import Job

        job = Job(
            function=RUN_JOB,
            kwargs={
                "kind": kind,
                "job_key": key,
                "payload": dict(payload),
                "first_attempt": first_attempt,
            },
            key=key,
            timeout=int(self._timeout),
            heartbeat=self._heartbeat_s,
            retries=max(self._runner.max_attempts - first_attempt + 1, 1),
            retry_delay=self._runner.retry_delay(1),
            retry_backoff=self._max_delay,
        )
        return await self.queue.enqueue(job) is not None

    async def resend_owed(self) -> int:
        """The recovery sweep (see the rules): how many owed jobs were sent to Redis."""
        sent = 0
        owed = await self._runner.unfinished(unchanged_for_s=self._sweep_interval_s)
        for record in owed:
            first_attempt = min(record.attempts + 1, self._runner.max_attempts)
            if await self._send(
                record.kind, record.key, record.payload, first_attempt=first_attempt
            ):
                sent += 1
        if sent:
            log.warning("recovery sweep: %d owed job(s) were missing from Redis, sent again", sent)
        return sent

    async def _recover(self) -> None:
        try:
            await self.resend_owed()
        except Exception as error:
            log.warning("recovery sweep failed, will try again: %s", describe(error))

    async def _recover_forever(self) -> None:
        while True:
            await asyncio.sleep(self._sweep_interval_s)
            await self._recover()

    def worker(self, *, concurrency: int = 4, **options: Any) -> Any:
        """A SAQ worker that runs this queue's jobs with the runner, keeps their
        heartbeats and runs both sweeps."""
        from saq import Worker

        runner = self._runner
        beat_every_s = max(self._heartbeat_s / 3, 0.5)

        async def run_job(
            ctx: dict[str, Any],
            *,
            kind: str,
            job_key: str,
            payload: dict,
            first_attempt: int = 1,
        ) -> str:
            job = ctx["job"]
            attempt = first_attempt + job.attempts - 1
            heartbeat = asyncio.create_task(_keep_alive(job, beat_every_s))
            try:
                outcome = await runner.run(kind, job_key, payload, attempt)
            finally:
                heartbeat.cancel()
            if outcome is RunOutcome.RETRY:
                raise RetryLater(f"attempt {attempt} of {job_key} failed")
            return outcome.value

        recovery: list[asyncio.Task[None]] = []

        async def start_recovery(_ctx: dict[str, Any]) -> None:
            await self._recover()
            recovery.append(asyncio.create_task(self._recover_forever(), name="job-recovery"))

        async def stop_recovery(_ctx: dict[str, Any]) -> None:
            for task in recovery:
                task.cancel()
            await asyncio.gather(*recovery, return_exceptions=True)

        timers = {"sweep": self._sweep_interval_s, **options.pop("timers", {})}
        return Worker(
            self.queue,
            [(RUN_JOB, run_job)],
            concurrency=concurrency,
            timers=timers,
            startup=start_recovery,
            shutdown=stop_recovery,
            **options,
        )

    async def close(self) -> None:
        """Disconnect; with Redis down, just drop the connections (never raises)."""
        try:
            await self.queue.disconnect()
        except Exception as error:
            log.info("closing the job queue with Redis unreachable: %s", describe(error))
            await self.queue.redis.connection_pool.disconnect()
