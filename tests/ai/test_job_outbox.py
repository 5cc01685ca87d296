"""The transactional outbox of ticket opening (application/jobs/outbox.py).

A ticket is committed together with the triage-and-draft job it is owed, so a
process that dies between the commit and the hand-over to the queue (or a queue
that is down) loses nothing: the queues' recovery runs the recorded job, once.
Run on every storage backend (`uow_factory`: memory, SQLite, PostgreSQL, MariaDB).
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from adapters.jobs.in_process import InProcessJobQueue
from adapters.jobs.saq_queue import SaqJobQueue
from application.jobs.runner import JobRunner
from application.jobs.state import JobStatus
from application.ports.job_queue import JobContext, JobPayload
from application.use_cases.ai.triage_and_draft import TRIAGE_JOB, triage_job_key
from application.use_cases.ai.triage_new_tickets import TriageNewTickets
from application.use_cases.open_ticket import OpenTicket, OpenTicketHandler
from tests.ai.test_job_queues import REDIS_URL, _redis_or_skip, _until
from tests.ai.test_pipeline_use_cases import Pipeline, build

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


class Crash(BaseException):
    """The process dying (kill -9) right after the ticket's commit."""


class CrashingQueue:
    async def send_owed(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        raise Crash


class BrokenQueue:
    async def send_owed(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        raise ConnectionError("the queue is down")


class CountingHandler:
    """The real triage-and-draft handler, counting its runs."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline
        self.runs: list[JobContext] = []

    async def __call__(self, payload: JobPayload, context: JobContext) -> None:
        self.runs.append(context)
        await self._pipeline.job(payload, context)


def _runner(p: Pipeline, handler: CountingHandler) -> JobRunner:
    return JobRunner({TRIAGE_JOB: handler}, p.uow, p.clock, retry_delay_s=0.05)


async def _open(p: Pipeline, queue, **options) -> int:
    open_ticket = OpenTicketHandler(p.uow, p.clock, TriageNewTickets(queue, **options))
    ticket = await open_ticket(OpenTicket(title="Site down", content="It is down"), p.customer)
    assert ticket.id is not None
    return ticket.id


async def _job_and_drafts(p: Pipeline, ticket_id: int) -> tuple:
    async with p.uow(read_only=True) as uow:
        job = await uow.jobs.get(triage_job_key(ticket_id, 1))
        drafts = await uow.ai.list_drafts(ticket_id)
    return job, drafts


async def _run_in_process(p: Pipeline, handler: CountingHandler, before_start=None) -> None:
    """A fresh process's in-process queue: started (re-running unfinished jobs), drained."""
    queue = InProcessJobQueue(_runner(p, handler))
    if before_start is not None:
        await before_start(queue)
    await queue.start()
    try:
        await asyncio.wait_for(queue.drain(), 30)
    finally:
        await queue.stop()


@pytest.mark.parametrize("failure", ["crash", "broken queue"])
async def test_the_owed_job_survives_a_lost_hand_over_and_runs_once_at_restart(
    uow_factory, failure: str
) -> None:
    p = await build(uow=uow_factory)
    handler = CountingHandler(p)
    if failure == "crash":
        with pytest.raises(Crash):
            await _open(p, CrashingQueue())
        async with p.uow(read_only=True) as uow:
            (job,) = await uow.jobs.unfinished()
        ticket_id = job.ticket_id
    else:
        ticket_id = await _open(p, BrokenQueue(), timeout_s=1.0)
    job, drafts = await _job_and_drafts(p, ticket_id)
    assert (job.kind, job.status, job.attempts, drafts) == (TRIAGE_JOB, JobStatus.QUEUED, 0, [])
    assert job.payload == {"ticket_id": ticket_id, "version": 1}

    await _run_in_process(p, handler)  # the next start re-runs what is unfinished
    await _run_in_process(p, handler)  # and a later one has nothing left to do
    job, drafts = await _job_and_drafts(p, ticket_id)
    assert [c.attempt for c in handler.runs] == [1]
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert [d.status.value for d in drafts] == ["pending"]


async def test_the_owed_job_is_delivered_once_when_all_goes_well(uow_factory) -> None:
    """Handed over before the queue started (as in an API process starting up): the
    start-up re-run of unfinished jobs does not run it a second time."""
    p = await build(uow=uow_factory)
    handler = CountingHandler(p)
    opened: list[int] = []

    async def open_then_start(queue: InProcessJobQueue) -> None:
        opened.append(await _open(p, queue))

    await _run_in_process(p, handler, before_start=open_then_start)
    (ticket_id,) = opened
    job, drafts = await _job_and_drafts(p, ticket_id)
    assert [c.attempt for c in handler.runs] == [1] and len(drafts) == 1
    assert job.status is JobStatus.DONE
    again = InProcessJobQueue(_runner(p, handler))
    key = triage_job_key(ticket_id, 1)
    payload = {"ticket_id": ticket_id, "version": 1}
    assert await again.send_owed(TRIAGE_JOB, payload, key=key) is False  # no longer owed
    assert await again.enqueue(TRIAGE_JOB, payload, key=key) is False  # idempotent by key


async def test_a_running_queue_runs_the_owed_job_straight_away() -> None:
    p = await build()
    handler = CountingHandler(p)
    queue = InProcessJobQueue(_runner(p, handler))
    await queue.start()
    try:
        ticket_id = await _open(p, queue)
        await asyncio.wait_for(queue.drain(), 30)
    finally:
        await queue.stop()
    job, drafts = await _job_and_drafts(p, ticket_id)
    assert [c.attempt for c in handler.runs] == [1] and len(drafts) == 1
    assert job.status is JobStatus.DONE


async def test_nothing_is_owed_when_triage_on_creation_is_off(uow_factory) -> None:
    p = await build(uow=uow_factory)
    ticket_id = await _open(p, CrashingQueue(), enabled=False)
    async with p.uow(read_only=True) as uow:
        assert await uow.jobs.latest_for_ticket(ticket_id) is None


@pytest.mark.parametrize("storage", ["memory", "sqlite"])
async def test_saq_sweep_sends_the_job_redis_never_got_and_it_runs_once(
    storage: str, request: pytest.FixtureRequest
) -> None:
    _redis_or_skip()
    uow = None
    engine = None
    if storage == "sqlite":
        from adapters.sql.engine import create_engine
        from adapters.sql.unit_of_work import SqlUnitOfWorkFactory

        engine = create_engine(request.getfixturevalue("sqlite_url"), pool_size=2)
        uow = SqlUnitOfWorkFactory(engine)
    try:
        await _saq_scenario(await build(uow=uow))
    finally:
        if engine is not None:
            await engine.dispose()


async def _saq_scenario(p: Pipeline) -> None:
    handler = CountingHandler(p)
    down = SaqJobQueue(_runner(p, handler), UNREACHABLE_REDIS, name="nowhere")
    try:
        ticket_id = await _open(p, down, timeout_s=5.0)  # Redis is down: the job stays owed
    finally:
        await down.close()
    job, _ = await _job_and_drafts(p, ticket_id)
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)

    name = f"astratickets-test-{uuid.uuid4().hex[:12]}"
    queue = SaqJobQueue(_runner(p, handler), REDIS_URL, name=name, sweep_interval_s=1)
    assert await queue.resend_owed() == 1  # the test clock has moved on by an interval
    assert await queue.resend_owed() == 0  # on Redis now: SAQ refuses the key

    async def done() -> bool:
        job, _ = await _job_and_drafts(p, ticket_id)
        return job.status is JobStatus.DONE

    worker = queue.worker(concurrency=2, timers={"schedule": 1, "sweep": 60})
    task = asyncio.create_task(worker.start())
    try:
        await _until(done)
    finally:
        await worker.stop()
        await asyncio.wait_for(task, 10)
        await queue.close()
    job, drafts = await _job_and_drafts(p, ticket_id)
    assert [c.attempt for c in handler.runs] == [1] and len(drafts) == 1
    assert job.attempts == 1
