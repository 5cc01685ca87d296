from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from application.ai.stored_models import MIN_DESCRIBED_CATEGORIES, stored_category_in_force
from application.ports.classifier_model import ClassifierMetrics, Confusion, Method
from application.ports.classifier_store import ClassifierStore, TrainingRun
from application.ports.clock import Clock
from application.use_cases.classifier.request_training import TRAINING_TIMEOUT
from domain.access import Actor

Status = Literal["untrained", "training", "ready", "failed"]


@dataclass(frozen=True, slots=True)
class ClassifierStatus:
    status: Status
    method: Method | None = None
    trained_at: datetime | None = None
    examples: int = 0
    categories: tuple[str, ...] = ()
    metrics: ClassifierMetrics | None = None
    confused: tuple[Confusion, ...] = ()
    notes: tuple[str, ...] = ()
    error: str | None = None


def _status(run: TrainingRun | None, clock: Clock) -> tuple[Status, str | None]:
    if run is None:
        return "untrained", None
    if run.status == "training" and run.requested_at < clock.now() - TRAINING_TIMEOUT:
        return "failed", "abandoned: the training did not finish in time"
    return run.status, run.error


class GetClassifierStatusHandler:
    """What the category classifier is and how well it does (agents and admins).

    Rules:
    - `status` is the newest training run's: `training`, `ready` or `failed`
      (with its `error`), `untrained` before any run;
    - the other fields describe the category model in force (see
      `application.ai.stored_models`): a stored model with its cross-validated
      metrics (zero-shot models have none) and its most confused categories,
      or a zero-shot model from the category descriptions, or nothing;
    - `notes` are the newest ready run's explanations of what was learned.
    """

    def __init__(self, store: ClassifierStore, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def __call__(self, actor: Actor) -> ClassifierStatus:
        actor.must_be_staff("see the classifier")
        status, error = _status(await self._store.latest_run(), self._clock)
        version = await self._store.version()
        ready = await self._store.latest_ready_run()
        infos = await self._store.model_infos(ready.id) if ready else []
        category = next((info for info in infos if info.kind == "category"), None)
        notes = ready.notes if ready else ()
        if category is not None and stored_category_in_force(category, ready, version):
            metrics = category.metrics if category.method == "supervised" else None
            return ClassifierStatus(
                status=status,
                method=category.method,
                trained_at=category.trained_at,
                examples=category.examples,
                categories=category.labels,
                metrics=metrics,
                confused=category.confused,
                notes=notes,
                error=error,
            )
        if version.categories >= MIN_DESCRIBED_CATEGORIES:
            names = tuple(sorted(c.name for c in await self._store.categories()))
            return ClassifierStatus(status, "zero-shot", categories=names, notes=notes, error=error)
        return ClassifierStatus(status, notes=notes, error=error)
