"""Retrieval quality on the Bitext support data: hit@1, hit@3 and MRR.

A knowledge base is built from the first 5 answers of each intent of
`bitext-support/dev.csv` (each answer an article titled after its intent and
filed under its category), then queried with every other customer request of
the file. A query scores a hit at rank k when the k-th match is an answer of
the query's intent. The product's own ingestion and search run end to end
(real embedding model, BM25, ranking) over in-memory storage.

    .venv/bin/python -m benchmarks.eval_retrieval [--csv PATH] [--ablations]

The data folder is ASTRATICKETS_SHARED_DATA or ../shared/data.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import time
from pathlib import Path

from adapters.clock import SystemClock
from adapters.knowledge.bm25_index import Bm25Index
from adapters.knowledge.memory_vector_index import MemoryVectorIndex
from adapters.knowledge.numpy_similarity import cosine_matrix
from adapters.knowledge.sentence_transformer_embedder import SentenceTransformerEmbedder
from adapters.memory import MemoryUnitOfWorkFactory
from application.knowledge.base import KnowledgeBase
from application.knowledge.ranking import RankingPolicy
from application.use_cases.knowledge.ingest_documents import (
    DocumentInput,
    IngestDocuments,
    IngestDocumentsHandler,
)
from application.use_cases.knowledge.search_knowledge import (
    SearchKnowledge,
    SearchKnowledgeHandler,
)
from benchmarks.common import Row, bitext_csv, humanise, read_rows, split_kb

DEPTH = 10


class CachingEmbedder:
    """Remembers vectors, so that ablations re-rank without encoding again."""

    def __init__(self, inner: SentenceTransformerEmbedder) -> None:
        self._inner = inner
        self._cache: dict[str, object] = {}

    async def space(self):  # type: ignore[no-untyped-def]
        return await self._inner.space()

    async def embed(self, texts):  # type: ignore[no-untyped-def]
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vector in zip(missing, await self._inner.embed(missing), strict=True):
                self._cache[text] = vector
        return [self._cache[t] for t in texts]


def documents(kb_rows: list[Row], titles: str) -> list[DocumentInput]:
    def title(row: Row) -> str | None:
        if titles == "intent":
            return humanise(row.intent)
        if titles == "question":
            return row.instruction
        return None

    return [
        DocumentInput(
            id=f"answer-{row.number}",
            title=title(row),
            text=row.response,
            metadata={"intent": row.intent, "category": row.category},
        )
        for row in kb_rows
    ]


async def evaluate(
    kb_rows: list[Row],
    queries: list[Row],
    embedder: CachingEmbedder,
    policy: RankingPolicy,
    titles: str,
) -> dict[str, float]:
    kb = KnowledgeBase(
        MemoryUnitOfWorkFactory(),
        embedder,  # type: ignore[arg-type]
        MemoryVectorIndex(),
        Bm25Index(),
        SystemClock(),
        ranking=policy,
        similarity=cosine_matrix,
    )
    ingest = IngestDocumentsHandler(kb)
    for start in range(0, len(kb_rows), 100):
        await ingest(IngestDocuments(documents(kb_rows[start : start + 100], titles)))
    search = SearchKnowledgeHandler(kb)
    hit1 = hit3 = reciprocal = 0.0
    for query in queries:
        matches = await search(SearchKnowledge(query=query.instruction, limit=DEPTH))
        rank = next(
            (n for n, m in enumerate(matches) if m.metadata.get("intent") == query.intent), None
        )
        if rank is not None:
            hit1 += rank == 0
            hit3 += rank < 3
            reciprocal += 1 / (rank + 1)
    total = len(queries)
    return {"hit@1": hit1 / total, "hit@3": hit3 / total, "MRR": reciprocal / total}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=None, help="default: bitext-support/dev.csv")
    parser.add_argument("--per-intent", type=int, default=5)
    parser.add_argument("--ablations", action="store_true", help="also score simpler rankers")
    args = parser.parse_args()
    path = args.csv or bitext_csv()
    if not path.is_file():
        print(f"no data at {path}; set ASTRATICKETS_SHARED_DATA", file=sys.stderr)
        return 2
    rows = read_rows(path)
    kb_rows, queries = split_kb(rows, args.per_intent)
    embedder = CachingEmbedder(SentenceTransformerEmbedder())
    default = RankingPolicy()
    dense = dataclasses.replace(default, title_weight=0, lexical_weight=0, smoothing=0, diversity=0)
    runs = [("product ranking", default, "intent")]
    if args.ablations:
        runs += [
            ("dense only, untitled answers", dense, "none"),
            ("dense only, titled chunks", dense, "intent"),
            (
                "+ title field",
                dataclasses.replace(dense, title_weight=default.title_weight),
                "intent",
            ),
            (
                "+ BM25 fusion",
                dataclasses.replace(
                    dense, title_weight=default.title_weight, lexical_weight=default.lexical_weight
                ),
                "intent",
            ),
            (
                "+ smoothing (chunk similarity)",
                dataclasses.replace(default, diversity=0, compare_titles=False),
                "intent",
            ),
            ("+ titles in the similarity", dataclasses.replace(default, diversity=0), "intent"),
            ("+ diversity = product ranking", default, "intent"),
            (
                "earlier product ranking",
                dataclasses.replace(
                    default, compare_titles=False, smoothing_temperature=0.05, diversity=0.25
                ),
                "intent",
            ),
            ("product ranking, untitled answers", default, "none"),
            ("product ranking, question titles", default, "question"),
        ]
    print(f"data: {path}  ({len(kb_rows)} articles, {len(queries)} queries)")
    print(f"{'ranker':38s} {'hit@1':>7s} {'hit@3':>7s} {'MRR':>7s} {'time':>7s}")
    for label, policy, titles in runs:
        started = time.perf_counter()
        scores = asyncio.run(evaluate(kb_rows, queries, embedder, policy, titles))
        elapsed = time.perf_counter() - started
        print(
            f"{label:38s} {scores['hit@1']:7.4f} {scores['hit@3']:7.4f} "
            f"{scores['MRR']:7.4f} {elapsed:6.1f}s",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
