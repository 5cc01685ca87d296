from __future__ import annotations

from typing import Protocol

from application.ai.triage import TriageModels


class TriageModelSource(Protocol):
    """The triage models in force (category, priority, tags), as last trained.

    Every API process and worker reads the same models: a process that trains
    publishes them (stored in the database), and the others pick up the newer
    version on their next call.
    """

    async def current(self) -> TriageModels: ...
