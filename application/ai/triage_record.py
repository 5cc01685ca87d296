"""A stored triage: the suggestions made for one version of a ticket."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from application.ai.triage import Suggestion, TriageSuggestions


@dataclass(eq=False)
class TriageRecord:
    """What the triage suggested for `ticket_id` at `ticket_version`.

    `abstained` (what the dashboard counts) is true when no category was
    suggested with enough confidence: no category model, or one below its
    threshold.
    """

    ticket_id: int
    ticket_version: int
    category: Suggestion | None
    priority: Suggestion | None
    tags: tuple[Suggestion, ...]
    created_at: datetime
    id: int | None = field(default=None)

    @classmethod
    def of(
        cls, ticket_id: int, ticket_version: int, suggestions: TriageSuggestions, now: datetime
    ) -> TriageRecord:
        return cls(
            ticket_id=ticket_id,
            ticket_version=ticket_version,
            category=suggestions.category,
            priority=suggestions.priority,
            tags=suggestions.tags,
            created_at=now,
        )

    @property
    def abstained(self) -> bool:
        return self.category is None or self.category.abstained
