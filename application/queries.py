"""Read models: filters, sort orders and pages of results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from domain.errors import InvalidValue
from domain.tickets import TicketPriority, TicketStatus
from domain.tickets.sla_clock import SlaStatus
from domain.users import Role

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class TicketSort(StrEnum):
    """Sort orders of the ticket list; a leading '-' means descending.

    Priority sorts by urgency (low < medium < high < urgent). Ties are
    broken by id in the same direction, so pages never overlap.
    """

    CREATED_AT = "created_at"
    CREATED_AT_DESC = "-created_at"
    UPDATED_AT = "updated_at"
    UPDATED_AT_DESC = "-updated_at"
    PRIORITY = "priority"
    PRIORITY_DESC = "-priority"

    @property
    def column(self) -> str:
        return self.value.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.value.startswith("-")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Page numbers start at 1; a page holds 1..100 items."""

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def __post_init__(self) -> None:
        if self.page < 1:
            raise InvalidValue.single("page", "must be at least 1")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise InvalidValue.single("page_size", f"must be between 1 and {MAX_PAGE_SIZE}")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int | None
    """Matches over all pages; None when not counted (keyset pages of the ticket list)."""
    request: PageRequest
    more: bool | None = None
    """Whether items follow this page; None: judged from the total and the page number."""

    @property
    def last_page(self) -> int:
        """Never below 1, so an empty result still has a first page."""
        assert self.total is not None, "numbered pages are counted"
        return max(1, -(-self.total // self.request.page_size))

    @property
    def has_next(self) -> bool:
        if self.more is not None:
            return self.more
        assert self.total is not None, "numbered pages are counted"
        return self.request.offset + len(self.items) < self.total


@dataclass(frozen=True, slots=True)
class SlaWindow:
    """The moment an `sla=` filter is judged at, and the end of its at-risk horizon."""

    now: datetime
    at_risk_until: datetime


@dataclass(frozen=True, slots=True)
class TicketKey:
    """A position in a ticket sort order: the sort value (an aware datetime, or a
    priority rank 1..4) and the id that breaks ties."""

    value: datetime | int
    id: int


@dataclass(frozen=True, slots=True)
class TicketQuery:
    status: TicketStatus | None = None
    priority: TicketPriority | None = None
    requester_id: int | None = None
    assignee_id: int | None = None
    tag: str | None = None
    category: str | None = None
    text: str | None = None
    sla: SlaStatus | None = None
    sla_window: SlaWindow | None = None
    """Set by the use case whenever `sla` is: the clock's now and the at-risk horizon."""
    sort: TicketSort = TicketSort.CREATED_AT_DESC
    page: PageRequest = field(default_factory=PageRequest)
    after: TicketKey | None = None
    """Keyset paging: the page holds the tickets strictly after this position in `sort`
    (`page.page` is then ignored; `page.page_size` still applies), and `Page.more` says
    whether any follow. Such a page is not counted (`Page.total` is None): on a million
    tickets the count costs more than the page, and the first page told the total."""


@dataclass(frozen=True, slots=True)
class UserQuery:
    """`text` matches name or e-mail; `ids` restricts to those users; `role` to one role."""

    text: str | None = None
    ids: tuple[int, ...] | None = None
    role: Role | None = None
    page: PageRequest = field(default_factory=PageRequest)
