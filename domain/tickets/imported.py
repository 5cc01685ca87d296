"""Tickets brought in from another system, with their history.

Rules:
- an imported ticket is rebuilt as if it had lived here: opened at `created_at`
  (default: the moment of the import) under the SLA policy in force, first
  answered at `first_response_at` (default: its earliest public reply by an
  agent or admin who is not the requester), and moved to its status at the
  moment its history says, so SLA and dashboard figures treat it exactly like
  a live ticket with the same history;
- a resolved or closed ticket was solved at `resolved_at` (default: its last
  known moment, the latest of `created_at`, `first_response_at` and its
  replies); only resolved or closed tickets take a `resolved_at`;
- a pending ticket's resolution clock stopped at its last known moment;
- every timestamp carries a time zone, none lies in the future, and none
  precedes `created_at`;
- replies keep their author, text, internal flag and time (default:
  `created_at`); they are stored in the order given;
- the ticket starts at version 1, last updated at its last known moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.errors import FieldProblem, InvalidValue, ProblemCollector
from domain.text import bounded_text
from domain.tickets.changes import TicketChanges
from domain.tickets.priority import TicketPriority
from domain.tickets.reply import REPLY_MAX_LENGTH, Reply
from domain.tickets.sla_policy import SlaPolicy
from domain.tickets.status import TicketStatus
from domain.tickets.ticket import Ticket


@dataclass(frozen=True, slots=True)
class ImportedReply:
    author_id: int
    content: str
    internal: bool = False
    created_at: datetime | None = None
    from_staff: bool = False


@dataclass(frozen=True, slots=True)
class ImportedTicket:
    title: str
    content: str
    requester_id: int
    status: str = TicketStatus.OPEN.value
    priority: str = TicketPriority.MEDIUM.value
    tags: str | Iterable[str] | None = None
    category: str | None = None
    created_at: datetime | None = None
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    replies: Sequence[ImportedReply] = ()


def _status(raw: str) -> TicketStatus:
    try:
        return TicketStatus(raw)
    except ValueError:
        allowed = ", ".join(status.value for status in TicketStatus)
        raise InvalidValue.single("status", f"'{raw}' is not one of: {allowed}") from None


def _moment(
    field: str, value: datetime | None, *, earliest: datetime | None, now: datetime
) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise InvalidValue.single(field, "must include a time zone (e.g. Z or +02:00)")
    if value > now:
        raise InvalidValue.single(field, "must not be in the future")
    if earliest is not None and value < earliest:
        raise InvalidValue.single(field, "must not be before created_at")
    return value


def _replies(
    record: ImportedTicket, opened: datetime, now: datetime, checks: ProblemCollector
) -> list[Reply]:
    replies = []
    for index, raw in enumerate(record.replies):
        where = f"replies/{index}"
        content = checks.check(bounded_text, f"{where}/content", raw.content, REPLY_MAX_LENGTH)
        at = checks.check(_moment, f"{where}/created_at", raw.created_at, earliest=opened, now=now)
        replies.append(
            Reply(
                ticket_id=0,  # set once the ticket is stored
                author_id=raw.author_id,
                content=content or "",
                internal=bool(raw.internal),
                created_at=at or opened,
            )
        )
    return replies


def _first_response(record: ImportedTicket, replies: list[Reply]) -> datetime | None:
    answers = [
        reply.created_at
        for raw, reply in zip(record.replies, replies, strict=True)
        if raw.from_staff and not raw.internal and raw.author_id != record.requester_id
    ]
    return min(answers, default=None)


def import_ticket(
    record: ImportedTicket, *, now: datetime, policy: SlaPolicy | None = None
) -> tuple[Ticket, list[Reply]]:
    """The ticket and its replies (ticket ids unset), or InvalidValue naming every problem."""
    checks = ProblemCollector()
    opened = checks.check(_moment, "created_at", record.created_at, earliest=None, now=now) or now
    status = checks.check(_status, record.status)
    ticket = checks.check(
        Ticket.open,
        title=record.title,
        content=record.content,
        requester_id=record.requester_id,
        now=opened,
        priority=record.priority,
        tags=record.tags,
        category=record.category,
        sla_policy=policy,
    )
    answered = checks.check(
        _moment, "first_response_at", record.first_response_at, earliest=opened, now=now
    )
    resolved = checks.check(_moment, "resolved_at", record.resolved_at, earliest=opened, now=now)
    if record.resolved_at is not None and status is not None and not status.is_resolved:
        checks.problems.append(
            FieldProblem("resolved_at", "is only for resolved or closed tickets")
        )
    replies = _replies(record, opened, now, checks)
    checks.raise_if_any()
    assert ticket is not None and status is not None

    answered = answered or _first_response(record, replies)
    if answered is not None:
        ticket.sla = ticket.sla.responded(answered)
    last = max([opened, *([answered] if answered else []), *(r.created_at for r in replies)])
    if status is not TicketStatus.OPEN:
        if status.is_resolved:
            moved_at = resolved or last
        elif status is TicketStatus.IN_PROGRESS:
            moved_at = opened
        else:  # pending: waiting since the last thing that happened
            moved_at = last
        ticket.apply(TicketChanges(status=status), moved_at, sla_policy=policy)
    ticket.version = 1
    ticket.updated_at = max(last, ticket.resolved_at or last)
    return ticket, replies
