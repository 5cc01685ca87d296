"""The default JobQueue: jobs run as asyncio tasks inside the API process.

Rules:
- `enqueue` records the job through the runner (idempotent by key) and hands it
  to the workers; at most `concurrency` jobs run at once;
- `send_owed` hands over a job its caller recorded in its own commit (the outbox,
  `application.jobs.outbox`) while it is still queued and never started, once:
  a key already waiting here is not handed over again;
- a failed attempt is run again after the runner's back-off, up to its attempt
  limit;
- `start()` also re-runs the jobs a previous process left queued or running
  (their attempts continue where they stopped), so jobs survive a restart;
- `stop()` cancels what is running and waiting: those jobs stay recorded and
  run again at the next start. Jobs enqueued before `start()` wait for it.

Several API processes on one database should use SAQ on Redis (REDIS_URL):
each in-process queue re-runs unfinished jobs at start-up, and handlers are
idempotent, but the work would be done more than once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from application.jobs.runner import JobRunner, RunOutcome
from application.ports.job_queue import JobPayload

log = logging.getLogger("astratickets.jobs")


@dataclass(frozen=True, slots=True)
class _Run:
    kind: str
    key: str
    payload: JobPayload
    attempt: int


class InProcessJobQueue:
    def __init__(self, runner: JobRunner, *, concurrency: int = 2) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self._runner = runner
        self._concurrency = concurrency
        self._waiting: list[_Run] = []  # runs handed over before start()
        self._pending: set[str] = set()  # keys handed over whose first run has not begun
        self._queue: asyncio.Queue[_Run] | None = None
        self._workers: list[asyncio.Task[None]] = []
        self._timers: set[asyncio.TimerHandle] = set()
        self._outstanding = 0
        self._idle: asyncio.Event | None = None

    @property
    def running(self) -> bool:
        return bool(self._workers)

    async def enqueue(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        if not await self._runner.admit(kind, key, payload):
            return False
        self._submit(_Run(kind, key, dict(payload), 1))
        return True

    async def send_owed(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        if key in self._pending:
            return True
        if not await self._runner.owed(kind, key):
            return False
        if key not in self._pending:  # not handed over while the record was read
            self._submit(_Run(kind, key, dict(payload), 1))
        return True

    def _submit(self, run: _Run) -> None:
        self._pending.add(run.key)
        self._outstanding += 1
        if self._idle is not None:
            self._idle.clear()
        if self._queue is None:
            self._waiting.append(run)
        else:
            self._queue.put_nowait(run)

    async def start(self) -> None:
        if self._workers:
            return
        self._queue = asyncio.Queue()
        self._idle = asyncio.Event()
        for record in await self._runner.unfinished():
            if record.key not in self._pending:
                self._submit(_Run(record.kind, record.key, record.payload, record.attempts + 1))
        for run in self._waiting:
            self._queue.put_nowait(run)
        self._waiting.clear()
        if self._outstanding == 0:
            self._idle.set()
        self._workers = [
            asyncio.get_running_loop().create_task(self._work(), name=f"job-worker-{n}")
            for n in range(self._concurrency)
        ]

    async def stop(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        self._queue = None
        self._pending.clear()
        self._outstanding = 0

    async def drain(self) -> None:
        """Wait until every job enqueued so far has finished (retries included)."""
        if self._idle is None:
            raise RuntimeError("the job queue has not been started")
        await self._idle.wait()

    async def _work(self) -> None:
        assert self._queue is not None
        queue = self._queue
        while True:
            run = await queue.get()
            self._pending.discard(run.key)
            try:
                outcome = await self._runner.run(run.kind, run.key, run.payload, run.attempt)
            except Exception:  # the runner records failures itself; this is a last guard
                log.exception("job %s crashed the worker", run.key)
                outcome = RunOutcome.FAILED
            if outcome is RunOutcome.RETRY:
                self._retry_later(run)
            self._finished()

    def _retry_later(self, run: _Run) -> None:
        again = _Run(run.kind, run.key, run.payload, run.attempt + 1)
        delay = self._runner.retry_delay(run.attempt)
        self._outstanding += 1

        def fire() -> None:
            self._timers.discard(timer)
            if self._queue is not None:
                self._queue.put_nowait(again)

        timer = asyncio.get_running_loop().call_later(delay, fire)
        self._timers.add(timer)

    def _finished(self) -> None:
        self._outstanding -= 1
        if self._outstanding <= 0 and self._idle is not None:
            self._outstanding = 0
            self._idle.set()
