"""The keyword index: kept current by the writes' changes, equal to a fresh build at all times."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.knowledge.bm25_index import Bm25Index, tokens
from application.ports.lexical_index import LexicalEntry
from domain.knowledge import MetadataFilter

WORDS = ["refund", "order", "cancel", "account", "password", "shipping", "invoice", "card"]
COLLECTION = "kb"


def entry(ident: str, words: Sequence[str], lang: str = "en") -> LexicalEntry:
    return LexicalEntry(ident, " ".join(words), {"lang": lang})


def loader(entries: dict[str, LexicalEntry]):  # type: ignore[no-untyped-def]
    async def load() -> list[LexicalEntry]:
        return sorted(entries.values(), key=lambda e: e.id)

    return load


async def refused() -> list[LexicalEntry]:
    raise AssertionError("the index was loaded again")


async def fresh_results(entries: dict[str, LexicalEntry], query: str, revision: int):  # type: ignore[no-untyped-def]
    index = Bm25Index()
    found = await index.search(COLLECTION, revision, loader(entries), query, 50)
    return found, index.score(COLLECTION, query, list(entries))


documents = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 30), documents, st.sampled_from(["en", "de"])),
        st.tuples(st.just("remove"), st.integers(0, 30)),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    initial=st.dictionaries(st.integers(0, 30), documents, max_size=15),
    changes=operations,
    queries=st.lists(documents, min_size=1, max_size=3),
)
def test_an_updated_index_ranks_like_a_fresh_build(
    initial: dict[int, list[str]],
    changes: list[tuple],  # type: ignore[type-arg]
    queries: list[list[str]],
) -> None:
    async def scenario() -> None:
        entries = {f"c{n}": entry(f"c{n}", words) for n, words in initial.items()}
        index = Bm25Index()
        await index.search(COLLECTION, 0, loader(entries), "warm", 5)
        revision = 0
        for change in changes:
            if change[0] == "add":
                _, n, words, lang = change
                added = entry(f"c{n}", words, lang)
                entries[added.id] = added
                await index.update(COLLECTION, revision, revision + 1, added=[added])
            else:
                ident = f"c{change[1]}"
                entries.pop(ident, None)
                await index.update(COLLECTION, revision, revision + 1, removed=[ident])
            revision += 1
        for words in queries:
            query = " ".join(words)
            found = await index.search(COLLECTION, revision, refused, query, 50)
            expected, expected_scores = await fresh_results(entries, query, revision)
            assert [m.id for m in found] == [m.id for m in expected]
            assert [m.score for m in found] == pytest.approx([m.score for m in expected])
            assert index.score(COLLECTION, query, list(entries)) == pytest.approx(expected_scores)
            german = MetadataFilter.parse({"lang": "de"})
            filtered = await index.search(COLLECTION, revision, refused, query, 5, german)
            assert all(entries[m.id].metadata["lang"] == "de" for m in filtered)

    asyncio.run(scenario())


async def test_changes_apply_in_revision_order_whatever_order_they_arrive_in() -> None:
    index = Bm25Index()
    await index.search(COLLECTION, 1, loader({"a": entry("a", ["order"])}), "order", 5)
    await index.update(COLLECTION, 2, 3, removed=["b"])
    # 2 -> 3 waits for 1 -> 2, which adds "b"; the removal must come after it
    await index.update(COLLECTION, 1, 2, added=[entry("b", ["refund", "order"])])
    found = await index.search(COLLECTION, 3, refused, "order refund", 5)
    assert [m.id for m in found] == ["a"]


async def test_a_write_of_this_process_is_searchable_at_once_without_a_reload() -> None:
    index = Bm25Index()
    entries = {"a": entry("a", ["order", "cancel"])}
    await index.search(COLLECTION, 1, loader(entries), "order", 5)
    await index.update(COLLECTION, 1, 2, added=[entry("b", ["refund", "card"])])
    found = await index.search(COLLECTION, 2, refused, "refund", 5)
    assert [m.id for m in found] == ["b"]


async def test_a_write_of_another_process_is_served_stale_then_reloaded_in_the_background() -> None:
    index = Bm25Index(reload_delay=0)
    entries = {"a": entry("a", ["order"])}
    await index.search(COLLECTION, 1, loader(entries), "order", 5)
    release = asyncio.Event()
    loads = 0

    async def slow_load() -> list[LexicalEntry]:
        nonlocal loads
        loads += 1
        await release.wait()
        return [entry("a", ["order"]), entry("b", ["order", "refund"])]

    # revision 2 was written elsewhere: the search answers from what it has, at once
    found = await asyncio.wait_for(index.search(COLLECTION, 2, slow_load, "refund", 5), 1)
    assert found == []
    await index.search(COLLECTION, 2, slow_load, "refund", 5)  # one reload at a time
    release.set()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if await index.search(COLLECTION, 2, refused, "refund", 5):
            break
    assert [m.id for m in await index.search(COLLECTION, 2, refused, "refund", 5)] == ["b"]
    assert loads == 1


async def test_the_first_search_loads_and_writes_during_the_load_are_kept() -> None:
    index = Bm25Index()
    started, release = asyncio.Event(), asyncio.Event()

    async def load() -> list[LexicalEntry]:
        started.set()
        await release.wait()
        return [entry("a", ["order"])]  # read at revision 1

    search = asyncio.create_task(index.search(COLLECTION, 1, load, "order", 5))
    await started.wait()
    await index.update(COLLECTION, 1, 2, added=[entry("b", ["order", "order"])])
    release.set()
    await search
    found = await index.search(COLLECTION, 2, refused, "order", 5)
    assert [m.id for m in found] == ["b", "a"]


async def test_deleting_most_chunks_compacts_without_changing_results() -> None:
    entries = {f"c{n}": entry(f"c{n}", WORDS[n % 8 : n % 8 + 3]) for n in range(40)}
    index = Bm25Index()
    await index.search(COLLECTION, 1, loader(entries), "order", 5)
    for revision, n in enumerate(range(0, 40, 2), start=1):
        await index.update(COLLECTION, revision, revision + 1, removed=[f"c{n}"])
        entries.pop(f"c{n}")
    query = "order refund cancel"
    expected, _ = await fresh_results(entries, query, 21)
    assert await index.search(COLLECTION, 21, refused, query, 50) == expected


def test_tokens_are_stemmed_without_stop_words() -> None:
    assert tokens("I was cancelling the orders") == ["cancel", "order"]
