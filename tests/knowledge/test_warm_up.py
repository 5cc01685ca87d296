"""Start-up warm-up: the first search finds the keyword index built and the model loaded."""

from __future__ import annotations

import dataclasses

from adapters.knowledge.bm25_index import Bm25Index
from application.knowledge.base import KnowledgeBase
from application.ports.lexical_index import LexicalEntry
from application.use_cases.knowledge.ingest_documents import (
    DocumentInput,
    IngestDocuments,
    IngestDocumentsHandler,
)
from application.use_cases.knowledge.warm_up import WarmUpKnowledge


async def _never_load() -> list[LexicalEntry]:
    raise AssertionError("the keyword index was loaded by the search, not by the warm-up")


async def test_warm_up_builds_every_collections_keyword_index_before_any_search(
    kb: KnowledgeBase,
) -> None:
    ingest = IngestDocumentsHandler(kb)
    await ingest(IngestDocuments([DocumentInput(title="Refunds", text="How refunds work.")]))
    await ingest(
        IngestDocuments(
            [DocumentInput(title="Parcels", text="Tracking a parcel.")], collection="shipping"
        )
    )
    # A new process: same storage, an empty keyword index.
    restarted = dataclasses.replace(kb, lexical=Bm25Index())

    await WarmUpKnowledge(restarted)()

    async with restarted.uow(read_only=True) as uow:
        collections = {c.name: c.revision for c in await uow.knowledge.list_collections()}
    assert set(collections) == {"kb_main", "shipping"}
    for name, query in (("kb_main", "refunds"), ("shipping", "parcel")):
        matches = await restarted.lexical.search(name, collections[name], _never_load, query, 5)
        assert matches, name


async def test_warm_up_failure_is_logged_not_raised(kb: KnowledgeBase, caplog) -> None:
    class BrokenEmbedder:
        async def embed(self, texts: list[str]) -> list[list[float]]:
            raise OSError("model files missing")

    await WarmUpKnowledge(dataclasses.replace(kb, embedder=BrokenEmbedder()))()

    assert "could not warm up the knowledge base" in caplog.text
