"""Retrieval quality on the Bitext support data: hit@1, hit@3 and MRR; the draft's floor.

A knowledge base is built from the first 5 answers of each intent of
`bitext-support/dev.csv` (each answer an article titled after its intent and
filed under its category), then queried with every other customer request of
the file. A query scores a hit at rank k when the k-th match is an answer of
the query's intent. The product's own ingestion and search run end to end
(real embedding model, BM25, ranking) over in-memory storage.

Then the relevance floor of an AI draft's knowledge-base passages
(KB_PASSAGE_MIN_SCORE: a passage is quoted only when its `similarity`, the
cosine of passage and request, reaches it), for candidate floors, on the 3
passages a draft is offered:
- answerable requests (the whole KB): of those with an answer of their intent
  among the 3, the share that keep at least one of them; and the share of the
  passages quoted that are of the request's intent;
- unanswerable requests: each intent's requests against the KB without that
  intent's articles (one intent left out at a time, its sibling topics still
  in): the share that get no passage at all, and the passages quoted on average;
- banking77 requests (another domain, 1 row in 10) against the whole KB: the
  share that get no passage (some of its intents do have an answer here, e.g.
  refunds, passwords, closing an account).

    .venv/bin/python -m benchmarks.eval_retrieval [--csv PATH] [--ablations] [--no-floor]

The data folder is ASTRATICKETS_SHARED_DATA or ../shared/data.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
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
from application.use_cases.ai.first_response import RetrievalPolicy
from application.use_cases.knowledge.ingest_documents import (
    DocumentInput,
    IngestDocuments,
    IngestDocumentsHandler,
)
from application.use_cases.knowledge.search_knowledge import (
    SearchKnowledge,
    SearchKnowledgeHandler,
)
from benchmarks.common import Row, bitext_csv, humanise, read_rows, shared_data, split_kb
from entrypoints.knowledge_wiring import PACKAGED_MODEL_KB_PASSAGE_FLOOR

DEPTH = 10
FLOORS = (0.0, 0.2, 0.25, 0.3, 0.32, 0.34, 0.35, 0.36, 0.38, 0.4, 0.45, 0.5)
BANKING_SAMPLE = 10  # every 10th banking77 request


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


async def build_kb(
    kb_rows: list[Row], embedder: CachingEmbedder, policy: RankingPolicy, titles: str
) -> KnowledgeBase:
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
    return kb


async def evaluate(
    kb_rows: list[Row],
    queries: list[Row],
    embedder: CachingEmbedder,
    policy: RankingPolicy,
    titles: str,
) -> dict[str, float]:
    search = SearchKnowledgeHandler(await build_kb(kb_rows, embedder, policy, titles))
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


Offered = list[tuple[float, bool]]  # a draft's passages: (similarity, right intent), best first


async def offered(search: SearchKnowledgeHandler, text: str, intent: str | None) -> Offered:
    command = SearchKnowledge(query=text, limit=RetrievalPolicy().kb_passages)
    return [(m.similarity, m.metadata.get("intent") == intent) for m in await search(command)]


def banking_requests() -> list[str]:
    path = shared_data() / "banking77" / "train.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as file:
        return [row["text"] for row in csv.DictReader(file)][::BANKING_SAMPLE]


async def floor_searches(
    kb_rows: list[Row], queries: list[Row], embedder: CachingEmbedder
) -> tuple[list[Offered], list[Offered], list[Offered]]:
    """The passages offered to answerable requests (whole KB), to unanswerable ones (their
    intent's articles left out, one intent at a time) and to banking77 requests."""
    policy = RankingPolicy()
    search = SearchKnowledgeHandler(await build_kb(kb_rows, embedder, policy, "intent"))
    answerable = [await offered(search, q.instruction, q.intent) for q in queries]
    banking = [await offered(search, text, None) for text in banking_requests()]
    unanswerable = []
    for intent in sorted({r.intent for r in kb_rows}):
        rest = [r for r in kb_rows if r.intent != intent]
        search = SearchKnowledgeHandler(await build_kb(rest, embedder, policy, "intent"))
        unanswerable += [
            await offered(search, q.instruction, q.intent) for q in queries if q.intent == intent
        ]
    return answerable, unanswerable, banking


def floor_table(
    answerable: list[Offered], unanswerable: list[Offered], banking: list[Offered]
) -> list[str]:
    grounded = [o for o in answerable if any(right for _, right in o)]
    lines = [
        f"answerable: {len(answerable)} requests, {len(grounded)} with a right passage among "
        f"the {RetrievalPolicy().kb_passages} offered; unanswerable: {len(unanswerable)} "
        f"(own intent left out); banking77: {len(banking)} (another domain)",
        f"{'floor':>6s} {'right kept':>11s} {'quoted right':>13s} {'unans. none':>12s} "
        f"{'unans. quoted':>14s} {'bank. none':>11s}",
    ]
    for floor in FLOORS:
        kept = sum(any(right and s >= floor for s, right in o) for o in grounded)
        quoted = [right for o in answerable for s, right in o if s >= floor]
        none = sum(all(s < floor for s, _ in o) for o in unanswerable)
        wrong_quoted = sum(s >= floor for o in unanswerable for s, _ in o)
        bank_none = sum(all(s < floor for s, _ in o) for o in banking)
        mark = "  <- product default" if floor == PACKAGED_MODEL_KB_PASSAGE_FLOOR else ""
        lines.append(
            f"{floor:6.2f} {kept / len(grounded):11.1%} {sum(quoted) / max(len(quoted), 1):13.1%} "
            f"{none / len(unanswerable):12.1%} {wrong_quoted / len(unanswerable):14.2f} "
            f"{bank_none / max(len(banking), 1):11.1%}{mark}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=None, help="default: bitext-support/dev.csv")
    parser.add_argument("--per-intent", type=int, default=5)
    parser.add_argument("--ablations", action="store_true", help="also score simpler rankers")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the draft passages' relevance floor"
    )
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
    if not args.no_floor:
        started = time.perf_counter()
        searched = asyncio.run(floor_searches(kb_rows, queries, embedder))
        print(
            "\nrelevance floor of a draft's knowledge-base passages (KB_PASSAGE_MIN_SCORE), "
            f"{time.perf_counter() - started:.1f}s"
        )
        print("\n".join(floor_table(*searched)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
