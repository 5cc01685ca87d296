from __future__ import annotations

import copy
from collections.abc import Sequence

from adapters.memory.store import MemoryState
from domain.tickets import Reply


class MemoryReplyRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    async def add(self, reply: Reply) -> None:
        reply.id = self._state.allocate_id("replies")
        self._state.replies[reply.id] = copy.deepcopy(reply)

    async def add_many(self, replies: Sequence[Reply]) -> None:
        for reply in replies:
            await self.add(reply)

    async def list_for_ticket(
        self, ticket_id: int, *, include_internal: bool = True
    ) -> list[Reply]:
        replies = [
            r
            for r in self._state.replies.values()
            if r.ticket_id == ticket_id and (include_internal or not r.internal)
        ]
        replies.sort(key=lambda r: (r.created_at, r.id or 0))
        return [copy.deepcopy(r) for r in replies]

    async def get(self, reply_id: int) -> Reply | None:
        reply = self._state.replies.get(reply_id)
        return copy.deepcopy(reply) if reply else None

    async def delete(self, reply_id: int) -> None:
        self._state.replies.pop(reply_id, None)

    async def count_for_ticket(self, ticket_id: int) -> int:
        return sum(1 for r in self._state.replies.values() if r.ticket_id == ticket_id)

    async def count_by_author(self, user_id: int) -> int:
        return sum(1 for r in self._state.replies.values() if r.author_id == user_id)
