"""Knowledge-base speed: ingest throughput and search latency with 100,000 chunks.

1. The raw encoder: all-MiniLM-L6-v2 encoding the chunks of N Bitext answers,
   nothing else (the ceiling for ingestion).
2. Ingestion of the same answers through the product (chunking, embedding of
   chunks and titles, SQLite, embedded Chroma).
3. Search: the collection is filled up to 100,000 chunks (vectors near the real
   ones, texts drawn from the real ones, written straight to storage), then
   queries run through the product's search (query embedding, Chroma, BM25,
   fusion, smoothing, diversity, reading the chunks back from SQLite). Each
   search is timed on the wall clock and in process CPU time (all threads), and
   the load average is sampled throughout: other work on the machine slows the
   wall clock, not the CPU time a search needs.
4. A write, then a search: one document ingested through the product, and the
   next search timed (the keyword index takes the write's changes; nothing is
   rebuilt).

    .venv/bin/python -m benchmarks.bench_retrieval [--documents 300] [--chunks 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from adapters.clock import SystemClock
from adapters.knowledge.bm25_index import Bm25Index
from adapters.knowledge.chroma_vector_index import ChromaVectorIndex
from adapters.knowledge.numpy_similarity import cosine_matrix
from adapters.knowledge.sentence_transformer_embedder import SentenceTransformerEmbedder
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.knowledge.base import (
    DOCUMENT,
    KnowledgeBase,
    title_entry_id,
    titles_of,
)
from application.knowledge.vectors import to_bytes
from application.ports.knowledge_repository import StoredChunk
from application.ports.vector_index import VectorEntry
from application.use_cases.knowledge.ingest_documents import (
    DocumentInput,
    IngestDocuments,
    IngestDocumentsHandler,
)
from application.use_cases.knowledge.search_knowledge import (
    SearchKnowledge,
    SearchKnowledgeHandler,
)
from application.use_cases.knowledge.warm_up import WarmUpKnowledge
from benchmarks.common import bitext_csv, humanise, read_rows
from domain.knowledge import ChunkingPolicy, Document, chunk_document

COLLECTION = "bench"
CHUNKS_PER_SYNTHETIC_DOCUMENT = 10


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


async def fill(
    kb: KnowledgeBase, target: int, seed_texts: list[str], seed_vectors: np.ndarray
) -> float:
    """Add synthetic documents until the collection holds `target` chunks; seconds taken."""
    started = time.perf_counter()
    rng = np.random.default_rng(7)
    words = [w for text in seed_texts[:200] for w in text.split()][:5000]
    async with kb.uow(read_only=True) as uow:
        have = await uow.knowledge.count_chunks(COLLECTION)
    number = 0
    space = await kb.space()
    while have < target:
        documents: list[tuple[Document, list[StoredChunk]]] = []
        entries: list[VectorEntry] = []
        titles: list[VectorEntry] = []
        for _ in range(min(500, (target - have) // CHUNKS_PER_SYNTHETIC_DOCUMENT + 1)):
            number += 1
            doc_id = f"synthetic-{number}"
            title = " ".join(random.sample(words, 4))
            picks = rng.integers(0, len(seed_texts), CHUNKS_PER_SYNTHETIC_DOCUMENT)
            text = "\n\n".join(
                seed_texts[i] + " " + " ".join(random.sample(words, 5)) for i in picks
            )
            chunks = chunk_document(doc_id, title, text, ChunkingPolicy(max_chars=8000))
            chunks = [
                type(c)(f"{doc_id}#{n}-s", doc_id, n, title, "", part)
                for n, (c, part) in enumerate(
                    zip(chunks * len(picks), text.split("\n\n"), strict=False)
                )
            ]
            noise = rng.normal(
                0, 0.35 / np.sqrt(seed_vectors.shape[1]), (len(chunks) + 1, seed_vectors.shape[1])
            )
            vectors = seed_vectors[rng.integers(0, len(seed_vectors), len(chunks) + 1)] + noise
            vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
            now = datetime.now(UTC)
            document = Document(
                COLLECTION, doc_id, title, text, {"synthetic": True}, "-", len(chunks), now, now
            )
            stored = [
                StoredChunk(COLLECTION, c, {"synthetic": True}, to_bytes(v))
                for c, v in zip(chunks, vectors, strict=False)
            ]
            documents.append((document, stored))
            meta = {"synthetic": True, DOCUMENT: doc_id}
            entries += [VectorEntry(c.id, v, meta) for c, v in zip(chunks, vectors, strict=False)]
            titles.append(VectorEntry(title_entry_id(doc_id), vectors[-1], meta))
            have += len(chunks)
            if have >= target:
                break
        await kb.vectors.upsert(COLLECTION, entries)
        await kb.vectors.upsert(titles_of(COLLECTION), titles)
        async with kb.uow() as uow:
            for document, stored in documents:
                await uow.knowledge.put_document(document, stored)
            collection = await uow.knowledge.get_collection(COLLECTION)
            assert collection is not None
            collection.revision += 1
            await uow.knowledge.save_collection(collection)
            await uow.commit()
        print(f"\r  filled {have:,} chunks", end="", flush=True)
    print()
    assert space
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class LoadSampler:
    """The 1-minute load average, sampled every few seconds while the benchmark runs."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            await asyncio.sleep(5)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def stop(self) -> str:
        if self._task is not None:
            self._task.cancel()
        if not self.samples:
            return "n/a"
        low, high, middle = min(self.samples), max(self.samples), statistics.median(self.samples)
        return f"{low:.1f}-{high:.1f} (median {middle:.1f})"


