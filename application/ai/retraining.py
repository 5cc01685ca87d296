"""Retraining when labels change: counting label changes and asking for a training.

Rules:
- a label change is an effective change of a ticket's category, priority or
  tags by a person (an `updated` activity naming one of them), or an imported
  ticket (an `imported` activity); the AI applying its own suggestion is not;
- label changes are counted after their transaction commits, never before and
  never after a rollback;
- once `threshold` label changes have been counted since the last training was
  requested, a training is requested (trigger `labels`; one at a time, see
  `RequestTrainingHandler`); a threshold of 0 turns this off;
- counting and asking never fail the change that caused them: errors are logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from application.ports.classifier_store import ClassifierStore
from application.ports.clock import Clock
from application.use_cases.classifier.request_training import RequestTrainingHandler
from domain.tickets.activity import Activity, ActivityAction

log = logging.getLogger("astratickets.ai")

LABEL_FIELDS = frozenset({"category", "priority", "tags"})


def is_label_change(entry: Activity) -> bool:
    if entry.action is ActivityAction.IMPORTED:
        return True
    return entry.action is ActivityAction.UPDATED and bool(LABEL_FIELDS & entry.details.keys())


class RetrainingTrigger:
    def __init__(
        self,
        store: ClassifierStore,
        request_training: RequestTrainingHandler,
        clock: Clock,
        *,
        threshold: int,
    ) -> None:
        self._store = store
        self._request_training = request_training
        self._clock = clock
        self._threshold = threshold

    async def labels_changed(self, count: int) -> None:
        if count <= 0 or self._threshold <= 0:
            return
        try:
            await self._store.record_label_changes(count, self._clock.now())
            latest = await self._store.latest_run()
            if latest is not None and latest.status == "training":
                return
            since = await self._store.label_changes_since(latest.label_watermark if latest else 0)
            if since >= self._threshold:
                run = await self._request_training(trigger="labels")
                log.info("%d label changes since the last training: run %s", since, run.id)
        except Exception:
            log.exception("could not count label changes or request a retraining")


class LabelCountingUnitOfWorkFactory:
    """Wraps a unit-of-work factory: label changes logged in a committed unit of work
    are reported to the retraining trigger. Everything else is the wrapped factory's."""

    def __init__(self, inner: Any, trigger: RetrainingTrigger) -> None:
        self._inner = inner
        self._trigger = trigger

    def __call__(self, *, read_only: bool = False) -> Any:
        uow = self._inner(read_only=read_only)
        return uow if read_only else _CountingUnitOfWork(uow, self._trigger)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CountingUnitOfWork:
    def __init__(self, inner: Any, trigger: RetrainingTrigger) -> None:
        self._inner = inner
        self._trigger = trigger
        self.label_changes = 0

    async def __aenter__(self) -> _CountingUnitOfWork:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self.label_changes = 0
        await self._inner.__aexit__(*exc_info)

    @property
    def activity(self) -> _CountingActivity:
        return _CountingActivity(self._inner.activity, self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def commit(self) -> None:
        await self._inner.commit()
        changes, self.label_changes = self.label_changes, 0
        await self._trigger.labels_changed(changes)

    async def rollback(self) -> None:
        self.label_changes = 0
        await self._inner.rollback()


class _CountingActivity:
    def __init__(self, inner: Any, uow: _CountingUnitOfWork) -> None:
        self._inner = inner
        self._uow = uow

    async def add(self, activity: Activity) -> None:
        await self._inner.add(activity)
        self._uow.label_changes += is_label_change(activity)

    async def add_many(self, entries: Sequence[Activity]) -> None:
        await self._inner.add_many(entries)
        self._uow.label_changes += sum(map(is_label_change, entries))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
