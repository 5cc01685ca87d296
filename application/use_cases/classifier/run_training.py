from __future__ import annotations

import asyncio
import logging

from application.ports.classifier_model import ClassifierModel
from application.ports.classifier_store import (
    ClassifierStore,
    ModelKind,
    StoredModel,
    StoredModelInfo,
)
from application.ports.clock import Clock
from application.ports.job_queue import JobContext, JobPayload
from application.ports.unit_of_work import UnitOfWorkFactory
from application.use_cases.train_triage_models import (
    HistoricTicket,
    TrainTriageModels,
    TrainTriageModelsHandler,
)

log = logging.getLogger("astratickets.ai")

BATCH_SIZE = 1000
ERROR_MAX_LENGTH = 2000


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= ERROR_MAX_LENGTH else text[: ERROR_MAX_LENGTH - 1] + "…"


class RunTrainingJob:
    """The `train_triage_models` job: learns the triage models from the tickets and stores them.

    Rules:
    - every ticket's text (title and content, as triage reads them) and labels
      (category, priority, tags; imported history included) are read in
      batches of `batch_size`, no other columns;
    - `TrainTriageModelsHandler` decides what is learned (supervised where the
      labels suffice, zero-shot categories from the descriptions otherwise);
    - the models are stored with their cross-validated metrics, most confused
      categories and the training notes, and the run is marked ready: every
      process uses them from its next triage on;
    - an error is raised again so that the queue retries; after the last
      attempt the run is marked failed with the error;
    - a run that is no longer `training` is left alone (the job is idempotent).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        store: ClassifierStore,
        trainer: TrainTriageModelsHandler,
        clock: Clock,
        *,
        batch_size: int = BATCH_SIZE,
        target_precision: float = 0.95,
    ) -> None:
        self._uow = uow
        self._store = store
        self._trainer = trainer
        self._clock = clock
        self._batch_size = batch_size
        self._target_precision = target_precision

    async def __call__(self, payload: JobPayload, context: JobContext) -> None:
        run_id = int(payload["run_id"])  # type: ignore[arg-type]
        run = await self._store.get_run(run_id)
        if run is None or run.status != "training":
            return
        await self._store.start_run(run_id, self._clock.now())
        try:
            await self._train(run_id)
        except Exception as error:
            log.warning("training run %s failed (attempt %s): %s", run_id, context.attempt, error)
            if context.is_last_attempt:
                await self._store.fail_run(run_id, error=_describe(error), now=self._clock.now())
            raise

    async def history(self) -> list[HistoricTicket]:
        history: list[HistoricTicket] = []
        after = 0
        while True:
            async with self._uow(read_only=True) as uow:
                batch = await uow.tickets.labels_after(after, self._batch_size)
            history.extend(
                HistoricTicket(
                    text=f"{t.title}\n{t.content}",
                    category=t.category,
                    priority=t.priority,
                    tags=t.tags,
                )
                for t in batch
            )
            if len(batch) < self._batch_size:
                return history
            after = batch[-1].id

    async def _train(self, run_id: int) -> None:
        history = await self.history()
        descriptions = {c.name: c.description for c in await self._store.categories()}
        trained = await self._trainer(
            TrainTriageModels(history, descriptions, self._target_precision)
        )
        now = self._clock.now()
        kinds: dict[ModelKind, ClassifierModel | None] = {
            "category": trained.models.category,
            "priority": trained.models.priority,
            "tags": trained.models.tags,
        }
        stored = []
        for kind, model in kinds.items():
            if model is None:
                continue
            metrics = model.metrics
            info = StoredModelInfo(
                kind=kind,
                method=metrics.method,
                labels=tuple(model.labels),
                metrics=metrics,
                examples=metrics.examples,
                trained_at=now,
                confused=metrics.confused,
            )
            stored.append(StoredModel(info, await asyncio.to_thread(model.to_bytes)))
        await self._store.finish_run(
            run_id, models=stored, examples=len(history), notes=trained.notes, now=now
        )
        log.info("training run %s stored %d model(s) from %d tickets", run_id, len(stored),
                 len(history))  # fmt: skip
