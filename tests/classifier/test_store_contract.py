"""The classifier store: one contract for memory, SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import os
from datetime import timedelta

from application.ports.classifier_model import ClassifierMetrics, Confusion
from application.ports.classifier_store import (
    CategoryDescription,
    StoredModel,
    StoredModelInfo,
)
from tests.fakes import T0

METRICS = ClassifierMetrics(
    method="supervised",
    examples=120,
    labels=3,
    folds=3,
    accuracy=0.9,
    macro_f1=0.88,
    expected_calibration_error=0.03,
    threshold=0.41,
    target_precision=0.95,
    coverage_at_target=0.8,
    precision_at_target=0.96,
    train_seconds=1.5,
    confused=(Confusion("billing", "refunds", 4), Confusion("access", "billing", 1)),
)


def _model(kind: str, data: bytes, method: str = "supervised") -> StoredModel:
    return StoredModel(
        StoredModelInfo(
            kind=kind,  # type: ignore[arg-type]
            method=method,  # type: ignore[arg-type]
            labels=("access", "billing", "refunds"),
            metrics=METRICS,
            examples=120,
            trained_at=T0,
            confused=METRICS.confused,
        ),
        data,
    )


async def _ready_run(store, after, data=b"model", now=T0):  # type: ignore[no-untyped-def]
    run = await store.request_run(after=after, trigger="manual", requested_by=None, now=now)
    await store.finish_run(
        run.id, models=[_model("category", data)], examples=120, notes=["n"], now=now
    )
    return run


async def test_an_empty_store_has_no_runs_models_or_categories(store) -> None:
    version = await store.version()
    assert (version.ready_run_id, version.ready_at) == (None, None)
    assert (version.categories, version.categories_updated_at) == (0, None)
    assert await store.latest_run() is None
    assert await store.latest_ready_run() is None
    assert await store.categories() == []
    assert await store.label_changes_since(0) == 0


async def test_a_run_follows_another_run_exactly_once(store) -> None:
    first = await store.request_run(after=None, trigger="manual", requested_by=None, now=T0)
    assert first.status == "training" and first.trigger == "manual"
    assert first.requested_at == T0 and first.started_at is None
    assert await store.request_run(after=None, trigger="labels", requested_by=None, now=T0) is None
    second = await store.request_run(after=first.id, trigger="labels", requested_by=None, now=T0)
    assert second.id > first.id
    assert (await store.latest_run()).id == second.id
    assert await store.latest_ready_run() is None


async def test_models_of_several_megabytes_round_trip_and_describe_themselves(store) -> None:
    big = os.urandom(3 * 1024 * 1024)  # MariaDB: above BLOB (64 KiB), needs LONGBLOB/MEDIUMBLOB
    run = await store.request_run(after=None, trigger="manual", requested_by=None, now=T0)
    await store.start_run(run.id, T0 + timedelta(seconds=1))
    await store.finish_run(
        run.id,
        models=[_model("category", big), _model("tags", b"tags model")],
        examples=130,
        notes=["category: learned", "priority: too few"],
        now=T0 + timedelta(seconds=5),
    )
    done = await store.get_run(run.id)
    assert done.status == "ready" and done.examples == 130
    assert done.started_at == T0 + timedelta(seconds=1)
    assert done.finished_at == T0 + timedelta(seconds=5)
    assert done.notes == ("category: learned", "priority: too few")
    models = await store.models(run.id)
    assert [m.info.kind for m in models] == ["category", "tags"]
    assert models[0].data == big and models[1].data == b"tags model"
    infos = await store.model_infos(run.id)
    assert infos[0] == models[0].info
    assert infos[0].metrics == METRICS
    assert infos[0].confused == METRICS.confused
    version = await store.version()
    assert (version.ready_run_id, version.ready_at) == (run.id, T0 + timedelta(seconds=5))


async def test_only_the_newest_ready_runs_keep_their_models(store) -> None:
    runs = []
    after = None
    for n in range(4):
        run = await _ready_run(store, after, data=f"model {n}".encode())
        runs.append(run)
        after = run.id
    assert await store.models(runs[0].id) == []
    for run in runs[1:]:
        assert len(await store.models(run.id)) == 1
    assert (await store.latest_ready_run()).id == runs[-1].id
    assert (await store.get_run(runs[0].id)).status == "ready"  # the run stays, as history


async def test_failed_and_abandoned_runs_record_why(store) -> None:
    failed = await store.request_run(after=None, trigger="manual", requested_by=None, now=T0)
    await store.fail_run(failed.id, error="ValueError: boom", now=T0 + timedelta(minutes=1))
    assert (await store.get_run(failed.id)).error == "ValueError: boom"
    assert (await store.get_run(failed.id)).status == "failed"
    stale = await store.request_run(after=failed.id, trigger="labels", requested_by=None, now=T0)
    fresh_at = T0 + timedelta(hours=3)
    fresh = await store.request_run(
        after=stale.id, trigger="labels", requested_by=None, now=fresh_at
    )
    abandoned = await store.abandon_runs(requested_before=T0 + timedelta(hours=1), now=fresh_at)
    assert abandoned == 1
    assert (await store.get_run(stale.id)).status == "failed"
    assert "abandoned" in (await store.get_run(stale.id)).error
    assert (await store.get_run(fresh.id)).status == "training"
    assert (await store.version()).ready_run_id is None


async def test_category_descriptions_are_replaced_whole_and_keep_their_order(store) -> None:
    items = [
        CategoryDescription("refunds", "Money back for an order"),
        CategoryDescription("Access", "Signing in, passwords, 2FA — über alles"),
    ]
    await store.replace_categories(items, T0)
    assert await store.categories() == items
    first = await store.version()
    assert first.categories == 2 and first.categories_updated_at == T0
    await store.replace_categories(items[:1], T0 + timedelta(seconds=1))
    second = await store.version()
    assert await store.categories() == items[:1]
    assert second != first and second.categories == 1
    await store.replace_categories([], T0 + timedelta(seconds=2))
    assert await store.categories() == []
    assert (await store.version()).categories == 0


async def test_label_changes_count_after_a_runs_watermark(store) -> None:
    await store.record_label_changes(3, T0)
    await store.record_label_changes(0, T0)
    await store.record_label_changes(2, T0)
    assert await store.label_changes_since(0) == 5
    run = await store.request_run(after=None, trigger="labels", requested_by=None, now=T0)
    assert await store.label_changes_since(run.label_watermark) == 0
    await store.record_label_changes(4, T0)
    assert await store.label_changes_since(run.label_watermark) == 4
    await store.finish_run(run.id, models=[], examples=0, notes=[], now=T0)
    # the changes the run counted are gone; the later ones still count
    assert await store.label_changes_since(0) == 4
    assert await store.label_changes_since(run.label_watermark) == 4
