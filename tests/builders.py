"""Domain objects with sensible defaults, for tests that talk to repositories directly."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from domain.tickets import Tags, Ticket, TicketPriority, TicketStatus
from domain.users import User
from tests.fakes import T0

_serial = itertools.count(1)


def a_user(*, email: str | None = None, name: str = "Ada Lovelace", now: datetime = T0) -> User:
    address = email or f"user{next(_serial)}@example.com"
    return User.register(email=address, name=name, now=now)


def a_ticket(requester_id: int, *, now: datetime = T0, **fields: Any) -> Ticket:
    """A valid new ticket; any field of `Ticket.open` can be overridden."""
    values: dict[str, Any] = {"title": "Printer on fire", "content": "It is on fire."}
    values.update(fields)
    return Ticket.open(requester_id=requester_id, now=now, **values)


def a_stored_ticket(requester_id: int, **fields: Any) -> Ticket:
    """A ticket built field by field, bypassing `open`, for round-trip tests."""
    values: dict[str, Any] = {
        "title": "Title",
        "content": "Content",
        "requester_id": requester_id,
        "status": TicketStatus.OPEN,
        "priority": TicketPriority.MEDIUM,
        "tags": Tags(),
        "category": None,
        "assignee_id": None,
        "created_at": T0,
        "updated_at": T0,
        "resolved_at": None,
        "version": 1,
    }
    values.update(fields)
    return Ticket(**values)


def ticket_fields(ticket: Ticket) -> dict[str, Any]:
    """Every field of a ticket, for comparing two of them (Ticket compares by identity)."""
    return {
        name: getattr(ticket, name)
        for name in (
            "id",
            "title",
            "content",
            "requester_id",
            "status",
            "priority",
            "tags",
            "category",
            "assignee_id",
            "created_at",
            "updated_at",
            "resolved_at",
            "version",
        )
    }


def user_fields(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.name, "created_at": user.created_at}
