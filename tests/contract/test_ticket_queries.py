from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from application.queries import PageRequest, TicketQuery, TicketSort
from domain.tickets import Ticket, TicketChanges, TicketPriority, TicketStatus
from tests.builders import a_ticket
from tests.contract.helpers import add_tickets, add_users
from tests.fakes import T0


@dataclass
class Catalogue:
    """Seven tickets that differ in every filterable field."""

    alice: int
    bob: int
    carol: int
    tickets: dict[str, Ticket]

    def ids(self, *names: str) -> list[int]:
        return [self.tickets[name].id for name in names]


@pytest.fixture
async def catalogue(uow_factory) -> Catalogue:
    alice, bob, carol = (u.id for u in await add_users(uow_factory, 3))
    specs = {
        # name: (minutes after T0, fields)
        "printer": (
            0,
            dict(
                title="Printer jams",
                content="Paper stuck",
                priority="low",
                tags="hardware, office",
                category="hardware",
                requester_id=alice,
            ),
        ),
        "vpn": (
            1,
            dict(
                title="VPN drops",
                content="Every hour the VPN disconnects",
                priority="urgent",
                status="in_progress",
                tags="network",
                category="network",
                requester_id=bob,
                assignee_id=carol,
            ),
        ),
        "discount": (
            2,
            dict(
                title="Discount of 50% not applied",
                content="Cart shows full price",
                priority="high",
                tags="billing",
                category="billing",
                requester_id=alice,
                assignee_id=carol,
            ),
        ),
        "underscore": (
            3,
            dict(
                title="File my_report.pdf missing",
                content="Gone since Monday",
                priority="medium",
                status="pending",
                tags="Files, OFFICE",
                category="Hardware",
                requester_id=bob,
            ),
        ),
        "refund": (
            4,
            dict(
                title="Refund request",
                content="Please refund order 5000",
                priority="high",
                status="resolved",
                tags="billing, refund",
                category="billing",
                requester_id=carol,
                assignee_id=bob,
            ),
        ),
        "closed": (
            5,
            dict(
                title="Old thing",
                content="printer toner PRINTER",
                priority="low",
                status="closed",
                requester_id=carol,
            ),
        ),
        "mixed": (
            6,
            dict(
                title="MiXeD CaSe Title",
                content="contains 50 percent and my-report",
                priority="urgent",
                tags="network, billing",
                requester_id=alice,
            ),
        ),
    }
    tickets = {}
    for name, (minutes, fields) in specs.items():
        requester = fields.pop("requester_id")
        tickets[name] = a_ticket(requester, now=T0 + timedelta(minutes=minutes), **fields)
    await add_tickets(uow_factory, *tickets.values())
    return Catalogue(alice, bob, carol, tickets)


async def listed(uow_factory, **query) -> list[int]:
    page = await _page(uow_factory, TicketQuery(**{"sort": TicketSort.CREATED_AT, **query}))
    return [t.id for t in page.items]


async def _page(uow_factory, query: TicketQuery):
    async with uow_factory(read_only=True) as uow:
        return await uow.tickets.list(query)


async def test_no_filter_lists_everything_newest_first_by_default(uow_factory, catalogue):
    page = await _page(uow_factory, TicketQuery())
    assert [t.id for t in page.items] == catalogue.ids(
        "mixed", "closed", "refund", "underscore", "discount", "vpn", "printer"
    )
    assert page.total == 7
    # listed tickets carry their tags, in order
    assert page.items[0].tags.values == ("network", "billing")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (TicketStatus.OPEN, ["printer", "discount", "mixed"]),
        (TicketStatus.IN_PROGRESS, ["vpn"]),
        (TicketStatus.PENDING, ["underscore"]),
        (TicketStatus.RESOLVED, ["refund"]),
        (TicketStatus.CLOSED, ["closed"]),
    ],
)
async def test_filter_by_status(uow_factory, catalogue, status, expected):
    assert await listed(uow_factory, status=status) == catalogue.ids(*expected)


@pytest.mark.parametrize(
    ("priority", "expected"),
    [
        (TicketPriority.LOW, ["printer", "closed"]),
        (TicketPriority.MEDIUM, ["underscore"]),
        (TicketPriority.HIGH, ["discount", "refund"]),
        (TicketPriority.URGENT, ["vpn", "mixed"]),
    ],
)
async def test_filter_by_priority(uow_factory, catalogue, priority, expected):
    assert await listed(uow_factory, priority=priority) == catalogue.ids(*expected)


