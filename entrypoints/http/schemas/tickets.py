from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from domain.tickets import UNSET as DOMAIN_UNSET
from domain.tickets import Reply as ReplyEntity
from domain.tickets import Ticket as TicketEntity
from domain.tickets import TicketChanges, TicketPriority, TicketStatus
from domain.tickets.activity import Activity as ActivityEntity
from domain.tickets.reply import REPLY_MAX_LENGTH
from domain.tickets.ticket import CATEGORY_MAX_LENGTH, CONTENT_MAX_LENGTH, TITLE_MAX_LENGTH

Title = Annotated[str, msgspec.Meta(max_length=TITLE_MAX_LENGTH, description="1..200 characters")]
Content = Annotated[
    str, msgspec.Meta(max_length=CONTENT_MAX_LENGTH, description="1..20,000 characters")
]
Category = Annotated[str, msgspec.Meta(max_length=CATEGORY_MAX_LENGTH)]
TagsInput = Annotated[
    str | list[str],
    msgspec.Meta(
        description="A list of tags or one comma-separated string; normalised to a "
        "lower-case, de-duplicated list of at most 20 tags of at most 40 characters.",
        examples=[["login", "auth"], "login,auth"],
    ),
]


class TicketCreate(msgspec.Struct, forbid_unknown_fields=True):
    """`requester_id` is required from agents and admins; customers file for themselves."""

    title: Title
    content: Content
    requester_id: int | None = None
    status: TicketStatus = TicketStatus.OPEN
    priority: TicketPriority = TicketPriority.MEDIUM
    tags: TagsInput | None = None
    category: Category | None = None
    assignee_id: int | None = None


class TicketUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields present change; `null` clears category or assignee."""

    title: Title | UnsetType = UNSET
    content: Content | UnsetType = UNSET
    status: TicketStatus | UnsetType = UNSET
    priority: TicketPriority | UnsetType = UNSET
    tags: TagsInput | UnsetType | None = UNSET
    category: Category | UnsetType | None = UNSET
    assignee_id: int | UnsetType | None = UNSET

    def to_changes(self) -> TicketChanges:
        given = {
            name: getattr(self, name)
            for name in self.__struct_fields__
            if getattr(self, name) is not UNSET
        }
        defaults = {name: DOMAIN_UNSET for name in self.__struct_fields__}
        return TicketChanges(**{**defaults, **given})


class Ticket(msgspec.Struct):
    id: int
    title: str
    content: str
    status: TicketStatus
    priority: TicketPriority
    tags: list[str]
    category: str | None
    requester_id: int
    assignee_id: int | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    version: int
    first_response_due_at: Annotated[
        datetime | None,
        msgspec.Meta(description="When the first public staff reply is due (SLA)"),
    ]
    first_responded_at: Annotated[
        datetime | None,
        msgspec.Meta(description="The first public reply of an agent or admin"),
    ]
    resolution_due_at: Annotated[
        datetime | None,
        msgspec.Meta(
            description="When resolution is due (SLA); time in pending, resolved or closed "
            "does not count, and while the clock stands still this is where it stood"
        ),
    ]
    resolution_paused_at: Annotated[
        datetime | None,
        msgspec.Meta(
            description="Since when the resolution clock stands still; null while it runs"
        ),
    ]

    @classmethod
    def of(cls, ticket: TicketEntity) -> Ticket:
        assert ticket.id is not None
        return cls(
            id=ticket.id,
            title=ticket.title,
            content=ticket.content,
            status=ticket.status,
            priority=ticket.priority,
            tags=list(ticket.tags),
            category=ticket.category,
            requester_id=ticket.requester_id,
            assignee_id=ticket.assignee_id,
            created_at=ticket.created_at,
            updated_at=ticket.updated_at,
            resolved_at=ticket.resolved_at,
            version=ticket.version,
            first_response_due_at=ticket.sla.first_response_due_at,
            first_responded_at=ticket.sla.first_responded_at,
            resolution_due_at=ticket.sla.resolution_due_at,
            resolution_paused_at=ticket.sla.paused_at,
        )


class ReplyCreate(msgspec.Struct, forbid_unknown_fields=True):
    """The author is the signed-in account. `author_id` is accepted for older clients
    but must then name that account."""

    content: Annotated[
        str, msgspec.Meta(max_length=REPLY_MAX_LENGTH, description="1..20,000 characters")
    ]
    internal: Annotated[
        bool, msgspec.Meta(description="An internal note, not part of the public conversation")
    ] = False
    author_id: int | None = None


class Reply(msgspec.Struct):
    id: int
    ticket_id: int
    author_id: int
    content: str
    internal: bool
    created_at: datetime
    ai_assisted: Annotated[bool, msgspec.Meta(description="Written with an AI draft")]

    @classmethod
    def of(cls, reply: ReplyEntity) -> Reply:
        assert reply.id is not None
        return cls(
            id=reply.id,
            ticket_id=reply.ticket_id,
            author_id=reply.author_id,
            content=reply.content,
            internal=reply.internal,
            created_at=reply.created_at,
            ai_assisted=reply.ai_assisted,
        )


class ActivityEntry(msgspec.Struct):
    id: int
    ticket_id: int
    actor_id: int | None
    action: str
    details: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, entry: ActivityEntity) -> ActivityEntry:
        assert entry.id is not None
        return cls(
            id=entry.id,
            ticket_id=entry.ticket_id,
            actor_id=entry.actor_id,
            action=entry.action.value,
            details=entry.details,
            created_at=entry.created_at,
        )
