"""Replies: the messages of a ticket's conversation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

REPLY_MAX_LENGTH = 20_000


@dataclass(eq=False)
class Reply:
    """One message on a ticket.

    An internal reply is a note between agents: it is not part of the public
    conversation with the requester. Replies are listed oldest first.
    `ai_assisted` marks a reply written with an AI draft (set by the AI feature).
    """

    ticket_id: int
    author_id: int
    content: str
    internal: bool
    created_at: datetime
    id: int | None = field(default=None)
    ai_assisted: bool = False
