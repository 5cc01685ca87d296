"""The ticket index queue behaves the same on every backend: marks, claims, give-backs."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from tests.fakes import T0

LATER = T0 + timedelta(minutes=2)
MEANWHILE = T0 + timedelta(minutes=1)


async def _enqueue(uow_factory: Any, ticket_ids: list[int], at=T0) -> dict[int, int]:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        marks = await uow.index_queue.enqueue(ticket_ids, at)
        await uow.commit()
    return marks


async def _pending(uow_factory: Any) -> int:
    async with uow_factory(read_only=True) as uow:
        return await uow.index_queue.pending()


async def _claim(uow_factory: Any, token: str, now=T0, limit: int = 100) -> list[Any]:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        claimed = await uow.index_queue.claim(now, limit, token=token, lease_until=LATER)
        await uow.commit()
    return claimed


async def test_a_mark_settles_its_entries_and_leaves_later_ones(uow_factory) -> None:  # type: ignore[no-untyped-def]
    first = await _enqueue(uow_factory, [7])
    many = await _enqueue(uow_factory, [7, 8, 9])
    later = await _enqueue(uow_factory, [7])
    assert first[7] < many[7] < later[7]
    assert set(many) == {7, 8, 9}
    assert await _pending(uow_factory) == 5
    async with uow_factory() as uow:
        await uow.index_queue.settle({7: many[7], 8: many[8]})
        await uow.commit()
    assert await _pending(uow_factory) == 2  # ticket 7's later entry and ticket 9's
    remaining = await _claim(uow_factory, "t")
    assert sorted(e.ticket_id for e in remaining) == [7, 9]


async def test_claims_are_disjoint_and_due_only(uow_factory) -> None:  # type: ignore[no-untyped-def]
    await _enqueue(uow_factory, list(range(1, 11)))
    await _enqueue(uow_factory, [99], at=LATER)  # not due yet
    first = await _claim(uow_factory, "a", limit=6)
    second = await _claim(uow_factory, "b", limit=6)
    assert [e.ticket_id for e in first] == [1, 2, 3, 4, 5, 6]  # oldest first
    assert [e.ticket_id for e in second] == [7, 8, 9, 10]
    assert await _claim(uow_factory, "c") == []
    async with uow_factory() as uow:
        await uow.index_queue.settle_claimed("a")
        await uow.commit()
    assert await _pending(uow_factory) == 5


async def test_concurrent_claims_never_share_an_entry(uow_factory) -> None:  # type: ignore[no-untyped-def]
    await _enqueue(uow_factory, list(range(1, 41)))
    ids: list[int] = []
    for round_ in range(10):  # a claim that loses every race comes back empty
        claims = await asyncio.gather(
            *(_claim(uow_factory, f"t{round_}.{n}", limit=15) for n in range(4))
        )
        ids += [e.id for claim in claims for e in claim]
        if len(ids) >= 40:
            break
    assert len(ids) == len(set(ids)) == 40


async def test_given_back_entries_are_due_again(uow_factory) -> None:  # type: ignore[no-untyped-def]
    await _enqueue(uow_factory, [1, 2])
    (one, two) = await _claim(uow_factory, "t")
    async with uow_factory() as uow:
        await uow.index_queue.release_claimed("t", T0)
        await uow.commit()
    again = await _claim(uow_factory, "u")
    assert [(e.id, e.attempts) for e in again] == [(one.id, 0), (two.id, 0)]
    async with uow_factory() as uow:
        await uow.index_queue.retry_claimed("u", {one.id: T0, two.id: MEANWHILE})
        await uow.commit()
    assert [(e.id, e.attempts) for e in await _claim(uow_factory, "v")] == [(one.id, 1)]
    assert [e.id for e in await _claim(uow_factory, "w", now=MEANWHILE)] == [two.id]
