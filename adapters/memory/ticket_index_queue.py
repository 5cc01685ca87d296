"""The similar-ticket index's outstanding entries in process memory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from adapters.memory.store import MemoryState
from application.ports.ticket_index_queue import QueuedIndexing


@dataclass(frozen=True, slots=True)
class IndexQueueEntry:
    id: int
    ticket_id: int
    queued_at: datetime
    due_at: datetime
    attempts: int = 0
    claim: str | None = None


class MemoryTicketIndexQueue:
    def __init__(self, state: MemoryState) -> None:
        self._entries = state.index_queue
        self._state = state

    async def enqueue(self, ticket_ids: Sequence[int], at: datetime) -> dict[int, int]:
        marks: dict[int, int] = {}
        for ticket_id in ticket_ids:
            entry_id = self._state.allocate_id("ticket_index_queue")
            self._entries[entry_id] = IndexQueueEntry(entry_id, ticket_id, at, at)
            marks[ticket_id] = entry_id
        return marks

    async def settle(self, marks: Mapping[int, int]) -> None:
        for entry in list(self._entries.values()):
            if entry.id <= marks.get(entry.ticket_id, 0):
                del self._entries[entry.id]

    async def claim(
        self, now: datetime, limit: int, *, token: str, lease_until: datetime
    ) -> list[QueuedIndexing]:
        due = sorted((e for e in self._entries.values() if e.due_at <= now), key=lambda e: e.id)
        claimed = []
        for entry in due[:limit]:
            self._entries[entry.id] = replace(entry, claim=token, due_at=lease_until)
            claimed.append(QueuedIndexing(entry.id, entry.ticket_id, entry.attempts))
        return claimed

    async def settle_claimed(self, token: str) -> None:
        for entry in list(self._entries.values()):
            if entry.claim == token:
                del self._entries[entry.id]

    async def release_claimed(self, token: str, due: datetime) -> None:
        for entry in list(self._entries.values()):
            if entry.claim == token:
                self._entries[entry.id] = replace(entry, claim=None, due_at=due)

    async def retry_claimed(self, token: str, due: Mapping[int, datetime]) -> None:
        for entry in list(self._entries.values()):
            if entry.claim == token and entry.id in due:
                self._entries[entry.id] = replace(
                    entry, claim=None, due_at=due[entry.id], attempts=entry.attempts + 1
                )

    async def pending(self) -> int:
        return len(self._entries)
