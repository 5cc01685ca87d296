"""Ticket priorities, ordered by urgency."""

from __future__ import annotations

from enum import StrEnum


class TicketPriority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """1 for low up to 4 for urgent: sorting by rank sorts by urgency."""
        return _RANKS[self]

    @classmethod
    def from_rank(cls, rank: int) -> TicketPriority:
        return _BY_RANK[rank]


_RANKS = {
    TicketPriority.LOW: 1,
    TicketPriority.MEDIUM: 2,
    TicketPriority.HIGH: 3,
    TicketPriority.URGENT: 4,
}
_BY_RANK = {rank: priority for priority, rank in _RANKS.items()}
