"""Where trained triage models, training runs and category descriptions are kept.

Shared by every API process and worker (the database in production), so that a
model trained anywhere is the model used everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from application.ports.classifier_model import ClassifierMetrics, Confusion, Method

RunStatus = Literal["training", "ready", "failed"]
RunTrigger = Literal["manual", "labels"]
ModelKind = Literal["category", "priority", "tags"]
MODEL_KINDS: tuple[ModelKind, ...] = ("category", "priority", "tags")


@dataclass(frozen=True, slots=True)
class CategoryDescription:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class TrainingRun:
    """One training of the triage models, from its request to its outcome.

    `label_watermark` marks the label changes counted when it was requested:
    later ones count towards the next retraining.
    """

    id: int
    status: RunStatus
    trigger: RunTrigger
    requested_at: datetime
    label_watermark: int
    requested_by: int | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    examples: int | None = None
    notes: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True, slots=True)
class StoredModelInfo:
    """A stored model's description, readable without loading the model."""

    kind: ModelKind
    method: Method
    labels: tuple[str, ...]
    metrics: ClassifierMetrics
    examples: int
    trained_at: datetime
    confused: tuple[Confusion, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredModel:
    info: StoredModelInfo
    data: bytes


@dataclass(frozen=True, slots=True)
class ClassifierVersion:
    """What the models in force depend on; equal versions mean equal models."""

    ready_run_id: int | None
    ready_at: datetime | None  # when that run finished
    categories: int
    categories_updated_at: datetime | None


class ClassifierStore(Protocol):
    async def version(self) -> ClassifierVersion:
        """One cheap read: the newest ready run and the state of the category descriptions."""

    async def latest_run(self) -> TrainingRun | None: ...

    async def latest_ready_run(self) -> TrainingRun | None: ...

    async def get_run(self, run_id: int) -> TrainingRun | None: ...

    async def request_run(
        self,
        *,
        after: int | None,
        trigger: RunTrigger,
        requested_by: int | None,
        now: datetime,
    ) -> TrainingRun | None:
        """Create a `training` run following run `after` (None: the first run).

        At most one run ever follows a given run: None when one already does
        (another process asked first). The run's label watermark is the newest
        label change recorded so far.
        """

    async def start_run(self, run_id: int, now: datetime) -> None: ...

    async def finish_run(
        self,
        run_id: int,
        *,
        models: Sequence[StoredModel],
        examples: int,
        notes: Sequence[str],
        now: datetime,
        keep: int = 3,
    ) -> None:
        """Store the run's models and mark it ready; models of all but the newest
        `keep` ready runs are deleted (their runs stay, as history)."""

    async def fail_run(self, run_id: int, *, error: str, now: datetime) -> None: ...

    async def abandon_runs(self, *, requested_before: datetime, now: datetime) -> int:
        """Mark runs still `training` that were requested before the instant as failed."""

    async def model_infos(self, run_id: int) -> list[StoredModelInfo]: ...

    async def models(self, run_id: int) -> list[StoredModel]: ...

    async def categories(self) -> list[CategoryDescription]:
        """The category descriptions, in the order the administrators gave them."""

    async def replace_categories(
        self, items: Sequence[CategoryDescription], now: datetime
    ) -> None: ...

    async def record_label_changes(self, count: int, now: datetime) -> None: ...

    async def label_changes_since(self, watermark: int) -> int:
        """How many label changes were recorded after the watermark."""