async def timed_searches(
    search: SearchKnowledgeHandler, queries: list[str]
) -> tuple[list[float], list[float]]:
    """Wall-clock and process CPU milliseconds of each search."""
    wall, cpu = [], []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        await search(SearchKnowledge(query=query, collection=COLLECTION, limit=5))
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


async def run(args: argparse.Namespace) -> None:
    rows = read_rows(bitext_csv())
    random.seed(11)
    sample = random.sample(rows, args.documents)
    queries = [r.instruction for r in random.sample(rows, args.queries)]
    load = LoadSampler()
    load.start()
    embedder = SentenceTransformerEmbedder()
    await embedder.space()  # load the model outside the measurements

    docs = [
        DocumentInput(
            id=f"answer-{r.number}",
            title=humanise(r.intent),
            text=r.response,
            metadata={"intent": r.intent},
        )
        for r in sample
    ]
    policy = ChunkingPolicy()

    def texts_of(part: list[DocumentInput]) -> list[str]:
        return [
            c.embedding_text
            for d in part
            for c in chunk_document(str(d.id), str(d.title), str(d.text), policy)
        ]

    chunk_texts = texts_of(docs)
    await embedder.embed(chunk_texts[:64])  # warm-up

    work = Path(tempfile.mkdtemp(prefix="astratickets-bench-"))
    database = f"sqlite+aiosqlite:///{work / 'bench.db'}"
    upgrade_database(database)
    engine = create_engine(database)
    vectors = ChromaVectorIndex(path=work / "vectors")
    kb = KnowledgeBase(
        SqlUnitOfWorkFactory(engine),
        embedder,
        vectors,
        Bm25Index(),
        SystemClock(),
        similarity=cosine_matrix,
    )
    await WarmUpKnowledge(kb)()  # as the server does at start-up: the store opens once
    ingest = IngestDocumentsHandler(kb)
    # Raw encoding and ingestion alternate over slices of the documents, so that
    # other load on the machine weighs on both alike.
    raw_seconds = ingest_seconds = 0.0
    encoded: list[object] = []
    rounds = 4
    for number in range(rounds):
        part = docs[number::rounds]
        texts = texts_of(part)
        started = time.perf_counter()
        encoded += await embedder.embed(texts)
        raw_seconds += time.perf_counter() - started
        started = time.perf_counter()
        for start in range(0, len(part), 50):
            await ingest(IngestDocuments(part[start : start + 50], collection=COLLECTION))
        ingest_seconds += time.perf_counter() - started
    raw_rate = len(chunk_texts) / raw_seconds
    ingest_rate = len(chunk_texts) / ingest_seconds

    fill_seconds = await fill(kb, args.chunks, chunk_texts, np.asarray(encoded, dtype=np.float32))
    async with kb.uow(read_only=True) as uow:
        total = await uow.knowledge.count_chunks(COLLECTION)
    kb = dataclasses.replace(kb, lexical=Bm25Index())  # as in a process that just started
    search, ingest = SearchKnowledgeHandler(kb), IngestDocumentsHandler(kb)
    started = time.perf_counter()
    await WarmUpKnowledge(kb)()
    warm_up = time.perf_counter() - started  # what the server does at start-up
    started = time.perf_counter()
    await search(SearchKnowledge(query="first question", collection=COLLECTION))
    first_search = time.perf_counter() - started
    latencies, cpu = await timed_searches(search, queries)

    # One write through the product, then searches: none pays for a rebuild.
    extra = DocumentInput(
        id="bench-extra", title="Bench extra", text=sample[0].response + " zeppelin"
    )
    started = time.perf_counter()
    await ingest(IngestDocuments([extra], collection=COLLECTION))
    write_seconds = time.perf_counter() - started
    after_write, _ = await timed_searches(search, ["zeppelin " + q for q in queries[:20]])

    # The parts, measured alone: query encoding (a fresh cache) and one Chroma query.
    fresh = SentenceTransformerEmbedder()
    encode_ms = []
    for query in queries[:50]:
        started = time.perf_counter()
        await fresh.embed([query])
        encode_ms.append((time.perf_counter() - started) * 1000)
    vector = (await embedder.embed([queries[0]]))[0]
    chroma_ms = []
    for _ in range(50):
        started = time.perf_counter()
        await vectors.query(COLLECTION, vector, 30, with_metadata=False)
        chroma_ms.append((time.perf_counter() - started) * 1000)
    await engine.dispose()
    await vectors.close()
    shutil.rmtree(work, ignore_errors=True)
    load_range = load.stop()

    def row(label: str, value: str) -> None:
        print(f"{label:56s} {value:>14s}")

    print()
    print(f"machine: {machine()}; {datetime.now(UTC):%Y-%m-%d}")
    print(f"load average (1 min) during the run: {load_range}")
    row("measure", "value")
    row(f"raw encoder ({len(chunk_texts)} chunks of {len(docs)} answers)", f"{raw_rate:.1f} ch/s")
    row("ingest through the product (same chunks)", f"{ingest_rate:.1f} ch/s")
    row("ingest / raw encoder", f"{ingest_rate / raw_rate:.0%}")
    row(f"fill to {total:,} chunks (storage + Chroma)", f"{fill_seconds:.1f} s")
    row("start-up warm-up (model, BM25 of the collection)", f"{warm_up:.2f} s")
    row("first search after it", f"{first_search * 1000:.1f} ms")
    row(
        f"search p50 ({len(latencies)} queries, {total:,} chunks)",
        f"{statistics.median(latencies):.1f} ms",
    )
    row("search p99", f"{percentile(latencies, 0.99):.1f} ms")
    row("search process CPU time p50 (all threads)", f"{statistics.median(cpu):.1f} ms")
    row("  of which: query encoding p50 (alone)", f"{statistics.median(encode_ms):.1f} ms")
    row(
        "  of which: Chroma query p50 (30 nearest, alone)", f"{statistics.median(chroma_ms):.1f} ms"
    )
    row("ingest of one document into the full collection", f"{write_seconds * 1000:.0f} ms")
    row("search p50 right after it (20 queries)", f"{statistics.median(after_write):.1f} ms")
    row("slowest of those 20 searches", f"{max(after_write):.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    if not bitext_csv().is_file():
        print(f"no data at {bitext_csv()}; set ASTRATICKETS_SHARED_DATA", file=sys.stderr)
        return 2
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
