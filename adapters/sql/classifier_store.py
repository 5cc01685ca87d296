"""The classifier store in SQL: training runs, models, category descriptions, label changes.

Each call is its own short transaction, independent of any unit of work (models
are written by a background job, read by every process). Tables:
`adapters/sql/classifier_tables.py`.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.classifier_tables import (
    ai_category_descriptions,
    ai_classifier_runs,
    ai_label_changes,
    ai_triage_models,
)
from adapters.sql.sqlite_writers import write_transaction
from application.ports.classifier_model import ClassifierMetrics, Confusion
from application.ports.classifier_store import (
    CategoryDescription,
    ClassifierVersion,
    RunTrigger,
    StoredModel,
    StoredModelInfo,
    TrainingRun,
)

_runs = ai_classifier_runs.c
_models = ai_triage_models.c
_categories = ai_category_descriptions.c
_changes = ai_label_changes.c
_INFO_COLUMNS = [c for c in ai_triage_models.c if c.name != "model"]


def _moment(value: datetime | str | None) -> datetime | None:
    """SQLite gives scalar subqueries of dates as text; the others as (naive UTC) datetimes."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value is not None else None


def request_key(after: int | None) -> str:
    return f"after-run-{after or 0}"


def _run_from_row(row: Mapping[str, Any]) -> TrainingRun:
    return TrainingRun(
        id=row["id"],
        status=row["status"],
        trigger=row["trigger"],
        requested_at=row["requested_at"],
        label_watermark=row["label_watermark"],
        requested_by=row["requested_by"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        examples=row["examples"],
        notes=tuple(json.loads(row["notes"])) if row["notes"] else (),
        error=row["error"],
    )


def _info_from_row(row: Mapping[str, Any]) -> StoredModelInfo:
    confused = tuple(Confusion(a, p, n) for a, p, n in json.loads(row["confused"]))
    return StoredModelInfo(
        kind=row["kind"],
        method=row["method"],
        labels=tuple(json.loads(row["labels"])),
        metrics=ClassifierMetrics(**json.loads(row["metrics"]), confused=confused),
        examples=row["examples"],
        trained_at=row["trained_at"],
        confused=confused,
    )


def _model_row(run_id: int, model: StoredModel) -> dict[str, Any]:
    info = model.info
    metrics = asdict(info.metrics)
    metrics.pop("confused")  # kept in its own column
    return {
        "run_id": run_id,
        "kind": info.kind,
        "method": info.method,
        "labels": json.dumps(list(info.labels), ensure_ascii=False),
        "metrics": json.dumps(metrics),
        "confused": json.dumps(
            [[c.actual, c.predicted, c.count] for c in info.confused], ensure_ascii=False
        ),
        "examples": info.examples,
        "trained_at": info.trained_at,
        "model": model.data,
    }


class SqlClassifierStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncConnection]:
        async with self._engine.connect() as connection:
            yield connection

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        async with write_transaction(self._engine) as connection:
            yield connection

    async def version(self) -> ClassifierVersion:
        ready = select(func.max(_runs.id)).where(_runs.status == "ready").scalar_subquery()
        ready_at = select(_runs.finished_at).where(_runs.id == ready).scalar_subquery()
        count = select(func.count()).select_from(ai_category_descriptions).scalar_subquery()
        updated = select(func.max(_categories.updated_at)).scalar_subquery()
        async with self._read() as connection:
            row = (await connection.execute(select(ready, ready_at, count, updated))).one()
        return ClassifierVersion(row[0], _moment(row[1]), int(row[2] or 0), _moment(row[3]))

    async def _one_run(self, *conditions: Any) -> TrainingRun | None:
        async with self._read() as connection:
            row = (
                (
                    await connection.execute(
                        select(ai_classifier_runs)
                        .where(*conditions)
                        .order_by(_runs.id.desc())
                        .limit(1)
                    )
                )
                .mappings()
                .first()
            )
        return _run_from_row(row) if row else None

    async def latest_run(self) -> TrainingRun | None:
        return await self._one_run()

    async def latest_ready_run(self) -> TrainingRun | None:
        return await self._one_run(_runs.status == "ready")

    async def get_run(self, run_id: int) -> TrainingRun | None:
        return await self._one_run(_runs.id == run_id)

    async def request_run(
        self,
        *,
        after: int | None,
        trigger: RunTrigger,
        requested_by: int | None,
        now: datetime,
    ) -> TrainingRun | None:
        try:
            async with self._write() as connection:
                watermark = await connection.scalar(select(func.max(_changes.id)))
                result = await connection.execute(
                    insert(ai_classifier_runs).values(
                        request_key=request_key(after),
                        status="training",
                        trigger=trigger,
                        requested_by=requested_by,
                        requested_at=now,
                        label_watermark=int(watermark or 0),
                    )
                )
                run_id = result.inserted_primary_key[0]  # type: ignore[index]
        except IntegrityError:
            return None  # a run already follows `after`
        return await self.get_run(run_id)

    async def start_run(self, run_id: int, now: datetime) -> None:
        async with self._write() as connection:
            await connection.execute(
                update(ai_classifier_runs).where(_runs.id == run_id).values(started_at=now)
            )

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
        async with self._write() as connection:
            await connection.execute(delete(ai_triage_models).where(_models.run_id == run_id))
            for model in models:  # one at a time: each may be several MB
                await connection.execute(insert(ai_triage_models).values(_model_row(run_id, model)))
            await connection.execute(
                update(ai_classifier_runs)
                .where(_runs.id == run_id)
                .values(
                    status="ready",
                    finished_at=now,
                    examples=examples,
                    notes=json.dumps(list(notes), ensure_ascii=False),
                    error=None,
                )
            )
            kept = list(
                await connection.scalars(
                    select(_runs.id)
                    .where(_runs.status == "ready")
                    .order_by(_runs.id.desc())
                    .limit(keep)
                )
            )
            await connection.execute(delete(ai_triage_models).where(_models.run_id.not_in(kept)))
            # Changes the run has counted are history now.
            watermark = select(_runs.label_watermark).where(_runs.id == run_id).scalar_subquery()
            await connection.execute(delete(ai_label_changes).where(_changes.id <= watermark))

    async def fail_run(self, run_id: int, *, error: str, now: datetime) -> None:
        async with self._write() as connection:
            await connection.execute(
                update(ai_classifier_runs)
                .where(_runs.id == run_id)
                .values(status="failed", finished_at=now, error=error)
            )

    async def abandon_runs(self, *, requested_before: datetime, now: datetime) -> int:
        async with self._write() as connection:
            result = await connection.execute(
                update(ai_classifier_runs)
                .where(_runs.status == "training", _runs.requested_at < requested_before)
                .values(
                    status="failed",
                    finished_at=now,
                    error="abandoned: the training did not finish in time",
                )
            )
        return int(result.rowcount or 0)

    async def model_infos(self, run_id: int) -> list[StoredModelInfo]:
        async with self._read() as connection:
            rows = (
                await connection.execute(
                    select(*_INFO_COLUMNS).where(_models.run_id == run_id).order_by(_models.kind)
                )
            ).mappings()
            return [_info_from_row(row) for row in rows]

    async def models(self, run_id: int) -> list[StoredModel]:
        async with self._read() as connection:
            rows = (
                await connection.execute(
                    select(ai_triage_models).where(_models.run_id == run_id).order_by(_models.kind)
                )
            ).mappings()
            return [StoredModel(_info_from_row(row), bytes(row["model"])) for row in rows]

    async def categories(self) -> list[CategoryDescription]:
        async with self._read() as connection:
            rows = await connection.execute(
                select(_categories.name, _categories.description).order_by(_categories.position)
            )
            return [CategoryDescription(name, description) for name, description in rows]

    async def replace_categories(self, items: Sequence[CategoryDescription], now: datetime) -> None:
        async with self._write() as connection:
            await connection.execute(delete(ai_category_descriptions))
            if items:
                await connection.execute(
                    insert(ai_category_descriptions),
                    [
                        {
                            "name": item.name,
                            "description": item.description,
                            "position": position,
                            "updated_at": now,
                        }
                        for position, item in enumerate(items)
                    ],
                )

    async def record_label_changes(self, count: int, now: datetime) -> None:
        if count <= 0:
            return
        async with self._write() as connection:
            await connection.execute(insert(ai_label_changes).values(changes=count, created_at=now))

    async def label_changes_since(self, watermark: int) -> int:
        async with self._read() as connection:
            total = await connection.scalar(
                select(func.coalesce(func.sum(_changes.changes), 0)).where(_changes.id > watermark)
            )
        return int(total or 0)
