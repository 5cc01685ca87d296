from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from adapters.memory.knowledge_state import MemoryKnowledgeState
from application.ai.triage_record import TriageRecord
from application.jobs.state import JobRecord
from domain.drafting.review import DraftRecord
from domain.tickets import Reply, Ticket
from domain.tickets.activity import Activity
from domain.tickets.satisfaction import SatisfactionRating
from domain.tickets.sla_policy import SlaPolicy
from domain.users import User

if TYPE_CHECKING:
    from adapters.memory.ticket_index_queue import IndexQueueEntry


@dataclass
class MemoryState:
    """Everything the in-memory adapters hold; copied whole per unit of work."""

    users: dict[int, User] = field(default_factory=dict)
    tickets: dict[int, Ticket] = field(default_factory=dict)
    replies: dict[int, Reply] = field(default_factory=dict)
    activity: dict[int, Activity] = field(default_factory=dict)
    ratings: dict[int, SatisfactionRating] = field(default_factory=dict)
    ai_triage: dict[int, TriageRecord] = field(default_factory=dict)
    ai_drafts: dict[int, DraftRecord] = field(default_factory=dict)
    ai_jobs: dict[str, JobRecord] = field(default_factory=dict)
    sla_policy: SlaPolicy | None = None
    knowledge: MemoryKnowledgeState = field(default_factory=MemoryKnowledgeState)
    index_queue: dict[int, IndexQueueEntry] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)

    def allocate_id(self, kind: str) -> int:
        """Ids start at 1 per kind and are never reused."""
        value = self.next_ids.get(kind, 1)
        self.next_ids[kind] = value + 1
        return value


@dataclass
class MemoryStore:
    """The committed state plus a lock that makes units of work serialisable."""

    state: MemoryState = field(default_factory=MemoryState)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
