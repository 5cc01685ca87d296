"""The Ticket aggregate: a customer's request and the rules for changing it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from domain.errors import InvalidStatusTransition, InvalidValue, ProblemCollector, TicketClosed
from domain.text import bounded_text
from domain.tickets.changes import UNSET, TicketChanges
from domain.tickets.priority import TicketPriority
from domain.tickets.reply import REPLY_MAX_LENGTH, Reply
from domain.tickets.sla_clock import SlaClock
from domain.tickets.sla_policy import SlaPolicy
from domain.tickets.status import TicketStatus
from domain.tickets.tags import Tags

TITLE_MAX_LENGTH = 200
CONTENT_MAX_LENGTH = 20_000
CATEGORY_MAX_LENGTH = 100

E = TypeVar("E", TicketStatus, TicketPriority)


def _enum_value(enum: type[E], field_name: str, raw: object) -> E:
    if isinstance(raw, enum):
        return raw
    try:
        return enum(raw)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InvalidValue.single(field_name, f"'{raw}' is not one of: {allowed}") from None


def _category(raw: str | None) -> str | None:
    """A category is free text; blank means none."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return bounded_text("category", raw, max_length=CATEGORY_MAX_LENGTH)


@dataclass(eq=False)
class Ticket:
    """A support request, its status and its routing.

    Rules:
    - title has 1..200 characters and content 1..20,000 (trimmed, not blank);
    - tags are normalised (see `Tags`);
    - status moves only along `TicketStatus.allowed_next`; setting the current
      status again is not a change;
    - `resolved_at` is set exactly while the status is resolved or closed: it is
      stamped on entering either from a working status and cleared on reopening;
    - every effective change bumps `version` by one and stamps `updated_at`;
      a change that alters nothing leaves both alone;
    - `sla` carries the SLA clocks (see `domain/tickets/sla_clock.py`): started on
      opening, following every status and priority change, and stopped for first
      response by the first public reply of an agent or admin who is not the requester.
    """

    title: str
    content: str
    requester_id: int
    status: TicketStatus
    priority: TicketPriority
    tags: Tags
    category: str | None
    assignee_id: int | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None = None
    version: int = 1
    id: int | None = field(default=None)
    sla: SlaClock = field(default_factory=SlaClock)

    @classmethod
    def open(
        cls,
        *,
        title: str,
        content: str,
        requester_id: int,
        now: datetime,
        priority: str | TicketPriority = TicketPriority.MEDIUM,
        status: str | TicketStatus = TicketStatus.OPEN,
        tags: str | Iterable[str] | None = None,
        category: str | None = None,
        assignee_id: int | None = None,
        sla_policy: SlaPolicy | None = None,
    ) -> Ticket:
        checks = ProblemCollector()
        valid_title = checks.check(bounded_text, "title", title, TITLE_MAX_LENGTH)
        valid_content = checks.check(bounded_text, "content", content, CONTENT_MAX_LENGTH)
        valid_status = checks.check(_enum_value, TicketStatus, "status", status)
        valid_priority = checks.check(_enum_value, TicketPriority, "priority", priority)
        valid_tags = checks.check(Tags.parse, tags)
        valid_category = checks.check(_category, category)
        checks.raise_if_any()
        return cls(
            title=valid_title,
            content=valid_content,
            requester_id=requester_id,
            status=valid_status,
            priority=valid_priority,
            tags=valid_tags,
            category=valid_category,
            assignee_id=assignee_id,
            created_at=now,
            updated_at=now,
            resolved_at=now if valid_status.is_resolved else None,
            sla=SlaClock.start(
                opened_at=now, priority=valid_priority, status=valid_status, policy=sla_policy
            ),
        )

    def apply(
        self, changes: TicketChanges, now: datetime, sla_policy: SlaPolicy | None = None
    ) -> set[str]:
        """Apply a partial change atomically; return the names of fields that changed.

        Every given value is validated before anything changes, so a refused
        change leaves the ticket exactly as it was.
        """
        checks = ProblemCollector()
        given = changes.given()
        new: dict[str, object] = {}
        if "title" in given:
            new["title"] = checks.check(bounded_text, "title", given["title"], TITLE_MAX_LENGTH)
        if "content" in given:
            new["content"] = checks.check(
                bounded_text, "content", given["content"], CONTENT_MAX_LENGTH
            )
        if "status" in given:
            new["status"] = checks.check(_enum_value, TicketStatus, "status", given["status"])
        if "priority" in given:
            new["priority"] = checks.check(
                _enum_value, TicketPriority, "priority", given["priority"]
            )
        if "tags" in given:
            new["tags"] = checks.check(Tags.parse, given["tags"])
        if "category" in given:
            new["category"] = checks.check(_category, given["category"])
        if "assignee_id" in given:
            new["assignee_id"] = given["assignee_id"]
        checks.raise_if_any()

        target_status = new.pop("status", self.status)
        assert isinstance(target_status, TicketStatus)
        if target_status != self.status and not self.status.can_become(target_status):
            raise InvalidStatusTransition(
                self.status.value,
                target_status.value,
                [s.value for s in self.status.allowed_next()],
            )

        changed = {name for name, value in new.items() if getattr(self, name) != value}
        for name in changed:
            setattr(self, name, new[name])
        if target_status != self.status:
            self._move_to(target_status, now)
            changed.add("status")
        if changed & {"status", "priority"}:
            self.sla = self.sla.followed(
                opened_at=self.created_at,
                priority=self.priority,
                status=self.status,
                priority_changed="priority" in changed,
                now=now,
                policy=sla_policy,
            )
        if changed:
            self._touch(now)
        return changed

    def change_status(self, status: str | TicketStatus, now: datetime) -> bool:
        """Move to `status` if allowed; return whether anything changed."""
        return "status" in self.apply(TicketChanges(status=status), now)

    def reply(
        self,
        *,
        author_id: int,
        content: str,
        internal: bool,
        now: datetime,
        from_staff: bool = False,
    ) -> Reply:
        """Write a reply on this ticket. A closed ticket takes none.

        The first public reply of an agent or admin (`from_staff`) who is not the
        requester is the ticket's first response.
        """
        if self.status is TicketStatus.CLOSED:
            raise TicketClosed(self.id)
        text = bounded_text("content", content, max_length=REPLY_MAX_LENGTH)
        if self.id is None:
            raise ValueError("a ticket must be stored before it can be replied to")
        if from_staff and not internal and author_id != self.requester_id:
            self.sla = self.sla.responded(now)
        return Reply(
            ticket_id=self.id,
            author_id=author_id,
            content=text,
            internal=bool(internal),
            created_at=now,
        )

    def _move_to(self, status: TicketStatus, now: datetime) -> None:
        was_resolved = self.status.is_resolved
        self.status = status
        if status.is_resolved and not was_resolved:
            self.resolved_at = now
        elif not status.is_resolved:
            self.resolved_at = None

    def _touch(self, now: datetime) -> None:
        self.version += 1
        self.updated_at = max(now, self.updated_at)


__all__ = ["UNSET", "Ticket", "TicketChanges"]
