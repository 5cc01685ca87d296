"""Knowledge use cases on the in-memory adapters and the hashing embedder."""

from __future__ import annotations

import dataclasses

import pytest

from adapters.knowledge.hashing_embedder import HashingEmbedder
from application.errors import NotFound
from application.knowledge.base import KnowledgeBase
from application.knowledge.errors import (
    DocumentTooLarge,
    EmbeddingSpaceMismatch,
    KnowledgeUnavailable,
)
from application.knowledge.vectors import as_list, dot
from application.queries import PageRequest
from application.use_cases.knowledge.delete_document import DeleteDocumentHandler
from application.use_cases.knowledge.delete_knowledge import DeleteKnowledge, DeleteKnowledgeHandler
from application.use_cases.knowledge.get_document import GetDocumentHandler
from application.use_cases.knowledge.ingest_documents import (
    DocumentInput,
    IngestDocuments,
    IngestDocumentsHandler,
)
from application.use_cases.knowledge.list_documents import ListDocumentsHandler
from application.use_cases.knowledge.reindex_collection import ReindexCollectionHandler
from application.use_cases.knowledge.search_knowledge import (
    SearchKnowledge,
    SearchKnowledgeHandler,
    similar_enough,
)
from application.use_cases.knowledge.suggest_articles import SuggestArticlesHandler
from domain.errors import InvalidValue
from domain.knowledge import ChunkingPolicy
from tests.knowledge.conftest import make_kb

ARTICLES = [
    DocumentInput(
        id="password-reset",
        title="Reset a forgotten password",
        text="Open the sign-in page and choose Forgot password. We e-mail you a reset link.",
        metadata={"lang": "en", "area": "account"},
    ),
    DocumentInput(
        id="refunds",
        title="Refund policy",
        text="Products returned unused within 30 days are refunded to the original card.",
        metadata={"lang": "en", "area": "billing"},
    ),
    DocumentInput(
        id="shipping",
        title="Shipping times",
        text="Standard shipping takes 3 to 5 business days; express 1 to 2.",
        metadata={"lang": "de", "area": "orders"},
    ),
]


async def ingest(kb: KnowledgeBase, *docs: DocumentInput, **kwargs):  # type: ignore[no-untyped-def]
    return await IngestDocumentsHandler(kb)(IngestDocuments(list(docs), **kwargs))


async def search(kb: KnowledgeBase, query: str, **kwargs):  # type: ignore[no-untyped-def]
    return await SearchKnowledgeHandler(kb)(SearchKnowledge(query=query, **kwargs))


async def test_ingest_then_search_finds_the_best_article_first(kb: KnowledgeBase) -> None:
    result = await ingest(kb, *ARTICLES)
    assert [d.status for d in result.documents] == ["created"] * 3
    assert all(cid.startswith(f"{d.id}#") for d in result.documents for cid in d.chunk_ids)
    matches = await search(kb, "I forgot my password", limit=3)
    assert matches[0].chunk.document_id == "password-reset"
    assert matches[0].chunk.title == "Reset a forgotten password"
    assert matches[0].metadata == {"lang": "en", "area": "account"}
    assert len({m.chunk.id for m in matches}) == len(matches) <= 3


async def test_a_match_carries_its_cosine_with_the_query_whatever_else_the_kb_holds(
    kb: KnowledgeBase,
) -> None:
    """`similarity` is the chunk's own cosine with the query: unlike the ranking's score it
    does not depend on the other candidates, so one floor means the same for every query."""
    await ingest(kb, *ARTICLES)
    query = "I forgot my password"
    matches = await search(kb, query, limit=3)
    (wanted,) = await kb.embedder.embed([query])
    vectors = await kb.embedder.embed([m.chunk.embedding_text for m in matches])
    for match, vector in zip(matches, vectors, strict=True):
        assert match.similarity == pytest.approx(dot(as_list(wanted), as_list(vector)), abs=1e-6)
    assert matches[0].similarity > matches[-1].similarity
    alone = make_kb()
    await ingest(alone, ARTICLES[0])
    (same,) = await search(alone, query, limit=3)
    assert same.chunk.id == matches[0].chunk.id
    assert same.similarity == matches[0].similarity


async def test_reingesting_an_unchanged_document_is_a_no_op(kb: KnowledgeBase) -> None:
    await ingest(kb, *ARTICLES)
    embedder = kb.embedder
    assert isinstance(embedder, HashingEmbedder)
    calls = embedder.calls
    revision = (await _collection(kb)).revision
    again = await ingest(kb, *ARTICLES)
    assert [d.status for d in again.documents] == ["unchanged"] * 3
    assert embedder.calls == calls
    assert (await _collection(kb)).revision == revision
    assert again.chunk_ids == (await ingest(kb, *ARTICLES)).chunk_ids


