"""Ticket statuses and the moves allowed between them."""

from __future__ import annotations

from enum import StrEnum


class TicketStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_resolved(self) -> bool:
        """Resolved and closed tickets count as solved: they carry `resolved_at`."""
        return self in _SOLVED

    def allowed_next(self) -> tuple[TicketStatus, ...]:
        return _TRANSITIONS[self]

    def can_become(self, other: TicketStatus) -> bool:
        return other in _TRANSITIONS[self]


_SOLVED = frozenset({TicketStatus.RESOLVED, TicketStatus.CLOSED})

# Working statuses move freely among themselves and to resolved or closed.
# A resolved ticket can be reopened (to open or in_progress) or closed.
# A closed ticket is final except for reopening it to open.
_TRANSITIONS: dict[TicketStatus, tuple[TicketStatus, ...]] = {
    TicketStatus.OPEN: (
        TicketStatus.IN_PROGRESS,
        TicketStatus.PENDING,
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
    ),
    TicketStatus.IN_PROGRESS: (
        TicketStatus.OPEN,
        TicketStatus.PENDING,
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
    ),
    TicketStatus.PENDING: (
        TicketStatus.OPEN,
        TicketStatus.IN_PROGRESS,
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
    ),
    TicketStatus.RESOLVED: (
        TicketStatus.OPEN,
        TicketStatus.IN_PROGRESS,
        TicketStatus.CLOSED,
    ),
    TicketStatus.CLOSED: (TicketStatus.OPEN,),
}