async def test_filter_by_requester_and_assignee(uow_factory, catalogue):
    c = catalogue
    assert await listed(uow_factory, requester_id=c.alice) == c.ids("printer", "discount", "mixed")
    assert await listed(uow_factory, requester_id=c.carol) == c.ids("refund", "closed")
    assert await listed(uow_factory, assignee_id=c.carol) == c.ids("vpn", "discount")
    assert await listed(uow_factory, assignee_id=c.alice) == []
    assert await listed(uow_factory, requester_id=c.alice, assignee_id=c.carol) == c.ids("discount")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("billing", ["discount", "refund", "mixed"]),
        ("office", ["printer", "underscore"]),
        ("  OFFICE ", ["printer", "underscore"]),
        ("files", ["underscore"]),
        ("bill", []),
        ("nothing", []),
    ],
)
async def test_filter_by_tag_normalises_the_tag(uow_factory, catalogue, tag, expected):
    assert await listed(uow_factory, tag=tag) == catalogue.ids(*expected)


async def test_filter_by_category_is_exact(uow_factory, catalogue):
    assert await listed(uow_factory, category="billing") == catalogue.ids("discount", "refund")
    assert await listed(uow_factory, category="hardware") == catalogue.ids("printer")
    assert await listed(uow_factory, category="Hardware") == catalogue.ids("underscore")
    assert await listed(uow_factory, category="bill") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("printer", ["printer", "closed"]),  # title of one, content of the other
        ("PRINTER", ["printer", "closed"]),
        ("mixed case", ["mixed"]),
        ("vpn DISCONNECTS", ["vpn"]),
        ("50%", ["discount"]),  # '%' is literal: "50 percent" does not match
        ("%", ["discount"]),
        ("my_report", ["underscore"]),  # '_' is literal: "my-report" does not match
        ("_", ["underscore"]),
        ("refund order 5000", ["refund"]),
        ("no such words", []),
    ],
)
async def test_filter_by_text_in_title_or_content(uow_factory, catalogue, text, expected):
    assert await listed(uow_factory, text=text) == catalogue.ids(*expected)


async def test_text_with_a_backslash_is_literal(uow_factory):
    (user,) = await add_users(uow_factory)
    windows, _other = await add_tickets(
        uow_factory,
        a_ticket(user.id, title=r"Path C:\Users\me fails", now=T0),
        a_ticket(user.id, title="Path C:Usersme", now=T0 + timedelta(seconds=1)),
    )
    assert await listed(uow_factory, text="\\") == [windows.id]
    assert await listed(uow_factory, text=r"C:\users") == [windows.id]


async def test_filters_combine(uow_factory, catalogue):
    c = catalogue
    assert await listed(uow_factory, tag="billing", priority=TicketPriority.HIGH) == c.ids(
        "discount", "refund"
    )
    assert await listed(
        uow_factory, tag="billing", priority=TicketPriority.HIGH, status=TicketStatus.OPEN
    ) == c.ids("discount")
    assert await listed(uow_factory, text="50", requester_id=c.alice) == c.ids("discount", "mixed")
    page = await _page(uow_factory, TicketQuery(tag="network", requester_id=c.bob))
    assert [t.id for t in page.items] == c.ids("vpn") and page.total == 1


# --- sorting -------------------------------------------------------------------------------


@pytest.fixture
async def sortable(uow_factory) -> list[Ticket]:
    """Tickets with ties in every sort key, added in an order unrelated to any sort."""
    (user,) = await add_users(uow_factory)
    spec = [  # (created minute, updated minute, priority)
        (2, 9, "low"),
        (0, 5, "urgent"),
        (2, 5, "medium"),
        (1, 7, "urgent"),
        (0, 9, "high"),
        (1, 5, "low"),
    ]
    tickets = []
    for created, updated, priority in spec:
        ticket = a_ticket(user.id, now=T0 + timedelta(minutes=created), priority=priority)
        ticket.updated_at = T0 + timedelta(minutes=updated)
        tickets.append(ticket)
    return await add_tickets(uow_factory, *tickets)


def _expected(tickets: list[Ticket], sort: TicketSort) -> list[int]:
    def key(t: Ticket):
        if sort.column == "priority":
            return (t.priority.rank, t.id)
        return (getattr(t, sort.column), t.id)

    return [t.id for t in sorted(tickets, key=key, reverse=sort.descending)]


@pytest.mark.parametrize("sort", list(TicketSort), ids=str)
async def test_each_sort_order_breaks_ties_by_id(uow_factory, sortable, sort):
    ids = await listed(uow_factory, sort=sort)
    assert ids == _expected(sortable, sort)


