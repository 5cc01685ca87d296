from __future__ import annotations

from datetime import timedelta

from application.ports.classifier_store import ClassifierStore, RunTrigger, TrainingRun
from application.ports.clock import Clock
from application.ports.job_queue import JobQueue
from domain.access import Actor

TRAIN_JOB = "train_triage_models"
TRAINING_TIMEOUT = timedelta(hours=2)


def training_job_key(run: TrainingRun) -> str:
    return f"{TRAIN_JOB}:run-{run.id}"


class RequestTrainingHandler:
    """Ask for the triage models to be (re)trained by a background job.

    Rules:
    - one training at a time: while a run is `training`, asking again returns
      that run and queues its job again should it have none (its process died
      between recording the run and queueing the job; the queue admits a key
      once, so this never runs a training twice); a run stays `training` from
      the request until its job ends;
    - a run still `training` `TRAINING_TIMEOUT` after its request (its worker
      died) is marked failed and no longer blocks a new one;
    - of two processes asking at the same moment one creates the run (each run
      follows exactly one earlier run), and the job is enqueued under the run's
      key (`train_triage_models:run-<id>`), so repeating the request is harmless;
    - administrators ask by hand (`manual`); the retraining trigger asks when
      enough labels changed (`labels`).
    """

    def __init__(self, store: ClassifierStore, queue: JobQueue, clock: Clock) -> None:
        self._store = store
        self._queue = queue
        self._clock = clock

    async def by_admin(self, actor: Actor) -> TrainingRun:
        actor.must_be_admin("train the classifier")
        return await self(trigger="manual", requested_by=actor.user_id)

    async def __call__(
        self, *, trigger: RunTrigger, requested_by: int | None = None
    ) -> TrainingRun:
        now = self._clock.now()
        await self._store.abandon_runs(requested_before=now - TRAINING_TIMEOUT, now=now)
        latest = await self._store.latest_run()
        if latest is not None and latest.status == "training":
            await self._queue.enqueue(
                TRAIN_JOB, {"run_id": latest.id}, key=training_job_key(latest)
            )
            return latest
        run = await self._store.request_run(
            after=latest.id if latest else None,
            trigger=trigger,
            requested_by=requested_by,
            now=now,
        )
        if run is None:  # another process asked first: that run is the one
            current = await self._store.latest_run()
            assert current is not None
            return current
        try:
            await self._queue.enqueue(TRAIN_JOB, {"run_id": run.id}, key=training_job_key(run))
        except Exception as error:
            await self._store.fail_run(
                run.id, error=f"the training could not be queued: {error}", now=self._clock.now()
            )
            raise
        return run
