from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.tickets import Reply


class ReplyRepository(Protocol):
    """Stores replies. Never commits: the unit of work does."""

    async def add(self, reply: Reply) -> None:
        """Store a new reply and give it an id."""

    async def add_many(self, replies: Sequence[Reply]) -> None:
        """Store new replies in bulk (their ids are not needed, so not read back)."""

    async def list_for_ticket(
        self, ticket_id: int, *, include_internal: bool = True
    ) -> list[Reply]:
        """The ticket's replies, oldest first (ties broken by id)."""

    async def get(self, reply_id: int) -> Reply | None: ...

    async def delete(self, reply_id: int) -> None: ...

    async def count_for_ticket(self, ticket_id: int) -> int: ...

    async def count_by_author(self, user_id: int) -> int: ...