async def test_priority_sorts_by_urgency_not_by_name(uow_factory, sortable):
    async with uow_factory(read_only=True) as uow:
        up = await uow.tickets.list(TicketQuery(sort=TicketSort.PRIORITY))
        down = await uow.tickets.list(TicketQuery(sort=TicketSort.PRIORITY_DESC))
    assert [t.priority.value for t in up.items] == [
        "low",
        "low",
        "medium",
        "high",
        "urgent",
        "urgent",
    ]
    assert [t.priority.value for t in down.items] == [
        "urgent",
        "urgent",
        "high",
        "medium",
        "low",
        "low",
    ]


# --- pagination ----------------------------------------------------------------------------


@pytest.mark.parametrize("sort", [TicketSort.CREATED_AT_DESC, TicketSort.PRIORITY], ids=str)
async def test_pages_cover_everything_once(uow_factory, sort):
    (user,) = await add_users(uow_factory)
    # Many ties: only the id tells these tickets apart in either sort.
    tickets = [
        a_ticket(user.id, now=T0 + timedelta(minutes=i % 2), priority=("low", "high")[i % 2])
        for i in range(11)
    ]
    await add_tickets(uow_factory, *tickets)

    pages = []
    for number in range(1, 5):
        page = await _page(uow_factory, TicketQuery(sort=sort, page=PageRequest(number, 3)))
        assert page.total == 11
        assert page.last_page == 4
        pages.append([t.id for t in page.items])

    assert [len(p) for p in pages] == [3, 3, 3, 2]
    flat = [i for p in pages for i in p]
    assert len(set(flat)) == 11 == len(flat)
    assert flat == _expected(tickets, sort)

    beyond = await _page(uow_factory, TicketQuery(sort=sort, page=PageRequest(5, 3)))
    assert beyond.items == [] and beyond.total == 11


async def test_the_total_counts_filtered_tickets_not_the_page(uow_factory, catalogue):
    page = await _page(
        uow_factory, TicketQuery(tag="billing", page=PageRequest(page=2, page_size=2))
    )
    assert page.total == 3
    assert [t.id for t in page.items] == catalogue.ids("discount")


async def test_an_empty_store_has_an_empty_first_page(uow_factory):
    page = await _page(uow_factory, TicketQuery())
    assert page.items == [] and page.total == 0 and page.last_page == 1


@pytest.mark.parametrize("text", ["école", "ÉCOLE", "ÇA", "straße"])
async def test_text_ignores_case_beyond_ascii(uow_factory, text):
    (user,) = await add_users(uow_factory)
    french, german, _other = await add_tickets(
        uow_factory,
        a_ticket(user.id, title="Inscription à l'ÉCOLE: ça bloque", now=T0),
        a_ticket(user.id, title="Adresse: STRAßE 5", now=T0 + timedelta(seconds=1)),
        a_ticket(user.id, title="Plain ascii", now=T0 + timedelta(seconds=2)),
    )
    expected = [german.id] if text == "straße" else [french.id]
    assert await listed(uow_factory, text=text) == expected


# --- texts that an index might get wrong ------------------------------------------------
# SQLite narrows `q` with an FTS5 trigram index (adapters/sql/ticket_text_index.py) whose
# case folding is older than Python's `lower()`, and whose query language gives meaning to
# quotes, `*`, `^`, `:`, `-`, NEAR, AND/OR/NOT and parentheses: none of it may change what
# `q` finds, on any backend.

TRICKY = {
    "quotes": ('Say "hello" to Bob\'s printer', "Quotes \"double\" and 'single'"),
    "percent": ("Discount 100% off_now", r"Path C:\Temp\new and 50%_x"),
    "emoji": ("Emoji 😀😀😀 party 🎉", "Ünïcödé ✓ STRAßE à l'ÉCOLE"),
    "scripts": ("ᲐᲑᲒᲓ Mtavruli title", "ᎠᎡᎢᎣ Cherokee capitals"),
    "dotted": ("Visit İSTANBUL office", "Sent to ABİ"),
    "syntax": ("FTS syntax: NEAR(a b) OR x* AND ^col:", "minus -word NOT (parens)"),
    "greek": ("ΟΔΟΣ Σ greek", "Plain words"),
}


