from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from adapters.memory.store import MemoryState
from application.errors import StaleVersion
from application.ports.ticket_repository import TicketLabels
from application.queries import Page, TicketQuery
from domain.tickets import Ticket
from domain.tickets.sla_clock import sla_status


def _matches(ticket: Ticket, query: TicketQuery) -> bool:
    if query.status is not None and ticket.status != query.status:
        return False
    if query.priority is not None and ticket.priority != query.priority:
        return False
    if query.requester_id is not None and ticket.requester_id != query.requester_id:
        return False
    if query.assignee_id is not None and ticket.assignee_id != query.assignee_id:
        return False
    if query.tag is not None and query.tag.strip().lower() not in ticket.tags:
        return False
    if query.category is not None and ticket.category != query.category:
        return False
    if query.text:
        needle = query.text.lower()
        if needle not in ticket.title.lower() and needle not in ticket.content.lower():
            return False
    if query.sla is not None:
        assert query.sla_window is not None, "the use case judges `sla` at a moment"
        breach_at = ticket.sla.breach_at(ticket.resolved_at)
        window = query.sla_window
        if sla_status(breach_at, window.now, window.at_risk_until) != query.sla:
            return False
    return True


def _sort_key(ticket: Ticket, column: str) -> tuple[Any, int]:
    value: Any
    value = ticket.priority.rank if column == "priority" else getattr(ticket, column)
    return (value, ticket.id or 0)


class MemoryTicketRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    async def add(self, ticket: Ticket) -> None:
        ticket.id = self._state.allocate_id("tickets")
        self._state.tickets[ticket.id] = copy.deepcopy(ticket)

    async def add_many(self, tickets: Sequence[Ticket]) -> None:
        for ticket in tickets:
            await self.add(ticket)

    async def labels_after(self, after_id: int, limit: int) -> list[TicketLabels]:
        ids = sorted(i for i in self._state.tickets if i > after_id)[:limit]
        return [
            TicketLabels(
                id=ticket.id or 0,
                title=ticket.title,
                content=ticket.content,
                category=ticket.category,
                priority=ticket.priority.value,
                tags=tuple(ticket.tags),
            )
            for ticket in (self._state.tickets[i] for i in ids)
        ]

    async def get(self, ticket_id: int) -> Ticket | None:
        ticket = self._state.tickets.get(ticket_id)
        return copy.deepcopy(ticket) if ticket else None

    async def get_many(self, ticket_ids: Sequence[int]) -> dict[int, Ticket]:
        found = (self._state.tickets.get(i) for i in dict.fromkeys(ticket_ids))
        return {t.id: copy.deepcopy(t) for t in found if t is not None and t.id is not None}

    async def update(self, ticket: Ticket, *, expected_version: int) -> None:
        assert ticket.id is not None
        stored = self._state.tickets.get(ticket.id)
        if stored is None or stored.version != expected_version:
            raise StaleVersion(
                "ticket", ticket.id, expected_version, stored.version if stored else None
            )
        updated = copy.deepcopy(ticket)
        if stored.sla.first_responded_at is not None:  # replies record it; edits never undo it
            updated.sla = updated.sla.responded(stored.sla.first_responded_at)
        self._state.tickets[ticket.id] = updated

    async def delete(self, ticket_id: int) -> None:
        self._state.tickets.pop(ticket_id, None)
        for reply_id in [r.id for r in self._state.replies.values() if r.ticket_id == ticket_id]:
            del self._state.replies[reply_id]  # type: ignore[arg-type]
        for entry_id in [a.id for a in self._state.activity.values() if a.ticket_id == ticket_id]:
            del self._state.activity[entry_id]  # type: ignore[arg-type]
        for rating_id in [r.id for r in self._state.ratings.values() if r.ticket_id == ticket_id]:
            del self._state.ratings[rating_id]  # type: ignore[arg-type]

    async def list(self, query: TicketQuery) -> Page[Ticket]:
        found = [t for t in self._state.tickets.values() if _matches(t, query)]
        found.sort(key=lambda t: _sort_key(t, query.sort.column), reverse=query.sort.descending)
        size = query.page.page_size
        if query.after is None:
            start = query.page.offset
            chosen = found[start : start + size]
            return Page([copy.deepcopy(t) for t in chosen], len(found), query.page)
        position = (query.after.value, query.after.id)
        if query.sort.descending:
            following = [t for t in found if _sort_key(t, query.sort.column) < position]
        else:
            following = [t for t in found if _sort_key(t, query.sort.column) > position]
        chosen = following[:size]
        more = len(following) > size
        return Page([copy.deepcopy(t) for t in chosen], None, query.page, more)

    async def count_by_user(self, user_id: int) -> int:
        return sum(1 for t in self._state.tickets.values() if t.requester_id == user_id)

    async def record_first_response(self, ticket: Ticket) -> None:
        assert ticket.id is not None
        stored = self._state.tickets.get(ticket.id)
        responded = ticket.sla.first_responded_at
        if stored is not None and responded is not None:
            stored.sla = stored.sla.responded(responded)