async def test_a_changed_document_replaces_all_its_chunks(kb: KnowledgeBase) -> None:
    long_text = "\n\n".join(f"Paragraph {i} about parcels and couriers." * 8 for i in range(6))
    first = await ingest(
        kb,
        DocumentInput(id="doc", title="Parcels", text=long_text),
        chunking=ChunkingPolicy(300, 0),
    )
    old_ids = first.documents[0].chunk_ids
    assert len(old_ids) > 2
    second = await ingest(kb, DocumentInput(id="doc", title="Parcels", text="Now a short text."))
    assert second.documents[0].status == "updated"
    (new_id,) = second.documents[0].chunk_ids
    document = await GetDocumentHandler(kb)(None, "doc")
    assert [c.id for c in document.chunks] == [new_id]
    assert await kb.vectors.get("kb_main", old_ids) == []
    assert [m.chunk.id for m in await search(kb, "parcels couriers")] == [new_id]


async def test_where_restricts_matches_to_metadata(kb: KnowledgeBase) -> None:
    await ingest(kb, *ARTICLES)
    matches = await search(kb, "shipping days", where={"lang": "en"})
    assert matches and all(m.metadata["lang"] == "en" for m in matches)
    none = await search(kb, "shipping", where={"area": {"$in": ["nothing"]}})
    assert none == []


@pytest.mark.parametrize(
    ("query", "limit", "field"),
    [
        ("   ", 5, "query"),
        ("x" * 2001, 5, "query"),
        ("ok", 0, "n_results"),
        ("ok", 51, "n_results"),
    ],
)
async def test_bad_searches_are_refused(
    kb: KnowledgeBase, query: str, limit: int, field: str
) -> None:
    await ingest(kb, *ARTICLES)
    with pytest.raises(InvalidValue) as caught:
        await search(kb, query, limit=limit)
    assert caught.value.problems[0].field == field


async def test_unknown_collections_are_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFound):
        await search(kb, "anything", collection="nothing-here")
    with pytest.raises(NotFound):
        await ListDocumentsHandler(kb)("nothing-here", PageRequest())


async def test_document_limits(kb: KnowledgeBase) -> None:
    small = make_kb(max_document_bytes=1024, max_documents_per_call=2)
    with pytest.raises(DocumentTooLarge) as too_large:
        await ingest(small, DocumentInput(text="é" * 600))
    assert too_large.value.problems[0].field == "documents[0].text"
    with pytest.raises(InvalidValue, match=r"1\.\.2 documents"):
        await ingest(small, *ARTICLES)
    with pytest.raises(InvalidValue, match="appears twice"):
        await ingest(small, ARTICLES[0], ARTICLES[0])
    with pytest.raises(InvalidValue, match="reserved"):
        await ingest(small, ARTICLES[0], collection="tickets")


async def test_a_collection_built_with_another_model_is_refused(kb: KnowledgeBase) -> None:
    await ingest(kb, *ARTICLES)
    other = dataclasses.replace(kb, embedder=HashingEmbedder(dimension=128))
    with pytest.raises(EmbeddingSpaceMismatch, match="astratickets kb reindex"):
        await search(other, "password")
    with pytest.raises(EmbeddingSpaceMismatch):
        await ingest(other, DocumentInput(text="new"))


async def test_reindex_rebuilds_vectors_from_storage_and_adopts_a_new_model(
    kb: KnowledgeBase,
) -> None:
    await ingest(kb, *ARTICLES)
    await kb.vectors.drop("kb_main")  # the vector store was lost
    with pytest.raises(KnowledgeUnavailable, match="kb reindex"):
        await search(kb, "forgot password")
    report = await ReindexCollectionHandler(kb)("kb_main")
    assert (report.chunks, report.embedded) == (3, 0)
    assert (await search(kb, "forgot password"))[0].chunk.document_id == "password-reset"

    other = dataclasses.replace(kb, embedder=HashingEmbedder(dimension=128))
    report = await ReindexCollectionHandler(other)("kb_main")
    assert report.embedded == 3
    assert (await _collection(kb)).embedding_dimension == 128
    assert (await search(other, "forgot password"))[0].chunk.document_id == "password-reset"


async def test_delete_documents_and_chunks(kb: KnowledgeBase) -> None:
    result = await ingest(kb, *ARTICLES)
    chunk_of_refunds = result.documents[1].chunk_ids[0]
    delete = DeleteKnowledgeHandler(kb)
    assert await delete(DeleteKnowledge(ids=["password-reset", chunk_of_refunds, "nope"])) == 2
    left = {m.chunk.document_id for m in await search(kb, "password refund shipping", limit=10)}
    assert left == {"shipping"}
    page = await ListDocumentsHandler(kb)(None, PageRequest())
    assert {d.id for d in page.items} == {"refunds", "shipping"}
    assert await delete(DeleteKnowledge(ids=["password-reset"])) == 0
    await DeleteDocumentHandler(delete)(None, "shipping")
    with pytest.raises(NotFound):
        await DeleteDocumentHandler(delete)(None, "shipping")
    with pytest.raises(InvalidValue):
        await delete(DeleteKnowledge(ids=[]))


