"""The JobQueue adapters: in-process asyncio and SAQ on the real Redis (127.0.0.1:6379).

Both run jobs through the same JobRunner, which records their state (queued,
running, done, failed; attempts; error) where the ticket's AI panel reads it.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Callable

import pytest

from adapters.jobs.in_process import InProcessJobQueue
from adapters.jobs.saq_queue import SaqJobQueue
from adapters.memory import MemoryUnitOfWorkFactory
from application.jobs.runner import JobRunner, UnknownJobKind
from application.jobs.state import ERROR_MAX_LENGTH, JobRecord, JobStatus
from application.ports.job_queue import JobContext
from tests.fakes import TickingClock

REDIS_URL = os.environ.get("ASTRATICKETS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class Handler:
    """Fails its first `failures` runs, records every context it was called with."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.contexts: list[JobContext] = []
        self.moments: list[float] = []

    async def __call__(self, payload, context: JobContext) -> None:
        self.contexts.append(context)
        self.moments.append(time.monotonic())
        if len(self.contexts) <= self.failures:
            raise RuntimeError(f"boom {len(self.contexts)} for {payload['ticket_id']}")


def _runner(handler: Handler, uow: MemoryUnitOfWorkFactory | None = None, **options) -> JobRunner:
    values = {"max_attempts": 3, "retry_delay_s": 0.05, **options}
    return JobRunner({"work": handler}, uow or MemoryUnitOfWorkFactory(), TickingClock(), **values)


async def _record(runner_uow: MemoryUnitOfWorkFactory, key: str) -> JobRecord | None:
    async with runner_uow(read_only=True) as uow:
        return await uow.jobs.get(key)


async def _until(check: Callable[[], object], within_s: float = 20.0) -> None:
    deadline = time.monotonic() + within_s
    while not await check():  # type: ignore[misc]
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)


# --- the runner's back-off ---------------------------------------------------------------


def test_retry_delays_double_up_to_the_cap() -> None:
    runner = _runner(Handler(), retry_delay_s=2, max_delay_s=10)
    assert [runner.retry_delay(a) for a in (1, 2, 3, 4, 5)] == [2, 4, 8, 10, 10]


async def test_only_registered_kinds_are_admitted() -> None:
    with pytest.raises(UnknownJobKind, match="'nope'"):
        await InProcessJobQueue(_runner(Handler())).enqueue("nope", {}, key="x")


# --- in-process --------------------------------------------------------------------------


async def test_in_process_runs_a_job_once_per_key() -> None:
    handler, uow = Handler(), MemoryUnitOfWorkFactory()
    queue = InProcessJobQueue(_runner(handler, uow))
    await queue.start()
    try:
        assert await queue.enqueue("work", {"ticket_id": 7}, key="triage:7:v1") is True
        await asyncio.wait_for(queue.drain(), 10)
        assert await queue.enqueue("work", {"ticket_id": 7}, key="triage:7:v1") is False
        await asyncio.wait_for(queue.drain(), 10)
    finally:
        await queue.stop()
    assert [c.attempt for c in handler.contexts] == [1]
    record = await _record(uow, "triage:7:v1")
    assert (record.status, record.attempts, record.error, record.ticket_id) == (
        JobStatus.DONE,
        1,
        None,
        7,
    )


async def test_in_process_retries_with_growing_delays() -> None:
    handler, uow = Handler(failures=2), MemoryUnitOfWorkFactory()
    queue = InProcessJobQueue(_runner(handler, uow, retry_delay_s=0.1))
    await queue.start()
    try:
        await queue.enqueue("work", {"ticket_id": 1}, key="k")
        await asyncio.wait_for(queue.drain(), 10)
    finally:
        await queue.stop()
    assert [(c.attempt, c.is_last_attempt) for c in handler.contexts] == [
        (1, False),
        (2, False),
        (3, True),
    ]
    gaps = [b - a for a, b in zip(handler.moments, handler.moments[1:], strict=False)]
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2  # 0.1 s, then doubled
    record = await _record(uow, "k")
    assert (record.status, record.attempts, record.error) == (JobStatus.DONE, 3, None)


