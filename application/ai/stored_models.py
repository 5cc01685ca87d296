"""The triage models in force, read from the classifier store and cached per process.

Rules:
- the models are those of the newest ready training run: every API process and
  worker loads them from the shared store, and loads them again as soon as a
  newer run is ready or the category descriptions change (one cheap read of the
  store's version per call; the models themselves load once per version);
- the category model is the stored one when it was learned from labelled
  tickets; a stored zero-shot model counts only while the category
  descriptions are still those it was built from; otherwise, when at least two
  categories are described, a zero-shot model is built from the descriptions;
  otherwise there is none;
- with a zero-shot category model the category descriptions go along
  (`TriageModels.category_descriptions`), for a language model to choose among;
- a stored model that cannot be loaded (e.g. trained with another embedding
  model) is left out and logged, never raised: triage then does without it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from application.ai.errors import ClassifierError
from application.ai.triage import TriageModels
from application.ports.classifier_model import ClassifierModel
from application.ports.classifier_store import (
    ClassifierStore,
    ClassifierVersion,
    StoredModelInfo,
    TrainingRun,
)
from application.ports.ticket_classifier import TicketClassifier

log = logging.getLogger("astratickets.ai")

MIN_DESCRIBED_CATEGORIES = 2


def stored_category_in_force(
    info: StoredModelInfo | None, run: TrainingRun | None, version: ClassifierVersion
) -> bool:
    """Whether the stored category model (if any) is the one in force (see the rules)."""
    if info is None or run is None:
        return False
    if info.method == "supervised":
        return True
    built_at: datetime = run.started_at or run.requested_at
    return (
        version.categories >= MIN_DESCRIBED_CATEGORIES
        and version.categories_updated_at is not None
        and version.categories_updated_at <= built_at
    )


class StoredTriageModels:
    """A TriageModelSource over a ClassifierStore (see the module docstring)."""

    def __init__(self, store: ClassifierStore, classifier: TicketClassifier) -> None:
        self._store = store
        self._classifier = classifier
        self._version: ClassifierVersion | None = None
        self._models = TriageModels()
        self._lock = asyncio.Lock()

    async def current(self) -> TriageModels:
        version = await self._store.version()
        if version == self._version:
            return self._models
        async with self._lock:
            if version != self._version:
                self._models = await self._load(version)
                self._version = version
        return self._models

    async def _load(self, version: ClassifierVersion) -> TriageModels:
        loaded: dict[str, ClassifierModel | None] = {}
        run = None
        category_info = None
        if version.ready_run_id is not None:
            run = await self._store.get_run(version.ready_run_id)
            for stored in await self._store.models(version.ready_run_id):
                if stored.info.kind == "category":
                    category_info = stored.info
                try:
                    loaded[stored.info.kind] = await asyncio.to_thread(
                        self._classifier.load, stored.data
                    )
                except ClassifierError as error:
                    log.warning("stored %s model left out: %s", stored.info.kind, error)
        category = loaded.get("category")
        described: dict[str, str] = {}
        if version.categories >= MIN_DESCRIBED_CATEGORIES:
            described = {c.name: c.description for c in await self._store.categories()}
        if not stored_category_in_force(category_info, run, version):
            category = await self._zero_shot(described)
        zero_shot = category is not None and category.metrics.method == "zero-shot"
        return TriageModels(
            category,
            loaded.get("priority"),
            loaded.get("tags"),
            category_descriptions=described if zero_shot else {},
        )

    async def _zero_shot(self, described: dict[str, str]) -> ClassifierModel | None:
        if len(described) < MIN_DESCRIBED_CATEGORIES:
            return None
        try:
            return await self._classifier.zero_shot(described)
        except ClassifierError as error:
            log.warning("no zero-shot category model: %s", error)
            return None