@pytest.fixture
async def tricky(uow_factory) -> dict[str, int]:
    (user,) = await add_users(uow_factory)
    tickets = {
        name: a_ticket(user.id, title=title, content=content, now=T0 + timedelta(minutes=n))
        for n, (name, (title, content)) in enumerate(TRICKY.items())
    }
    await add_tickets(uow_factory, *tickets.values())
    return {name: ticket.id for name, ticket in tickets.items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"hello"', ["quotes"]),
        ('say "hel', ["quotes"]),
        ('""', []),
        ('"', ["quotes"]),
        ("bob's", ["quotes"]),
        ("'single'", ["quotes"]),
        ("100%", ["percent"]),
        ("%_x", ["percent"]),
        ("% off_", ["percent"]),
        ("%%%", []),
        ("___", []),
        (r"c:\temp\new", ["percent"]),
        ("\\n", ["percent"]),
        ("\\\\", []),
        ("😀", ["emoji"]),
        ("😀😀😀", ["emoji"]),
        ("😀😀😀😀", []),
        ("party 🎉", ["emoji"]),
        ("ünïcödé ✓", ["emoji"]),
        ("straße", ["emoji"]),
        ("strasse", []),
        ("l'école", ["emoji"]),
        ("near(a b) or x*", ["syntax"]),
        ("^col:", ["syntax"]),
        ("-word not (", ["syntax"]),
        (" AND ", ["quotes", "percent", "syntax"]),
        ("NEAR", ["syntax"]),
        ("  ", []),
    ],
)
async def test_text_with_special_characters_means_what_it_says(uow_factory, tricky, text, expected):
    assert await listed(uow_factory, text=text) == [tricky[name] for name in expected]
    page = await _page(uow_factory, TicketQuery(text=text))
    assert page.total == len(expected)


# Only where `lower()` is Python's (memory; SQLite registers it). PostgreSQL's and MariaDB's
# own lower() fold some of these otherwise (İ, final sigma; MariaDB: Mtavruli, Cherokee).
@pytest.mark.parametrize("uow_factory", ["memory", "sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("აბგ", ["scripts"]),  # lowered Mtavruli: the SQLite index folds neither to the other
        ("ᲐᲑᲒᲓ", ["scripts"]),
        ("ꭱꭲꭳ cherokee", ["scripts"]),  # lowered Cherokee capitals
        ("ᎠᎡᎢᎣ", ["scripts"]),
        ("İSTANBUL", ["dotted"]),  # lower(): 'i' + combining dot + 'stanbul'
        ("istanbul", []),  # ... so the plain 'i' does not match it
        ("visit i", ["dotted"]),  # the 'i' of 'İ' lowered, at the end of the text
        ("to abi", ["dotted"]),
        ("ΟΔΟΣ", ["greek"]),
        ("οδος \u03c3", ["greek"]),  # lower() writes a final sigma at a word's end
        ("οδοσ", []),
    ],
)
async def test_text_ignores_case_as_python_lower_does(uow_factory, tricky, text, expected):
    assert await listed(uow_factory, text=text) == [tricky[name] for name in expected]


async def test_text_search_follows_edits_bulk_adds_and_deletions(uow_factory):
    (user,) = await add_users(uow_factory)
    (edited,) = await add_tickets(
        uow_factory, a_ticket(user.id, title="Keyboard sticky", content="Spilled coffee")
    )
    bulk = [
        a_ticket(user.id, title=f"Imported {n}", content=f"zanzibar batch {n}", now=T0)
        for n in range(3)
    ]
    async with uow_factory() as uow:
        await uow.tickets.add_many(bulk)
        await uow.commit()
    assert await listed(uow_factory, text="ZANZIBAR batch") == [t.id for t in bulk]

    edited.apply(TicketChanges(title="Mouse broken", content="Dropped it"), T0)
    async with uow_factory() as uow:
        await uow.tickets.update(edited, expected_version=1)
        await uow.commit()
    assert await listed(uow_factory, text="keyboard") == []
    assert await listed(uow_factory, text="coffee") == []
    assert await listed(uow_factory, text="mouse broken") == [edited.id]
    assert await listed(uow_factory, text="dropped") == [edited.id]

    edited.apply(TicketChanges(status="pending"), T0)  # the text stays
    async with uow_factory() as uow:
        await uow.tickets.update(edited, expected_version=2)
        await uow.commit()
    assert await listed(uow_factory, text="dropped") == [edited.id]

    async with uow_factory() as uow:
        await uow.tickets.delete(edited.id)
        await uow.tickets.delete(bulk[1].id)
        await uow.commit()
    assert await listed(uow_factory, text="dropped") == []
    assert await listed(uow_factory, text="zanzibar") == [bulk[0].id, bulk[2].id]
