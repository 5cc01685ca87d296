from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from domain.tickets import UNSET as DOMAIN_UNSET
from domain.tickets import Reply as ReplyEntity
from domain.tickets import Ticket as TicketEntity
from domain.tickets import TicketChanges, TicketPriority, TicketStatus
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
    title: Title
    content: Content
    requester_id: int
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
        )


class ReplyCreate(msgspec.Struct, forbid_unknown_fields=True):
    author_id: int
    content: Annotated[
        str, msgspec.Meta(max_length=REPLY_MAX_LENGTH, description="1..20,000 characters")
    ]
    internal: Annotated[
        bool, msgspec.Meta(description="An internal note, not part of the public conversation")
    ] = False


class Reply(msgspec.Struct):
    id: int
    ticket_id: int
    author_id: int
    content: str
    internal: bool
    created_at: datetime

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
        )