async def test_in_process_gives_up_after_the_last_attempt_and_may_be_asked_again() -> None:
    handler, uow = Handler(failures=5), MemoryUnitOfWorkFactory()
    queue = InProcessJobQueue(_runner(handler, uow, max_attempts=2))
    await queue.start()
    try:
        await queue.enqueue("work", {"ticket_id": 3}, key="k")
        await asyncio.wait_for(queue.drain(), 10)
        record = await _record(uow, "k")
        assert (record.status, record.attempts) == (JobStatus.FAILED, 2)
        assert record.error == "RuntimeError: boom 2 for 3"
        assert await queue.enqueue("work", {"ticket_id": 3}, key="k") is True
        await asyncio.wait_for(queue.drain(), 10)
    finally:
        await queue.stop()
    assert len(handler.contexts) == 4


async def test_in_process_jobs_survive_a_restart() -> None:
    """A job queued by a process that stopped, and one it was running, run at the next start;
    a running job continues with its next attempt."""
    handler, uow = Handler(), MemoryUnitOfWorkFactory()
    before = InProcessJobQueue(_runner(handler, uow))
    assert await before.enqueue("work", {"ticket_id": 1}, key="queued")  # never started
    async with uow() as u:
        crashed = JobRecord.admitted("work", "running", {"ticket_id": 2}, TickingClock().now())
        crashed.started(1, TickingClock().now())
        await u.jobs.admit(crashed)
        await u.commit()
    after = InProcessJobQueue(_runner(handler, uow))
    await after.start()
    try:
        await asyncio.wait_for(after.drain(), 10)
    finally:
        await after.stop()
    assert sorted((c.key, c.attempt) for c in handler.contexts) == [("queued", 1), ("running", 2)]
    assert (await _record(uow, "running")).status is JobStatus.DONE


async def test_in_process_stop_leaves_unfinished_work_recorded() -> None:
    started = asyncio.Event()

    async def forever(payload, context) -> None:
        started.set()
        await asyncio.sleep(60)

    uow = MemoryUnitOfWorkFactory()
    queue = InProcessJobQueue(JobRunner({"work": forever}, uow, TickingClock()))
    await queue.start()
    await queue.enqueue("work", {"ticket_id": 1}, key="slow")
    await asyncio.wait_for(started.wait(), 5)
    await asyncio.wait_for(queue.stop(), 5)
    assert (await _record(uow, "slow")).status is JobStatus.RUNNING


# --- SAQ on Redis ------------------------------------------------------------------------


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but Redis is not reachable", pytrace=False)
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")


@pytest.fixture
def saq_name() -> str:
    _redis_or_skip()
    return f"astratickets-test-{uuid.uuid4().hex[:12]}"


async def _with_worker(queue: SaqJobQueue, work: Callable[[], object]) -> None:
    worker = queue.worker(concurrency=2, timers={"schedule": 1, "sweep": 60})
    task = asyncio.create_task(worker.start())
    try:
        await work()  # type: ignore[misc]
    finally:
        await worker.stop()
        await asyncio.wait_for(task, 10)
        await queue.close()


async def test_saq_runs_a_job_in_a_worker_once_per_key(saq_name: str) -> None:
    handler, uow = Handler(), MemoryUnitOfWorkFactory()
    queue = SaqJobQueue(_runner(handler, uow), REDIS_URL, name=saq_name)

    async def work() -> None:
        assert await queue.enqueue("work", {"ticket_id": 5}, key="triage:5:v1") is True
        assert await queue.enqueue("work", {"ticket_id": 5}, key="triage:5:v1") is False

        async def done() -> bool:
            record = await _record(uow, "triage:5:v1")
            return record.status is JobStatus.DONE

        await _until(done)

    await _with_worker(queue, work)
    assert [(c.kind, c.key, c.attempt) for c in handler.contexts] == [("work", "triage:5:v1", 1)]


