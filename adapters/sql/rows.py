"""Mapping between table rows and domain entities, both ways."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from domain.tickets import Reply, Tags, Ticket, TicketPriority, TicketStatus
from domain.tickets.sla_clock import Pause, SlaClock
from domain.users import Email, Role, User


def user_from_row(row: Mapping[str, Any]) -> User:
    return User(
        id=row["id"],
        email=Email(row["email"]),
        name=row["name"],
        created_at=row["created_at"],
        role=Role(row["role"]),
        active=bool(row["active"]),
        password_hash=row["password_hash"],
    )


def user_to_row(user: User) -> dict[str, Any]:
    return {
        "email": user.email.value,
        "name": user.name,
        "created_at": user.created_at,
        "role": user.role.value,
        "active": user.active,
        "password_hash": user.password_hash,
    }


def ticket_from_row(row: Mapping[str, Any], tags: Sequence[str]) -> Ticket:
    return Ticket(
        id=row["id"],
        title=row["title"],
        content=row["content"],
        status=TicketStatus(row["status"]),
        priority=TicketPriority.from_rank(row["priority"]),
        tags=Tags(tuple(tags)),
        category=row["category"],
        requester_id=row["requester_id"],
        assignee_id=row["assignee_id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        resolved_at=row["resolved_at"],
        version=row["version"],
        sla=sla_from_row(row),
    )


def sla_from_row(row: Mapping[str, Any]) -> SlaClock:
    pauses = json.loads(row["sla_pauses"]) if row["sla_pauses"] else []
    return SlaClock(
        first_response_due_at=row["first_response_due_at"],
        resolution_due_at=row["resolution_due_at"],
        first_responded_at=row["first_responded_at"],
        paused_at=row["resolution_paused_at"],
        pauses=tuple(
            Pause(datetime.fromisoformat(start), datetime.fromisoformat(end))
            for start, end in pauses
        ),
    )


def sla_to_row(ticket: Ticket) -> dict[str, Any]:
    """The SLA columns; `sla_breach_at` is derived (see SlaClock.breach_at)."""
    sla = ticket.sla
    pauses = [[p.started_at.isoformat(), p.ended_at.isoformat()] for p in sla.pauses]
    return {
        "first_response_due_at": sla.first_response_due_at,
        "first_responded_at": sla.first_responded_at,
        "resolution_due_at": sla.resolution_due_at,
        "resolution_paused_at": sla.paused_at,
        "sla_pauses": json.dumps(pauses) if pauses else None,
        "sla_breach_at": sla.breach_at(ticket.resolved_at),
    }


def ticket_to_row(ticket: Ticket) -> dict[str, Any]:
    return {
        "title": ticket.title,
        "content": ticket.content,
        "status": ticket.status.value,
        "priority": ticket.priority.rank,
        "category": ticket.category,
        "requester_id": ticket.requester_id,
        "assignee_id": ticket.assignee_id,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
        "resolved_at": ticket.resolved_at,
        "version": ticket.version,
        **sla_to_row(ticket),
    }


def reply_from_row(row: Mapping[str, Any]) -> Reply:
    return Reply(
        id=row["id"],
        ticket_id=row["ticket_id"],
        author_id=row["author_id"],
        content=row["content"],
        internal=bool(row["internal"]),
        created_at=row["created_at"],
        ai_assisted=bool(row["ai_assisted"]),
    )


def reply_to_row(reply: Reply) -> dict[str, Any]:
    return {
        "ticket_id": reply.ticket_id,
        "author_id": reply.author_id,
        "content": reply.content,
        "internal": reply.internal,
        "created_at": reply.created_at,
        "ai_assisted": reply.ai_assisted,
    }
