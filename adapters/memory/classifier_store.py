"""The classifier store in process memory (DATABASE_URL=memory://, tests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from application.ports.classifier_store import (
    CategoryDescription,
    ClassifierVersion,
    RunTrigger,
    StoredModel,
    StoredModelInfo,
    TrainingRun,
)


@dataclass
class MemoryClassifierStore:
    runs: dict[int, TrainingRun] = field(default_factory=dict)
    run_keys: set[int] = field(default_factory=set)  # the runs some run follows (0: none)
    stored: dict[int, list[StoredModel]] = field(default_factory=dict)
    descriptions: list[CategoryDescription] = field(default_factory=list)
    descriptions_updated_at: datetime | None = None
    label_changes: list[tuple[int, int]] = field(default_factory=list)  # (id, changes)
    _next_change: int = 1

    async def version(self) -> ClassifierVersion:
        ready = await self.latest_ready_run()
        return ClassifierVersion(
            ready.id if ready else None,
            ready.finished_at if ready else None,
            len(self.descriptions),
            self.descriptions_updated_at if self.descriptions else None,
        )

    async def latest_run(self) -> TrainingRun | None:
        return self.runs[max(self.runs)] if self.runs else None

    async def latest_ready_run(self) -> TrainingRun | None:
        ready = [run_id for run_id, run in self.runs.items() if run.status == "ready"]
        return self.runs[max(ready)] if ready else None

    async def get_run(self, run_id: int) -> TrainingRun | None:
        return self.runs.get(run_id)

    async def request_run(
        self,
        *,
        after: int | None,
        trigger: RunTrigger,
        requested_by: int | None,
        now: datetime,
    ) -> TrainingRun | None:
        if (after or 0) in self.run_keys:
            return None
        self.run_keys.add(after or 0)
        run = TrainingRun(
            id=max(self.runs, default=0) + 1,
            status="training",
            trigger=trigger,
            requested_at=now,
            label_watermark=max((i for i, _ in self.label_changes), default=0),
            requested_by=requested_by,
        )
        self.runs[run.id] = run
        return run

    async def start_run(self, run_id: int, now: datetime) -> None:
        self.runs[run_id] = replace(self.runs[run_id], started_at=now)

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
        run = replace(
            self.runs[run_id],
            status="ready",
            finished_at=now,
            examples=examples,
            notes=tuple(notes),
            error=None,
        )
        self.runs[run_id] = run
        self.stored[run_id] = list(models)
        ready = sorted((i for i, r in self.runs.items() if r.status == "ready"), reverse=True)
        for old in ready[keep:]:
            self.stored.pop(old, None)
        self.label_changes = [(i, n) for i, n in self.label_changes if i > run.label_watermark]

    async def fail_run(self, run_id: int, *, error: str, now: datetime) -> None:
        self.runs[run_id] = replace(
            self.runs[run_id], status="failed", finished_at=now, error=error
        )

    async def abandon_runs(self, *, requested_before: datetime, now: datetime) -> int:
        stale = [
            run.id
            for run in self.runs.values()
            if run.status == "training" and run.requested_at < requested_before
        ]
        for run_id in stale:
            await self.fail_run(
                run_id, error="abandoned: the training did not finish in time", now=now
            )
        return len(stale)

    async def model_infos(self, run_id: int) -> list[StoredModelInfo]:
        return [m.info for m in await self.models(run_id)]

    async def models(self, run_id: int) -> list[StoredModel]:
        return sorted(self.stored.get(run_id, []), key=lambda m: m.info.kind)

    async def categories(self) -> list[CategoryDescription]:
        return list(self.descriptions)

    async def replace_categories(self, items: Sequence[CategoryDescription], now: datetime) -> None:
        self.descriptions = list(items)
        self.descriptions_updated_at = now

    async def record_label_changes(self, count: int, now: datetime) -> None:
        if count > 0:
            self.label_changes.append((self._next_change, count))
            self._next_change += 1

    async def label_changes_since(self, watermark: int) -> int:
        return sum(n for i, n in self.label_changes if i > watermark)
