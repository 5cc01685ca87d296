"""Tickets are indexed after their writes commit; similar tickets put resolved ones first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from application.errors import NotFound
from application.use_cases.knowledge import index_tickets
from application.use_cases.knowledge.find_similar_tickets import FindSimilarTicketsHandler
from application.use_cases.knowledge.index_tickets import (
    TicketIndexingUnitOfWorkFactory,
    VectorTicketIndexer,
)
from domain.tickets import Ticket, TicketChanges
from tests.builders import a_user
from tests.knowledge.conftest import make_kb

NOW = datetime(2025, 1, 1, tzinfo=UTC)


async def _user(uow: MemoryUnitOfWorkFactory) -> int:
    async with uow() as unit:
        user = a_user()
        await unit.users.add(user)
        await unit.commit()
    assert user.id is not None
    return user.id


async def _ticket(uow, requester: int, title: str, content: str, status: str = "open") -> Ticket:  # type: ignore[no-untyped-def]
    ticket = Ticket.open(
        title=title, content=content, requester_id=requester, now=NOW, status=status
    )
    async with uow() as unit:
        await unit.tickets.add(ticket)
        await unit.commit()
    return ticket


async def test_similar_tickets_rank_resolved_ones_first() -> None:
    kb = make_kb()
    indexer = VectorTicketIndexer(kb)
    requester = await _user(kb.uow)  # type: ignore[arg-type]
    new = await _ticket(
        kb.uow, requester, "Cannot reset my password", "The reset link never arrives"
    )
    open_like = await _ticket(
        kb.uow, requester, "Password reset link missing", "No reset e-mail arrives"
    )
    solved = await _ticket(
        kb.uow, requester, "Reset password e-mail", "The reset link did not arrive", "resolved"
    )
    other = await _ticket(kb.uow, requester, "Invoice address wrong", "Please fix my invoice")
    await indexer.index([new, open_like, solved, other])
    found = await FindSimilarTicketsHandler(kb)(new.id, 3)  # type: ignore[arg-type]
    ids = [s.ticket.id for s in found]
    assert new.id not in ids
    assert ids[0] == solved.id
    assert ids.index(open_like.id) < ids.index(other.id)
    with pytest.raises(NotFound):
        await FindSimilarTicketsHandler(kb)(9999)


async def test_committed_ticket_writes_are_indexed_and_failures_never_leak(caplog) -> None:  # type: ignore[no-untyped-def]
    kb = make_kb()
    indexer = VectorTicketIndexer(kb)
    uow = TicketIndexingUnitOfWorkFactory(kb.uow, indexer, kb.clock)
    requester = await _user(kb.uow)  # type: ignore[arg-type]
    ticket = await _ticket(uow, requester, "Printer on fire", "Help")
    async with uow() as unit:  # rolled back: nothing to index
        await unit.tickets.add(Ticket.open(title="x", content="y", requester_id=requester, now=NOW))
    await indexer.drain()
    assert await kb.vectors.count("tickets") == 1

    changed = await kb_get(uow, ticket.id)
    changed.apply(TicketChanges(status="resolved"), NOW)
    async with uow() as unit:
        await unit.tickets.update(changed, expected_version=1)
        await unit.commit()
    await indexer.drain()
    (entry,) = await kb.vectors.get("tickets", [str(ticket.id)])
    assert entry.metadata["status"] == "resolved"

    async with uow() as unit:
        await unit.tickets.delete(ticket.id)
        await unit.commit()
    await indexer.drain()
    assert await kb.vectors.count("tickets") == 0

    class Broken:
        async def embed(self, texts):  # type: ignore[no-untyped-def]
            raise RuntimeError("model exploded")

        async def space(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("model exploded")

    broken_kb = make_kb()
    broken_kb.embedder = Broken()  # type: ignore[assignment]
    broken = VectorTicketIndexer(broken_kb)
    saved = await _ticket(
        TicketIndexingUnitOfWorkFactory(kb.uow, broken, kb.clock), requester, "A", "B"
    )
    await broken.drain()
    assert await kb_get(kb.uow, saved.id) is not None
    assert "could not update the similar-ticket index" in caplog.text
    async with kb.uow(read_only=True) as unit:  # the obligation stays for the sweep
        assert await unit.index_queue.pending() == 1


async def kb_get(uow, ticket_id):  # type: ignore[no-untyped-def]
    async with uow(read_only=True) as unit:
        return await unit.tickets.get(ticket_id)


async def test_reindex_all_rebuilds_the_ticket_index() -> None:
    kb = make_kb()
    indexer = VectorTicketIndexer(kb)
    requester = await _user(kb.uow)  # type: ignore[arg-type]
    for n in range(3):
        await _ticket(kb.uow, requester, f"Ticket {n}", "Some content")
    assert await indexer.reindex_all() == 3
    assert await kb.vectors.count("tickets") == 3


async def test_reindex_all_pages_through_every_ticket_by_keyset(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(index_tickets, "REINDEX_PAGE", 2)
    kb = make_kb()
    indexer = VectorTicketIndexer(kb)
    requester = await _user(kb.uow)  # type: ignore[arg-type]
    for n in range(7):
        await _ticket(kb.uow, requester, f"Ticket {n}", "Some content")
    seen: list[tuple[int, int]] = []

    assert await indexer.reindex_all(lambda done, total: seen.append((done, total))) == 7

    assert await kb.vectors.count("tickets") == 7
    assert seen == [(2, 7), (4, 7), (6, 7), (7, 7)]


async def test_an_older_write_indexed_last_does_not_stay_in_the_index() -> None:
    """Two processes index successive writes of one ticket; the older one's vector store
    write lands last. The index ends with the ticket as it is now, not the older state."""
    kb = make_kb()
    indexer = VectorTicketIndexer(kb)
    requester = await _user(kb.uow)  # type: ignore[arg-type]
    older = await _ticket(kb.uow, requester, "Printer jams", "Paper stuck in tray 2")
    newer = await kb_get(kb.uow, older.id)
    newer.apply(TicketChanges(title="Printer on fire", status="resolved"), NOW)
    async with kb.uow() as unit:
        await unit.tickets.update(newer, expected_version=older.version)
        await unit.commit()

    await indexer.apply([newer], [])  # the newer write's indexer was faster
    await indexer.apply([older], [])  # the older write's indexer lands last

    (entry,) = await kb.vectors.get("tickets", [str(older.id)])
    assert entry.metadata["status"] == "resolved"
    (vector,) = await kb.embedder.embed([index_tickets.ticket_text(newer)])
    (best,) = await kb.vectors.query("tickets", vector, 1)
    assert (best.id, round(best.score, 6)) == (str(older.id), 1.0)


async def test_a_write_indexed_after_its_ticket_was_deleted_is_removed_again() -> None:
    kb = make_kb()
    indexer = VectorTicketIndexer(kb)
    requester = await _user(kb.uow)  # type: ignore[arg-type]
    kept = await _ticket(kb.uow, requester, "Kept", "Still here")
    doomed = await _ticket(kb.uow, requester, "Doomed", "Deleted meanwhile")
    async with kb.uow() as unit:
        await unit.tickets.delete(doomed.id)
        await unit.commit()
    await indexer.apply([], [doomed.id])  # the delete's indexer was faster

    await indexer.apply([kept, doomed], [])  # a write from before the delete lands last

    assert await kb.vectors.count("tickets") == 1
    assert [e.id for e in await kb.vectors.get("tickets", [str(kept.id)])] == [str(kept.id)]
