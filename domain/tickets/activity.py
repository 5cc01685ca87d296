"""The activity log: who did what to a ticket, and when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any


class ActivityAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    REPLIED = "replied"
    NOTE_ADDED = "note_added"
    REPLY_DELETED = "reply_deleted"
    RATED = "rated"
    IMPORTED = "imported"  # created by POST /api/tickets/import, with its history
    # The AI pipeline's work (actor None when a background job did it):
    AI_TRIAGED = "ai_triaged"
    AI_DRAFTED = "ai_drafted"
    AI_DRAFT_FAILED = "ai_draft_failed"
    AI_APPLIED = "ai_applied"
    AI_DRAFT_ACCEPTED = "ai_draft_accepted"
    AI_DRAFT_REJECTED = "ai_draft_rejected"


def _plain(value: Any) -> Any:
    """A JSON-friendly form of a field value (enums by value, tags as a list)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    values = getattr(value, "values", None)
    if isinstance(values, tuple):
        return list(values)
    return value


@dataclass(eq=False)
class Activity:
    """One entry of a ticket's log. `details` holds plain JSON values only.

    For `updated`, details map each changed field to `{"from": old, "to": new}`;
    for replies they carry the reply id.
    """

    ticket_id: int
    actor_id: int | None
    action: ActivityAction
    details: dict[str, Any]
    created_at: datetime
    id: int | None = field(default=None)

    @classmethod
    def changes(
        cls,
        *,
        ticket_id: int,
        actor_id: int | None,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        now: datetime,
    ) -> Activity:
        details = {
            name: {"from": _plain(before[name]), "to": _plain(after[name])}
            for name in sorted(after)
        }
        return cls(ticket_id, actor_id, ActivityAction.UPDATED, details, now)
