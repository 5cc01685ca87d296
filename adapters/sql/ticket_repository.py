from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, false, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql import analytics_facts
from adapters.sql.bulk import insert_returning_ids
from adapters.sql.limits import storable_id, storable_text
from adapters.sql.rows import ticket_from_row, ticket_to_row
from adapters.sql.sla_breach import refresh_breach_at
from adapters.sql.tables import ticket_tags, tickets
from adapters.sql.text_search import contains_text
from adapters.sql.ticket_text_index import index_query, indexed_candidates, indexed_count
from application.errors import StaleVersion
from application.ports.ticket_repository import TicketLabels
from application.queries import Page, TicketQuery
from domain.tickets import Ticket, TicketPriority
from domain.tickets.sla_clock import SlaStatus

_GET_MANY_BATCH = 500  # ids per statement, well below every database's limit


def _conditions(query: TicketQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    ids = (query.requester_id, query.assignee_id)
    texts = (query.tag, query.category)
    if any(v is not None and not storable_id(v) for v in ids) or any(
        v is not None and not storable_text(v) for v in texts
    ):
        return [false()]
    if query.status is not None:
        conditions.append(tickets.c.status == query.status.value)
    if query.priority is not None:
        conditions.append(tickets.c.priority == query.priority.rank)
    if query.requester_id is not None:
        conditions.append(tickets.c.requester_id == query.requester_id)
    if query.assignee_id is not None:
        conditions.append(tickets.c.assignee_id == query.assignee_id)
    if query.category is not None:
        conditions.append(tickets.c.category == query.category)
    if query.tag is not None:
        # IN, not a correlated EXISTS: SQLite then searches the tag index instead of
        # probing every ticket, and the count touches only the tagged tickets.
        tagged = select(ticket_tags.c.ticket_id).where(
            ticket_tags.c.tag == query.tag.strip().lower()
        )
        conditions.append(tickets.c.id.in_(tagged))
    if query.text:
        conditions.append(contains_text([tickets.c.title, tickets.c.content], query.text))
    if query.sla is not None:
        conditions.append(_sla_condition(query))
    return conditions


def _sla_condition(query: TicketQuery) -> ColumnElement[bool]:
    """Range conditions on the indexed, derived `sla_breach_at`."""
    assert query.sla_window is not None, "the use case judges `sla` at a moment"
    breach_at = tickets.c.sla_breach_at
    now, until = query.sla_window.now, query.sla_window.at_risk_until
    if query.sla is SlaStatus.BREACHED:
        return breach_at < now
    if query.sla is SlaStatus.AT_RISK:
        return breach_at.between(now, until)
    return or_(breach_at.is_(None), breach_at > until)


def _after(query: TicketQuery) -> ColumnElement[bool]:
    """Rows strictly after `query.after` in the sort order (keyset paging).

    Written as `column <= v AND (column < v OR id < i)` (mirrored for ascending) rather
    than a row comparison: every database turns the first part into a range on the
    sort index, and the second only drops the ties already listed.
    """
    assert query.after is not None
    column, ticket_id = tickets.c[query.sort.column], tickets.c.id
    value, last_id = query.after.value, query.after.id
    if query.sort.descending:
        return and_(column <= value, or_(column < value, ticket_id < last_id))
    return and_(column >= value, or_(column > value, ticket_id > last_id))


def _edited_columns(ticket: Ticket) -> dict[str, Any]:
    """What an edit writes: not the first response, which replies record on their own."""
    row = ticket_to_row(ticket)
    del row["first_responded_at"], row["sla_breach_at"]
    return row


class SqlTicketRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, ticket: Ticket) -> None:
        # The row as parameters, not `.values(...)`: no expression to build per ticket.
        result = await self._connection.execute(insert(tickets), ticket_to_row(ticket))
        ticket.id = result.inserted_primary_key[0]  # type: ignore[index]
        await analytics_facts.ticket_added(self._connection, ticket.id)  # type: ignore[arg-type]
        await self._write_tags(ticket)

    async def add_many(self, batch: Sequence[Ticket]) -> None:
        if not batch:
            return
        ids = await insert_returning_ids(
            self._connection, tickets, [ticket_to_row(ticket) for ticket in batch]
        )
        for ticket, ticket_id in zip(batch, ids, strict=True):
            ticket.id = ticket_id
        rows = [
            {"ticket_id": ticket.id, "tag": tag, "position": position}
            for ticket in batch
            for position, tag in enumerate(ticket.tags)
        ]
        if rows:
            await self._connection.execute(insert(ticket_tags), rows)
        await analytics_facts.rebuild_ticket_facts(self._connection, [t.id for t in batch])  # type: ignore[misc]

    async def labels_after(self, after_id: int, limit: int) -> list[TicketLabels]:
        t = tickets.c
        rows = (
            await self._connection.execute(
                select(t.id, t.title, t.content, t.category, t.priority)
                .where(t.id > after_id)
                .order_by(t.id)
                .limit(limit)
            )
        ).all()
        tags = await self._tags_of([row.id for row in rows])
        return [
            TicketLabels(
                id=row.id,
                title=row.title,
                content=row.content,
                category=row.category,
                priority=TicketPriority.from_rank(row.priority).value,
                tags=tuple(tags[row.id]),
            )
            for row in rows
        ]

    async def get(self, ticket_id: int) -> Ticket | None:
        if not storable_id(ticket_id):
            return None
        # The ticket and its tags in one statement: a row per tag, or one row without a tag.
        tag = ticket_tags.c.tag.label("tag_of_ticket")
        rows = (
            (
                await self._connection.execute(
                    select(tickets, tag)
                    .select_from(tickets.outerjoin(ticket_tags))
                    .where(tickets.c.id == ticket_id)
                    .order_by(ticket_tags.c.position)
                )
            )
            .mappings()
            .all()
        )
        if not rows:
            return None
        tags = [row["tag_of_ticket"] for row in rows if row["tag_of_ticket"] is not None]
        return ticket_from_row(rows[0], tags)

    async def get_many(self, ticket_ids: Sequence[int]) -> dict[int, Ticket]:
        wanted = [i for i in dict.fromkeys(ticket_ids) if storable_id(i)]
        found: dict[int, Ticket] = {}
        for start in range(0, len(wanted), _GET_MANY_BATCH):  # two statements a batch
            part = wanted[start : start + _GET_MANY_BATCH]
            rows = (
                (await self._connection.execute(select(tickets).where(tickets.c.id.in_(part))))
                .mappings()
                .all()
            )
            tags = await self._tags_of([row["id"] for row in rows])
            found.update((row["id"], ticket_from_row(row, tags[row["id"]])) for row in rows)
        return found

    async def update(self, ticket: Ticket, *, expected_version: int) -> None:
        result = await self._connection.execute(
            update(tickets)
            .where(tickets.c.id == ticket.id, tickets.c.version == expected_version)
            .values(_edited_columns(ticket))
        )
        if result.rowcount != 1:
            current = await self._connection.scalar(
                select(tickets.c.version).where(tickets.c.id == ticket.id)
            )
            raise StaleVersion("ticket", ticket.id, expected_version, current)
        await refresh_breach_at(self._connection, ticket.id)  # type: ignore[arg-type]
        await analytics_facts.ticket_changed(self._connection, ticket.id)  # type: ignore[arg-type]
        await self._connection.execute(
            delete(ticket_tags).where(ticket_tags.c.ticket_id == ticket.id)
        )
        await self._write_tags(ticket)

    async def delete(self, ticket_id: int) -> None:
        await self._connection.execute(delete(tickets).where(tickets.c.id == ticket_id))

    async def list(self, query: TicketQuery) -> Page[Ticket]:
        conditions = scanned = _conditions(query)
        # SQLite: the text index of migration 0010 finds `q`'s candidates; the LIKE decides.
        text_index = None
        if query.text and self._connection.dialect.name == "sqlite":
            text_index = index_query(query.text)
        if text_index is not None:
            conditions = [*scanned, indexed_candidates(text_index)]
        total = None
        if query.after is None:
            counted = await self._connection.scalar(
                select(func.count()).select_from(tickets).where(*conditions)
            )
            total = int(counted or 0)
        if text_index is not None and await self._walking_is_cheaper(query, total, text_index):
            conditions = scanned
        column = tickets.c[query.sort.column]
        if query.sort.descending:
            order = (column.desc(), tickets.c.id.desc())
        else:
            order = (column.asc(), tickets.c.id.asc())
        rows: list[Any] = []
        more: bool | None = None
        size = query.page.page_size
        if query.after is not None:
            statement = select(tickets).where(*conditions, _after(query))
            rows = list(
                (await self._connection.execute(statement.order_by(*order).limit(size + 1)))
                .mappings()
                .all()
            )
            more, rows = len(rows) > size, rows[:size]
        # A page past the end is empty; asking would overflow OFFSET for huge page numbers.
        elif query.page.offset < (total or 0):
            rows = list(
                (
                    await self._connection.execute(
                        select(tickets)
                        .where(*conditions)
                        .order_by(*order)
                        .limit(size)
                        .offset(query.page.offset)
                    )
                )
                .mappings()
                .all()
            )
        tags = await self._tags_of([row["id"] for row in rows])
        items = [ticket_from_row(row, tags[row["id"]]) for row in rows]
        return Page(items, total, query.page, more)

    async def _walking_is_cheaper(self, query: TicketQuery, matches: int | None, text: str) -> bool:
        """Whether the page should walk the sort order's index and check each ticket's text,
        rather than fetch and sort every ticket that the text index finds.

        A walk reads about (offset + page size) x tickets / matches tickets before its page
        is full; the index reads every match. So a word in most tickets walks, a rare one
        uses the index. A keyset page is not counted: the index's own count stands in,
        counting only as far as it takes to decide.
        """
        if matches == 0:
            return False
        tickets_at_most = int(await self._connection.scalar(select(func.max(tickets.c.id))) or 0)
        needed = query.page.offset + query.page.page_size
        if matches is None:
            enough = math.isqrt(needed * tickets_at_most) + 1
            matches = int(await self._connection.scalar(indexed_count(text, enough)) or 0)
        return needed * tickets_at_most < matches * matches

    async def record_first_response(self, ticket: Ticket) -> None:
        await self._connection.execute(
            update(tickets)
            .where(tickets.c.id == ticket.id, tickets.c.first_responded_at.is_(None))
            .values(first_responded_at=ticket.sla.first_responded_at)
        )
        await refresh_breach_at(self._connection, ticket.id)  # type: ignore[arg-type]
        await analytics_facts.ticket_changed(self._connection, ticket.id)  # type: ignore[arg-type]

    async def count_by_user(self, user_id: int) -> int:
        count = await self._connection.scalar(
            select(func.count()).where(tickets.c.requester_id == user_id)
        )
        return int(count or 0)

    async def _write_tags(self, ticket: Ticket) -> None:
        if not len(ticket.tags):
            return
        await self._connection.execute(
            insert(ticket_tags),
            [
                {"ticket_id": ticket.id, "tag": tag, "position": position}
                for position, tag in enumerate(ticket.tags)
            ],
        )

    async def _tags_of(self, ticket_ids: Sequence[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        if not ticket_ids:
            return found
        rows = await self._connection.execute(
            select(ticket_tags.c.ticket_id, ticket_tags.c.tag)
            .where(ticket_tags.c.ticket_id.in_(list(ticket_ids)))
            .order_by(ticket_tags.c.ticket_id, ticket_tags.c.position)
        )
        for ticket_id, tag in rows:
            found[ticket_id].append(tag)
        return found
