"""Training runs end to end: tickets -> job -> stored models -> every process's models.

Real classifier (scikit-learn over the hashing embedder), memory adapters; the job
queue is a recording fake of the JobQueue port.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.classification.sklearn_classifier import SklearnTicketClassifier
from adapters.knowledge.hashing_embedder import HashingEmbedder
from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.classifier_store import MemoryClassifierStore
from application.ai.retraining import LabelCountingUnitOfWorkFactory, RetrainingTrigger
from application.ai.stored_models import StoredTriageModels
from application.ports.classifier_store import CategoryDescription
from application.ports.job_queue import JobContext
from application.use_cases.classifier.get_status import GetClassifierStatusHandler
from application.use_cases.classifier.request_training import (
    TRAIN_JOB,
    TRAINING_TIMEOUT,
    RequestTrainingHandler,
    training_job_key,
)
from application.use_cases.classifier.run_training import RunTrainingJob
from application.use_cases.train_triage_models import TrainTriageModelsHandler
from application.use_cases.update_ticket import UpdateTicket, UpdateTicketHandler
from domain.access import AccessDenied, Actor
from domain.tickets import TicketChanges
from domain.tickets.activity import Activity, ActivityAction
from domain.users import Role
from tests.ai.builders import labelled
from tests.builders import a_ticket
from tests.contract.helpers import add_users
from tests.fakes import FixedClock

ADMIN = Actor(user_id=1, role=Role.ADMIN)
AGENT = Actor(user_id=2, role=Role.AGENT)


class RecordingQueue:
    """The JobQueue port, recording what is enqueued (idempotent by key)."""

    def __init__(self) -> None:
        self.jobs: dict[str, tuple[str, dict[str, Any]]] = {}

    async def enqueue(self, kind: str, payload: Any, *, key: str) -> bool:
        if key in self.jobs:
            return False
        self.jobs[key] = (kind, dict(payload))
        return True


class World:
    def __init__(self, threshold: int = 5) -> None:
        self.uow = MemoryUnitOfWorkFactory()
        self.store = MemoryClassifierStore()
        self.clock = FixedClock()
        self.queue = RecordingQueue()
        self.classifier = SklearnTicketClassifier(HashingEmbedder())
        self.request = RequestTrainingHandler(self.store, self.queue, self.clock)
        self.job = RunTrainingJob(
            self.uow, self.store, TrainTriageModelsHandler(self.classifier), self.clock,
            batch_size=7,
        )  # fmt: skip
        self.trigger = RetrainingTrigger(self.store, self.request, self.clock, threshold=threshold)
        self.labelled_uow = LabelCountingUnitOfWorkFactory(self.uow, self.trigger)

    async def run_queued(self, attempt: int = 1, max_attempts: int = 3) -> None:
        for key, (kind, payload) in list(self.queue.jobs.items()):
            assert kind == TRAIN_JOB
            await self.job(payload, JobContext(kind, key, attempt, max_attempts))


async def _tickets(world: World, per_label: int = 12) -> list[int]:
    (user,) = await add_users(world.uow)
    examples = labelled(per_label)
    async with world.uow() as uow:
        tickets = [
            a_ticket(user.id, title=e.text, content="please help", category=e.label,
                     priority="high" if e.label == "billing" else "low")
            for e in examples
        ]  # fmt: skip
        await uow.tickets.add_many(tickets)
        await uow.commit()
    return [t.id for t in tickets]


async def test_a_training_run_learns_from_the_tickets_and_every_process_uses_it() -> None:
    world = World()
    await _tickets(world)
    run = await world.request.by_admin(ADMIN)
    assert run.status == "training" and run.trigger == "manual" and run.requested_by == 1
    assert list(world.queue.jobs) == [f"{TRAIN_JOB}:run-{run.id}"]
    await world.run_queued()

    done = await world.store.get_run(run.id)
    assert done.status == "ready" and done.examples == 36 and done.started_at is not None
    assert any("category: learned from 36 tickets" in note for note in done.notes)
    infos = {info.kind: info for info in await world.store.model_infos(run.id)}
    assert set(infos) == {"category", "priority"}  # no tags on these tickets
    assert infos["category"].labels == ("billing", "login", "shipping")
    assert infos["category"].metrics.accuracy is not None

    # Two processes (two sources over the one store) agree, and follow a newer run.
    first, second = (StoredTriageModels(world.store, world.classifier) for _ in range(2))
    for source in (first, second):
        models = await source.current()
        (prediction,) = await models.category.predict(["the courier lost my parcel"])
        assert prediction.label == "shipping"
        assert models.priority.labels == ("high", "low")
    cached = (await first.current()).category
    assert (await first.current()).category is cached  # nothing newer: not reloaded
    await world.request.by_admin(ADMIN)
    await world.run_queued()
    assert (await first.current()).category is not cached


async def test_status_reports_the_category_model_and_its_confusions() -> None:
    world = World()
    status = GetClassifierStatusHandler(world.store, world.clock)
    assert (await status(AGENT)).status == "untrained"
    await _tickets(world)
    await world.request.by_admin(ADMIN)
    assert (await status(AGENT)).status == "training"
    await world.run_queued()
    found = await status(AGENT)
    assert (found.status, found.method, found.examples) == ("ready", "supervised", 36)
    assert found.categories == ("billing", "login", "shipping")
    assert found.metrics.folds == 3 and 0 < found.metrics.accuracy <= 1
    for pair in found.confused:  # mistakes the cross-validation really made
        assert pair.actual != pair.predicted and pair.count >= 1
    assert sum(p.count for p in found.confused) == round((1 - found.metrics.accuracy) * 36)


async def test_without_labels_categories_come_from_the_descriptions() -> None:
    world = World()
    source = StoredTriageModels(world.store, world.classifier)
    assert (await source.current()).category is None
    await world.store.replace_categories(
        [
            CategoryDescription("billing", "invoice refund card charged amount"),
            CategoryDescription("shipping", "parcel courier delivery tracking"),
        ],
        world.clock.now(),
    )
    models = await source.current()
    assert models.category.metrics.method == "zero-shot"
    (prediction,) = await models.category.predict(["parcel courier delivery"])
    assert prediction.label == "shipping"
    status = await GetClassifierStatusHandler(world.store, world.clock)(AGENT)
    assert (status.method, status.categories) == ("zero-shot", ("billing", "shipping"))

    # A training with too few labels stores a zero-shot model from the same descriptions;
    # once the descriptions change, the stored one no longer counts.
    await world.request.by_admin(ADMIN)
    await world.run_queued()
    stored = (await source.current()).category
    assert stored.labels == ("billing", "shipping")
    world.clock.advance(timedelta(minutes=1))
    await world.store.replace_categories(
        [
            CategoryDescription("access", "password login sign in"),
            CategoryDescription("shipping", "parcel courier delivery tracking"),
        ],
        world.clock.now(),
    )
    assert (await source.current()).category.labels == ("access", "shipping")


async def test_one_training_at_a_time_and_a_dead_one_stops_blocking() -> None:
    world = World()
    first = await world.request.by_admin(ADMIN)
    again = await world.request(trigger="labels")
    assert again.id == first.id and len(world.queue.jobs) == 1
    world.clock.advance(TRAINING_TIMEOUT + timedelta(seconds=1))
    second = await world.request(trigger="labels")
    assert second.id != first.id and len(world.queue.jobs) == 2
    assert (await world.store.get_run(first.id)).status == "failed"
    with pytest.raises(AccessDenied):
        await world.request.by_admin(AGENT)


async def test_a_run_whose_job_was_never_queued_gets_it_when_asked_again() -> None:
    world = World()
    orphan = await world.store.request_run(  # its process died before queueing the job
        after=None, trigger="manual", requested_by=ADMIN.user_id, now=world.clock.now()
    )
    assert orphan is not None and world.queue.jobs == {}
    again = await world.request(trigger="labels")
    assert again.id == orphan.id
    assert world.queue.jobs == {training_job_key(orphan): (TRAIN_JOB, {"run_id": orphan.id})}
    await world.request.by_admin(ADMIN)  # asking once more queues nothing new
    assert len(world.queue.jobs) == 1


async def test_a_failed_training_records_its_error_after_the_last_attempt() -> None:
    world = World()
    run = await world.request.by_admin(ADMIN)

    class Broken:
        async def __call__(self, command: Any) -> Any:
            raise RuntimeError("disk full")

    world.job = RunTrainingJob(world.uow, world.store, Broken(), world.clock)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        await world.run_queued(attempt=1, max_attempts=2)
    assert (await world.store.get_run(run.id)).status == "training"  # a retry follows
    with pytest.raises(RuntimeError):
        await world.run_queued(attempt=2, max_attempts=2)
    failed = await world.store.get_run(run.id)
    assert failed.status == "failed" and failed.error == "RuntimeError: disk full"
    status = await GetClassifierStatusHandler(world.store, world.clock)(AGENT)
    assert (status.status, status.error) == ("failed", "RuntimeError: disk full")


async def test_label_changes_trigger_a_retraining_once_enough_have_accumulated() -> None:
    world = World(threshold=3)
    ids = await _tickets(world, per_label=2)
    update = UpdateTicketHandler(world.labelled_uow, world.clock)

    await update(UpdateTicket(ids[0], TicketChanges(title="Only the title")), AGENT)
    await update(UpdateTicket(ids[0], TicketChanges(category="shipping")), AGENT)
    await update(UpdateTicket(ids[1], TicketChanges(tags=["vip"])), AGENT)
    await update(UpdateTicket(ids[1], TicketChanges(tags=["vip"])), AGENT)  # no change
    assert world.queue.jobs == {}
    assert await world.store.label_changes_since(0) == 2
    await update(UpdateTicket(ids[2], TicketChanges(priority="urgent")), AGENT)
    (run,) = world.store.runs.values()
    assert run.trigger == "labels" and len(world.queue.jobs) == 1

    # While it trains, more changes count towards the next one but ask for nothing.
    for n in range(4):
        await update(UpdateTicket(ids[3], TicketChanges(category=f"c{n}")), AGENT)
    assert len(world.queue.jobs) == 1
    await world.run_queued()
    assert await world.store.label_changes_since(run.label_watermark) == 4
    await update(UpdateTicket(ids[4], TicketChanges(category="billing")), AGENT)
    assert len(world.queue.jobs) == 2  # 5 changes since the finished run's request


async def test_a_rolled_back_change_counts_nothing() -> None:
    world = World(threshold=1)
    (user,) = await add_users(world.uow)
    async with world.labelled_uow() as uow:
        ticket = a_ticket(user.id)
        await uow.tickets.add(ticket)
        await uow.activity.add(
            Activity(ticket.id, 1, ActivityAction.UPDATED, {"category": {}}, world.clock.now())
        )
    assert await world.store.label_changes_since(0) == 0 and world.queue.jobs == {}
