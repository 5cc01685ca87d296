from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from domain.tickets import Reply, Ticket
from domain.users import User


@dataclass
class MemoryState:
    """Everything the in-memory adapters hold; copied whole per unit of work."""

    users: dict[int, User] = field(default_factory=dict)
    tickets: dict[int, Ticket] = field(default_factory=dict)
    replies: dict[int, Reply] = field(default_factory=dict)
    next_ids: dict[str, int] = field(
        default_factory=lambda: {"users": 1, "tickets": 1, "replies": 1}
    )

    def allocate_id(self, kind: str) -> int:
        value = self.next_ids[kind]
        self.next_ids[kind] = value + 1
        return value


@dataclass
class MemoryStore:
    """The committed state plus a lock that makes units of work serialisable."""

    state: MemoryState = field(default_factory=MemoryState)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
