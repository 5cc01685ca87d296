"""SQLite's FTS5 index of ticket text (migration 0010) finds every ticket that `q` matches
and stays in step with every write to `tickets`.

`q` is decided by a LIKE over Python's `lower()`; the index only narrows the candidates
(adapters/sql/ticket_text_index.py), so a ticket the index misses would be a wrong
result. The first test tries every character that `lower()` changes, in ticket text and
in the searched text, against the real tokenizer.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import select, text

from adapters.sql.engine import create_engine
from adapters.sql.tables import tickets
from adapters.sql.ticket_text_index import INDEX, index_phrases, index_query, indexed_candidates
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.queries import TicketQuery
from domain.tickets import Reply, TicketChanges
from tests.adapters.raw_rows import insert_raw_tickets
from tests.builders import a_ticket
from tests.contract.helpers import add_replies, add_tickets, add_users
from tests.fakes import T0

CASED = [
    c
    for c in map(chr, range(sys.maxunicode + 1))
    if not "\ud800" <= c <= "\udfff" and c.lower() != c
]
"""Every character that `lower()` changes (1,433 with Python 3.11's Unicode 14)."""


def _substrings(value: str) -> set[str]:
    return {value[i:j] for i in range(len(value)) for j in range(i + 3, len(value) + 1)}


def test_every_ticket_containing_the_text_is_a_candidate_whatever_the_case(
    sqlite_url: str,
) -> None:
    # Each cased character inside a word, at a word's end (where 'Σ' lowers to 'ς'),
    # and lowered.
    texts = [form for c in CASED for form in (f"ab{c}cd", f"ab{c} .", f"ab{c.lower()}cd")]
    engine = create_sync_engine(sqlite_url)
    try:
        with engine.begin() as connection:
            insert_raw_tickets(connection, {n: ("Title", t) for n, t in enumerate(texts, 1)})
            ids = list(range(1, len(texts) + 1))
            lowered = [t.lower() for t in texts]
            asked = missed = 0
            for n, c in enumerate(CASED):
                mine = range(3 * n, 3 * n + 3)
                needles = set().union(*(_substrings(texts[i]) for i in mine))
                needles |= set().union(*(_substrings(lowered[i]) for i in mine))
                for needle in needles:
                    expected = {ids[i] for i in mine if needle.lower() in lowered[i]}
                    query = index_query(needle)
                    if query is None or not expected:
                        continue
                    asked += 1
                    candidates = select(tickets.c.id).where(indexed_candidates(query))
                    found = set(connection.scalars(candidates))
                    if not expected <= found:
                        missed += 1
                        print(f"missed {needle!r} ({c!r} U+{ord(c):04X})")
    finally:
        engine.dispose()
    assert missed == 0
    assert asked > 5 * len(CASED)  # the index served most of them


@pytest.mark.parametrize(
    ("needle", "phrases"),
    [
        ("zanzibar", ["zanzibar"]),
        ("Printer JAMS", ["printer jams"]),
        ("ab", []),  # shorter than a trigram: `q` scans
        ("😀😀😀", ["😀😀😀"]),
        ('say "hi"', ['say "hi"']),
        ("wifi", ["wif"]),  # a final 'i' may be the start of a lowered 'İ'
        ("İstanbul", ["stanbul"]),  # 'i' + U+0307 + 'stanbul'
        ("ᲐᲑᲒ", []),  # Mtavruli: lowered to letters the index does not fold to
        ("\u13a0abc \u13a1defg", ["abc ", "defg"]),  # Cherokee capitals split the text
    ],
)
def test_the_index_is_asked_for_the_pieces_it_surely_holds(needle: str, phrases: list[str]):
    assert index_phrases(needle) == phrases


def test_the_query_quotes_each_piece_and_asks_for_all_of_them() -> None:
    assert index_query('Say "HI" \u13a0 now') == '"say ""hi"" " AND " now"'
    assert index_query("ab") is None


def test_a_text_that_cannot_be_stored_asks_nothing_of_the_index() -> None:
    assert index_query("fire\x00place") is None


async def _index_is_whole(engine: Any) -> list[int]:
    """Checks the index against the tickets (FTS5 integrity-check with rank 1 compares it
    with the content table); the ids it finds for 'zanzibar'."""
    async with engine.connect() as connection:
        await connection.execute(
            text(f"INSERT INTO {INDEX}({INDEX}, rank) VALUES ('integrity-check', 1)")
        )
        found = await connection.scalars(
            text(f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH '\"zanzibar\"' ORDER BY rowid")
        )
        return list(found)


async def test_the_index_stays_in_step_with_every_write(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url, pool_size=1)
    factory = SqlUnitOfWorkFactory(engine)
    try:
        customer, agent = await add_users(factory, 2)
        first, edited = await add_tickets(
            factory,
            a_ticket(customer.id, title="Zanzibar office", content="Printer"),
            a_ticket(customer.id, title="Keyboard", content="Sticky keys"),
        )
        bulk = [a_ticket(customer.id, content=f"zanzibar {n}") for n in range(3)]
        async with factory() as uow:
            await uow.tickets.add_many(bulk)
            await uow.commit()
        assert await _index_is_whole(engine) == [first.id, *(t.id for t in bulk)]

        edited.apply(TicketChanges(content="Trip to ZANZIBAR"), T0)
        async with factory() as uow:
            await uow.tickets.update(edited, expected_version=1)
            await uow.commit()
        first.apply(TicketChanges(title="Office", status="pending"), T0)
        async with factory() as uow:
            await uow.tickets.update(first, expected_version=1)
            await uow.commit()
        edited.apply(TicketChanges(status="pending", priority="high"), T0)  # text unchanged
        async with factory() as uow:
            await uow.tickets.update(edited, expected_version=2)
            await uow.commit()
        assert await _index_is_whole(engine) == [edited.id, *(t.id for t in bulk)]

        await add_replies(factory, Reply(bulk[0].id, agent.id, "zanzibar?", False, T0))
        async with factory() as uow:
            await uow.tickets.delete(bulk[0].id)  # replies, tags, facts go with it
            await uow.commit()
        assert await _index_is_whole(engine) == [edited.id, bulk[1].id, bulk[2].id]

        async with factory(read_only=True) as uow:
            page = await uow.tickets.list(TicketQuery(text="zanzibar"))
        assert {t.id for t in page.items} == {edited.id, bulk[1].id, bulk[2].id}
    finally:
        await engine.dispose()
