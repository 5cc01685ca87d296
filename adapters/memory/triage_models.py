"""A TriageModelSource that always hands out the same models (by default none).

With no models, triage still suggests priority and tags from the urgency
rules; the classifier's own source replaces this one once it stores models.
"""

from __future__ import annotations

from application.ai.triage import TriageModels


class FixedTriageModelSource:
    def __init__(self, models: TriageModels | None = None) -> None:
        self._models = models or TriageModels()

    async def current(self) -> TriageModels:
        return self._models
