"""Keyset paging of the ticket list: every adapter walks the same pages by cursor."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from application.queries import PageRequest, TicketQuery, TicketSort
from application.ticket_cursor import key_of
from domain.tickets import Ticket, TicketPriority, TicketStatus
from tests.builders import a_ticket
from tests.contract.helpers import add_tickets, add_users
from tests.fakes import T0


@pytest.fixture
async def tied(uow_factory) -> list[Ticket]:
    """Seventeen tickets with many ties in every sort key, added in no sort's order."""
    requester, other = (u.id for u in await add_users(uow_factory, 2))
    tickets = []
    for n in range(17):
        ticket = a_ticket(
            requester if n % 3 else other,
            now=T0 + timedelta(minutes=(n * 7) % 4),
            priority=("low", "medium", "high", "urgent")[(n * 5) % 4],
            status="open" if n % 2 else "pending",
            tags="billing" if n % 4 == 0 else "",
        )
        ticket.updated_at = T0 + timedelta(minutes=(n * 3) % 5, microseconds=n % 2)
        tickets.append(ticket)
    return await add_tickets(uow_factory, *tickets)


def _expected(tickets: list[Ticket], sort: TicketSort) -> list[int]:
    def key(t: Ticket):
        value = t.priority.rank if sort.column == "priority" else getattr(t, sort.column)
        return (value, t.id)

    return [t.id for t in sorted(tickets, key=key, reverse=sort.descending)]


async def _walk(uow_factory, query: TicketQuery) -> tuple[list[list[int]], list[int]]:
    """Every page by cursor from the first: the pages' ids and the totals seen."""
    pages, totals = [], []
    async with uow_factory(read_only=True) as uow:
        page = await uow.tickets.list(query)
        while True:
            pages.append([t.id for t in page.items])
            totals.append(page.total)
            if not page.has_next:
                break
            after = key_of(page.items[-1], query.sort)
            page = await uow.tickets.list(replace(query, after=after))
    return pages, totals


@pytest.mark.parametrize("sort", list(TicketSort), ids=str)
async def test_cursor_pages_cover_every_ticket_once_in_sort_order(uow_factory, tied, sort):
    pages, totals = await _walk(uow_factory, TicketQuery(sort=sort, page=PageRequest(1, 4)))
    assert [len(p) for p in pages] == [4, 4, 4, 4, 1]
    assert [i for p in pages for i in p] == _expected(tied, sort)
    assert totals == [17, None, None, None, None]  # cursor pages are not counted


@pytest.mark.parametrize("sort", [TicketSort.CREATED_AT_DESC, TicketSort.PRIORITY], ids=str)
async def test_cursor_pages_agree_with_numbered_pages(uow_factory, tied, sort):
    numbered = []
    async with uow_factory(read_only=True) as uow:
        for number in range(1, 6):
            page = await uow.tickets.list(TicketQuery(sort=sort, page=PageRequest(number, 4)))
            numbered.append([t.id for t in page.items])
    by_cursor, _ = await _walk(uow_factory, TicketQuery(sort=sort, page=PageRequest(1, 4)))
    assert by_cursor == numbered


@pytest.mark.parametrize("sort", [TicketSort.UPDATED_AT_DESC, TicketSort.PRIORITY_DESC], ids=str)
async def test_cursor_pages_keep_the_filters(uow_factory, tied, sort):
    query = TicketQuery(
        sort=sort, status=TicketStatus.PENDING, tag="billing", page=PageRequest(1, 1)
    )
    matching = [t for t in tied if t.status is TicketStatus.PENDING and "billing" in t.tags]
    pages, totals = await _walk(uow_factory, query)
    assert [i for p in pages for i in p] == _expected(matching, sort)
    assert totals == [len(matching)] + [None] * (len(matching) - 1) and len(matching) >= 2


async def test_a_page_that_ends_exactly_at_the_last_ticket_says_nothing_follows(uow_factory, tied):
    sort = TicketSort.CREATED_AT
    last_but_two = next(t for t in tied if t.id in _expected(tied, sort)[-3:-2])
    async with uow_factory(read_only=True) as uow:
        page = await uow.tickets.list(
            TicketQuery(sort=sort, page=PageRequest(1, 2), after=key_of(last_but_two, sort))
        )
        assert [t.id for t in page.items] == _expected(tied, sort)[-2:]
        assert page.has_next is False
        after_last = await uow.tickets.list(
            TicketQuery(sort=sort, after=key_of(page.items[-1], sort))
        )
    assert after_last.items == [] and after_last.has_next is False and after_last.total is None


async def test_a_cursor_survives_the_deletion_of_the_ticket_it_names(uow_factory, tied):
    sort = TicketSort.PRIORITY_DESC
    expected = _expected(tied, sort)
    async with uow_factory(read_only=True) as uow:
        first = await uow.tickets.list(TicketQuery(sort=sort, page=PageRequest(1, 5)))
    async with uow_factory() as uow:
        await uow.tickets.delete(first.items[-1].id)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        second = await uow.tickets.list(
            TicketQuery(sort=sort, page=PageRequest(1, 5), after=key_of(first.items[-1], sort))
        )
    assert [t.id for t in second.items] == expected[5:10]


async def test_the_priority_key_is_the_urgency_rank(uow_factory, tied):
    urgent = [t for t in tied if t.priority is TicketPriority.URGENT]
    last_urgent = min(urgent, key=lambda t: t.id)  # the last of them, newest id first
    sort = TicketSort.PRIORITY_DESC
    async with uow_factory(read_only=True) as uow:
        page = await uow.tickets.list(
            TicketQuery(sort=sort, page=PageRequest(1, 100), after=key_of(last_urgent, sort))
        )
    assert TicketPriority.URGENT not in {t.priority for t in page.items}
    assert [t.id for t in page.items] == _expected(tied, sort)[len(urgent) :]


@pytest.mark.parametrize("text", ["printer", "screen"])
async def test_text_search_pages_by_number_and_by_cursor_alike(uow_factory, text):
    """On SQLite, pages of a word in most tickets walk the sort order, pages of a rarer one
    (and deep ones) come from the text index: the pages are the same either way."""
    (user,) = await add_users(uow_factory)
    tickets = await add_tickets(
        uow_factory,
        *(
            a_ticket(
                user.id,
                title=f"{'Screen' if n % 4 == 0 else 'Printer'} {n}",
                now=T0 + timedelta(minutes=(n * 7) % 5),
            )
            for n in range(17)
        ),
    )
    sort = TicketSort.CREATED_AT_DESC
    expected = _expected([t for t in tickets if text in t.title.lower()], sort)
    numbered = []
    async with uow_factory(read_only=True) as uow:
        for number in range(1, 6):
            query = TicketQuery(sort=sort, text=text, page=PageRequest(number, 3))
            numbered.extend(t.id for t in (await uow.tickets.list(query)).items)
    by_cursor, _ = await _walk(
        uow_factory, TicketQuery(sort=sort, text=text, page=PageRequest(1, 3))
    )
    assert numbered == expected
    assert [i for p in by_cursor for i in p] == expected
