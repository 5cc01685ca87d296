from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from application.ai.triage_record import TriageRecord
    from domain.drafting.review import DraftRecord


class AiRepository(Protocol):
    """Stores triages and drafts, in the same transaction as the rest of the work.

    Records of a deleted ticket disappear with it.
    """

    async def add_triage(self, record: TriageRecord) -> None:
        """Store a new triage and set its id."""

    async def latest_triage(self, ticket_id: int) -> TriageRecord | None: ...

    async def add_draft(self, record: DraftRecord) -> None:
        """Store a new draft and set its id."""

    async def get_draft(self, draft_id: int) -> DraftRecord | None: ...

    async def decide_draft(self, record: DraftRecord) -> bool:
        """Save a decided draft, only if it is still pending in storage
        (compare-and-set); False when someone decided it first."""

    async def list_drafts(self, ticket_id: int) -> list[DraftRecord]:
        """Newest first."""

    async def has_drafts(self, ticket_id: int, ticket_version: int) -> bool:
        """Whether any draft (pending, decided or failed) exists for that version."""