async def test_writes_keep_the_keyword_index_current_without_reading_storage_again(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    await ingest(kb, *ARTICLES)
    await search(kb, "refund")  # the first search loads the keyword index

    def no_reload(name: str):  # type: ignore[no-untyped-def]
        async def load() -> list[object]:
            raise AssertionError(f"the keyword index of {name} was loaded again")

        return load

    monkeypatch.setattr(kb, "lexical_loader", no_reload)
    added = await ingest(
        kb, DocumentInput(id="zeppelin", title="Airships", text="Zeppelin rides over the lake.")
    )
    (chunk,) = added.chunk_ids
    revision = (await _collection(kb)).revision
    found = await kb.lexical.search("kb_main", revision, no_reload("kb_main"), "zeppelin", 5)
    assert [m.id for m in found] == [chunk]
    assert (await search(kb, "zeppelin rides"))[0].chunk.id == chunk
    await DeleteKnowledgeHandler(kb)(DeleteKnowledge(ids=["zeppelin"]))
    revision = (await _collection(kb)).revision
    assert await kb.lexical.search("kb_main", revision, no_reload("kb_main"), "zeppelin", 5) == []
    assert all(m.chunk.document_id != "zeppelin" for m in await search(kb, "zeppelin rides"))


async def test_documents_are_listed_newest_first_without_text(kb: KnowledgeBase) -> None:
    await ingest(kb, *ARTICLES)
    page = await ListDocumentsHandler(kb)(None, PageRequest(page=1, page_size=2))
    assert page.total == 3 and [d.id for d in page.items] == ["shipping", "refunds"]
    assert all(d.text == "" for d in page.items)
    document = await GetDocumentHandler(kb)(None, "refunds")
    assert document.text.startswith("Products returned") and document.chunk_count == 1
    with pytest.raises(NotFound):
        await GetDocumentHandler(kb)(None, "nope")


async def test_suggestions_give_one_per_article(kb: KnowledgeBase) -> None:
    await ingest(kb, *ARTICLES)
    suggest = SuggestArticlesHandler(kb, SearchKnowledgeHandler(kb))
    found = await suggest("how long does shipping take", limit=2)
    assert found[0].document_id == "shipping" and found[0].title == "Shipping times"
    assert len({s.document_id for s in found}) == len(found) <= 2
    assert await suggest("hi") == []
    with pytest.raises(InvalidValue):
        await suggest("shipping", limit=11)


# A floor on the hashing embedder's scale (the one these tests use).
PASSAGE_FLOOR = 0.3


@pytest.mark.parametrize("floor", [0.0, PASSAGE_FLOOR])
async def test_only_articles_similar_enough_to_the_query_are_suggested(
    kb: KnowledgeBase, floor: float
) -> None:
    await ingest(kb, *ARTICLES)
    suggest = SuggestArticlesHandler(kb, SearchKnowledgeHandler(kb), kb_passage_min_score=floor)
    best: dict[str, float] = {}
    for match in await search(kb, "I forgot my password", limit=10):
        best[match.chunk.document_id] = max(match.similarity, best.get(match.chunk.document_id, -1))
    assert best["password-reset"] >= PASSAGE_FLOOR > max(best["refunds"], best["shipping"])
    found = [s.document_id for s in await suggest("I forgot my password", limit=3)]
    assert found[0] == "password-reset"
    assert set(found) == ({"password-reset"} if floor else set(best))  # the floor decides
    unrelated = await search(kb, "My printer shows error 42", limit=10)
    assert unrelated and max(m.similarity for m in unrelated) < PASSAGE_FLOOR
    printer = await suggest("My printer shows error 42", limit=3)
    assert (printer == []) is (floor == PASSAGE_FLOOR)


async def test_similar_enough_keeps_the_order_and_a_floor_of_0_keeps_every_match(
    kb: KnowledgeBase,
) -> None:
    await ingest(kb, *ARTICLES)
    matches = await search(kb, "I forgot my password", limit=3)
    graded = [
        dataclasses.replace(m, similarity=s) for m, s in zip(matches, (0.5, -0.2, 0.3), strict=True)
    ]
    assert similar_enough(graded, 0.0) == graded  # no floor: even a negative cosine stays
    assert similar_enough(graded, 0.3) == [graded[0], graded[2]]  # reaching it is enough
    assert similar_enough(graded, 0.31) == [graded[0]]
    assert similar_enough(iter(graded), 0.6) == []


async def _collection(kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    async with kb.uow(read_only=True) as uow:
        return await uow.knowledge.get_collection("kb_main")