async def test_saq_retries_and_records_the_failure_after_the_last_attempt(saq_name: str) -> None:
    handler, uow = Handler(failures=9), MemoryUnitOfWorkFactory()
    queue = SaqJobQueue(_runner(handler, uow, max_attempts=2), REDIS_URL, name=saq_name)

    async def work() -> None:
        await queue.enqueue("work", {"ticket_id": 9}, key="k")

        async def failed() -> bool:
            return (await _record(uow, "k")).status is JobStatus.FAILED

        await _until(failed)

    await _with_worker(queue, work)
    assert [(c.attempt, c.is_last_attempt) for c in handler.contexts] == [(1, False), (2, True)]
    record = await _record(uow, "k")
    assert (record.attempts, record.error) == (2, "RuntimeError: boom 2 for 9")


async def test_saq_unreachable_redis_leaves_the_job_owed_in_the_database() -> None:
    handler, uow = Handler(), MemoryUnitOfWorkFactory()
    queue = SaqJobQueue(_runner(handler, uow), "redis://127.0.0.1:1/0", name="nowhere")
    started = time.monotonic()
    assert await queue.enqueue("work", {"ticket_id": 1}, key="k") is True
    assert time.monotonic() - started < 2.0  # short retries: a request is not held up
    assert (await _record(uow, "k")).status is JobStatus.QUEUED
    assert await queue.enqueue("work", {"ticket_id": 1}, key="k") is False
    assert handler.contexts == []
    await queue.close()


async def _forget_everything(queue: SaqJobQueue) -> None:
    """What a Redis restart without persistence does to this queue's keys."""
    redis = queue.queue.redis
    for pattern in (f"saq:{queue.queue.name}:*", f"saq:job:{queue.queue.name}:*"):
        async for name in redis.scan_iter(match=pattern):
            await redis.delete(name)


async def test_saq_recovery_sweep_sends_again_only_what_redis_lost(saq_name: str) -> None:
    handler, uow = Handler(), MemoryUnitOfWorkFactory()
    runner = _runner(handler, uow)
    queue = SaqJobQueue(runner, REDIS_URL, name=saq_name, sweep_interval_s=1)
    assert await queue.enqueue("work", {"ticket_id": 3}, key="triage:3:v1") is True
    await asyncio.sleep(1.1)  # the sweep leaves jobs admitted within the last interval alone
    assert await queue.resend_owed() == 0  # still on Redis: SAQ refuses the key
    await _forget_everything(queue)
    assert await queue.resend_owed() == 1
    assert await queue.resend_owed() == 0

    async def done() -> bool:
        return (await _record(uow, "triage:3:v1")).status is JobStatus.DONE

    await _with_worker(queue, lambda: _until(done))
    assert [c.attempt for c in handler.contexts] == [1]


async def test_effects_are_claimed_once_per_job(uow_factory) -> None:
    now = TickingClock().now()
    async with uow_factory() as uow:
        await uow.jobs.admit(JobRecord.admitted("work", "claim:1", {}, now))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.jobs.claim_effects("claim:1") is True
        await uow.rollback()  # effects not written: nothing claimed
    async with uow_factory() as uow:
        assert await uow.jobs.claim_effects("claim:1") is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.jobs.claim_effects("claim:1") is False
        assert await uow.jobs.claim_effects("not-a-job") is True
        assert (await uow.jobs.get("claim:1")).status is JobStatus.DONE


async def test_a_failure_is_claimed_as_the_jobs_end(uow_factory) -> None:
    now = TickingClock().now()
    async with uow_factory() as uow:
        await uow.jobs.admit(JobRecord.admitted("work", "claim:2", {}, now))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.jobs.claim_effects("claim:2", failure="Boom: " + "x" * 3000) is True
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        record = await uow.jobs.get("claim:2")
    assert record.status is JobStatus.FAILED
    assert record.error.startswith("Boom: ") and len(record.error) == ERROR_MAX_LENGTH
