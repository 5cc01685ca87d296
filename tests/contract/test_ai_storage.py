"""Storing triages, drafts and job state: one contract for memory, SQLite, PostgreSQL
and MariaDB (application/ports/ai_repository.py, application/ports/job_state.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from application.ai.triage import Suggestion
from application.ai.triage_record import TriageRecord
from application.jobs.state import JobRecord, JobStatus
from domain.drafting.review import DraftCitation, DraftRecord, DraftStatus
from tests.contract.helpers import add_ticket, add_users
from tests.fakes import T0

S = timedelta(seconds=1)
CATEGORY = Suggestion("billing", "model", "learned from 40 labelled tickets", 0.87)
PRIORITY = Suggestion("urgent", "rules", "the ticket says “outage”")
TAGS = (
    Suggestion("outage", "rules", "the ticket says “down”"),
    Suggestion("vpn", "model", "tickets like this were tagged 'vpn'", 0.41),
)
CITATIONS = (
    DraftCitation(
        1, "Reset your password", "Open Settings…", document_id="kb-1", chunk_id="kb-1#0"
    ),
    DraftCitation(2, "Cannot log in", "We reset it for you.", ticket_id=7),
)


async def _world(uow_factory):
    (user,) = await add_users(uow_factory)
    ticket = await add_ticket(uow_factory, user.id)
    return user, ticket


def _draft(ticket_id: int, *, version: int = 1, at=T0, **fields) -> DraftRecord:
    values = {
        "ticket_id": ticket_id,
        "ticket_version": version,
        "status": DraftStatus.PENDING,
        "text": "Hello,\n\nOpen Settings [1]. 你好 — ünïcödé.",
        "model": "openai/gpt-4o-mini",
        "created_at": at,
        "language": "en",
        "latency_ms": 812.5,
        "prompt_tokens": 311,
        "completion_tokens": 57,
        "citations": CITATIONS,
        "fallback_reason": None,
        "attempts": 2,
    }
    values.update(fields)
    return DraftRecord(**values)


def _fields(draft: DraftRecord) -> dict:
    return {k: getattr(draft, k) for k in DraftRecord.__dataclass_fields__}


async def test_a_triage_round_trips_and_the_latest_one_is_read(uow_factory) -> None:
    _, ticket = await _world(uow_factory)
    first = TriageRecord(ticket.id, 1, None, None, (), T0)
    latest = TriageRecord(ticket.id, 2, CATEGORY, PRIORITY, TAGS, T0 + S)
    async with uow_factory() as uow:
        await uow.ai.add_triage(first)
        await uow.ai.add_triage(latest)
        await uow.commit()
    assert first.id is not None and latest.id is not None and latest.id > first.id
    async with uow_factory(read_only=True) as uow:
        found = await uow.ai.latest_triage(ticket.id)
        assert await uow.ai.latest_triage(ticket.id + 1000) is None
    assert found is not None
    assert (found.id, found.ticket_version, found.created_at) == (latest.id, 2, T0 + S)
    assert (found.category, found.priority, found.tags) == (CATEGORY, PRIORITY, TAGS)
    assert found.abstained is False and first.abstained is True


async def test_a_draft_round_trips_with_every_field(uow_factory) -> None:
    _, ticket = await _world(uow_factory)
    draft = _draft(ticket.id)
    async with uow_factory() as uow:
        await uow.ai.add_draft(draft)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        found = await uow.ai.get_draft(draft.id)
        assert await uow.ai.get_draft(draft.id + 1000) is None
    assert _fields(found) == _fields(draft)


async def test_drafts_are_listed_newest_first_and_known_by_version(uow_factory) -> None:
    _, ticket = await _world(uow_factory)
    old, new = _draft(ticket.id, at=T0), _draft(ticket.id, version=2, at=T0 + S)
    failed = DraftRecord.failed(
        ticket_id=ticket.id,
        ticket_version=3,
        model="extractive",
        reason="boom",
        attempts=3,
        now=T0 + 2 * S,
    )
    async with uow_factory() as uow:
        for draft in (old, new, failed):
            await uow.ai.add_draft(draft)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        listed = await uow.ai.list_drafts(ticket.id)
        known = [await uow.ai.has_drafts(ticket.id, v) for v in (1, 2, 3, 4)]
    assert [d.id for d in listed] == [failed.id, new.id, old.id]
    assert listed[0].status is DraftStatus.FAILED and listed[0].failure_reason == "boom"
    assert listed[0].text == "" and listed[0].attempts == 3
    assert known == [True, True, True, False]


async def test_deciding_a_draft_is_compare_and_set_on_pending(uow_factory) -> None:
    user, ticket = await _world(uow_factory)
    draft = _draft(ticket.id)
    async with uow_factory() as uow:
        await uow.ai.add_draft(draft)
        await uow.commit()
    sent = draft.accept(text="Hello,\n\nOpen Settings, then Security [1].", by=user.id, now=T0 + S)
    assert sent.endswith("[1].")
    async with uow_factory() as uow:
        assert await uow.ai.decide_draft(draft) is True
        await uow.commit()
    rival = replace(draft, status=DraftStatus.REJECTED, reject_reason="late")
    async with uow_factory() as uow:
        assert await uow.ai.decide_draft(rival) is False
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        found = await uow.ai.get_draft(draft.id)
    assert found.status is DraftStatus.EDITED and found.reject_reason is None
    assert found.decided_by == user.id and found.decided_at == T0 + S
    assert found.changed_share == draft.changed_share and 0 < found.changed_share < 1


async def test_records_go_with_their_ticket(uow_factory) -> None:
    _, ticket = await _world(uow_factory)
    job = JobRecord.admitted(
        "triage_ticket", f"triage:{ticket.id}:v1", {"ticket_id": ticket.id}, T0
    )
    async with uow_factory() as uow:
        await uow.ai.add_triage(TriageRecord(ticket.id, 1, CATEGORY, None, (), T0))
        await uow.ai.add_draft(_draft(ticket.id))
        assert await uow.jobs.admit(job)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.tickets.delete(ticket.id)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert await uow.ai.latest_triage(ticket.id) is None
        assert await uow.ai.list_drafts(ticket.id) == []
        assert await uow.jobs.latest_for_ticket(ticket.id) is None


async def test_a_job_key_admits_once_until_its_job_fails(uow_factory) -> None:
    _, ticket = await _world(uow_factory)
    key = f"triage:{ticket.id}:v1"
    payload = {"ticket_id": ticket.id, "version": 1}

    async def admit(at) -> bool:
        async with uow_factory() as uow:
            admitted = await uow.jobs.admit(JobRecord.admitted("triage_ticket", key, payload, at))
            await uow.commit()
        return admitted

    async def change(step) -> JobRecord:
        async with uow_factory() as uow:
            record = await uow.jobs.get(key)
            step(record)
            await uow.jobs.save(record)
            await uow.commit()
        return record

    assert await admit(T0) is True
    assert await admit(T0 + S) is False  # queued
    await change(lambda r: r.started(1, T0 + 2 * S))
    assert await admit(T0 + 3 * S) is False  # running
    await change(lambda r: r.will_retry("TimeoutError: slow", T0 + 4 * S))
    await change(lambda r: r.started(2, T0 + 5 * S))
    await change(lambda r: r.failed("TimeoutError: slow again", T0 + 6 * S))
    async with uow_factory(read_only=True) as uow:
        failed = await uow.jobs.latest_for_ticket(ticket.id)
    assert (failed.status, failed.attempts, failed.error) == (
        JobStatus.FAILED,
        2,
        "TimeoutError: slow again",
    )
    assert failed.payload == payload and failed.ticket_id == ticket.id
    assert failed.created_at == T0 and failed.updated_at == T0 + 6 * S
    assert await admit(T0 + 7 * S) is True  # a failed job may run again, from scratch
    async with uow_factory(read_only=True) as uow:
        again = await uow.jobs.get(key)
    assert (again.status, again.attempts, again.error) == (JobStatus.QUEUED, 0, None)
    await change(lambda r: r.succeeded(T0 + 8 * S))
    assert await admit(T0 + 9 * S) is False  # done


async def test_unfinished_jobs_are_the_queued_and_running_ones_oldest_first(uow_factory) -> None:
    _, ticket = await _world(uow_factory)
    records = [
        JobRecord.admitted("triage_ticket", f"k{n}", {"ticket_id": ticket.id, "n": n}, T0 + n * S)
        for n in range(4)
    ]
    records[1].started(1, T0 + 5 * S)
    records[2].succeeded(T0 + 5 * S)
    records[3].failed("no", T0 + 5 * S)
    async with uow_factory() as uow:
        for record in reversed(records):
            assert await uow.jobs.admit(record)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        unfinished = await uow.jobs.unfinished()
        latest = await uow.jobs.latest_for_ticket(ticket.id)
        none = await uow.jobs.get("missing")
    assert [(r.key, r.status) for r in unfinished] == [
        ("k0", JobStatus.QUEUED),
        ("k1", JobStatus.RUNNING),
    ]
    assert unfinished[1].payload == {"ticket_id": ticket.id, "n": 1}
    assert latest.updated_at == T0 + 5 * S and none is None


async def test_a_job_without_a_ticket_is_recorded_too(uow_factory) -> None:
    record = JobRecord.admitted("train_triage_models", "train:1", {"reason": "labels"}, T0)
    async with uow_factory() as uow:
        assert await uow.jobs.admit(record)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        found = await uow.jobs.get("train:1")
    assert found.ticket_id is None and found.payload == {"reason": "labels"}
