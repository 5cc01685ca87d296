"""Request and response bodies of the baseline (pydantic v2)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    URGENT = "urgent"


class TicketCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    content: str = Field(min_length=1, max_length=20_000)
    requester_id: int | None = None
    status: Status = Status.OPEN
    priority: Priority = Priority.MEDIUM
    tags: list[str] = Field(default_factory=list, max_length=20)
    category: str | None = Field(default=None, max_length=100)
    assignee_id: int | None = None


class TicketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    content: str
    status: Status
    priority: Priority
    tags: list[str]
    category: str | None
    requester_id: int
    assignee_id: int | None
    created_at: datetime
    updated_at: datetime
    version: int


class ReplyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content: str = Field(min_length=1, max_length=20_000)
    internal: bool = False


class ReplyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: int
    author_id: int
    content: str
    internal: bool
    created_at: datetime
