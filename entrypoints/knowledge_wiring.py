"""Factories the container uses to build the knowledge base from settings.

Nothing heavy is imported here: the embedding model, torch and Chroma load on
first use, so the API starts fast and routes that never search never pay.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from adapters.knowledge.chroma_vector_index import ChromaVectorIndex
from adapters.knowledge.hashing_embedder import HashingEmbedder
from adapters.knowledge.sentence_transformer_embedder import (
    DEFAULT_MODEL,
    SentenceTransformerEmbedder,
)
from application.knowledge.base import KnowledgeBase, KnowledgeLimits
from application.knowledge.errors import KnowledgeUnavailable
from application.knowledge.vectors import similarities
from application.use_cases.knowledge.catch_up_ticket_index import (
    MAX_GRACE,
    CatchUpTicketIndex,
    TicketIndexSweeper,
)
from application.use_cases.knowledge.index_tickets import VectorTicketIndexer
from entrypoints.settings import Settings

HASHING_MODEL = "hashing"
MEMORY_STORE = "memory://"


def embedding_model(settings: Settings) -> str:
    """EMBEDDING_MODEL, or the default: the packaged all-MiniLM-L6-v2, except under
    ENVIRONMENT=test, where the fast hashing embedder is the default."""
    if settings.embedding_model:
        return settings.embedding_model
    return HASHING_MODEL if settings.environment == "test" else DEFAULT_MODEL


def make_embedder(settings: Settings) -> Any:
    """`all-MiniLM-L6-v2` (packaged, offline), a local model folder, or `hashing`."""
    model = embedding_model(settings)
    if model == HASHING_MODEL:
        return HashingEmbedder()
    return SentenceTransformerEmbedder(
        "" if model == DEFAULT_MODEL else model, batch_size=settings.embedding_batch_size
    )


# Measured with all-MiniLM-L6-v2 on support tickets: pairs about the same problem scored
# 0.43-0.86, pairs about different ones 0.07-0.29 (docs/ai.md, "Grounding").
PACKAGED_MODEL_SIMILAR_TICKET_FLOOR = 0.35


def _floor(settings: Settings, configured: float | None, packaged_model_floor: float) -> float:
    """The configured floor, or the one measured for the packaged model; 0 (no floor) for
    other models, whose similarity scale is unknown (and for the test embedder)."""
    if configured is not None:
        return configured
    return packaged_model_floor if embedding_model(settings) == DEFAULT_MODEL else 0.0


def similar_ticket_min_score(settings: Settings) -> float:
    """SIMILAR_TICKET_MIN_SCORE, or the packaged model's floor (see `_floor`)."""
    return _floor(settings, settings.similar_ticket_min_score, PACKAGED_MODEL_SIMILAR_TICKET_FLOOR)


# Measured with all-MiniLM-L6-v2 by `python -m benchmarks.eval_retrieval` (Bitext support
# data, one intent's articles left out of the knowledge base at a time): at 0.35 the right
# passage of 97% of answerable requests is still quoted, and 14% of the requests whose
# topic has no article get no passage at all (docs/ai-assist.md, "Grounding floors").
PACKAGED_MODEL_KB_PASSAGE_FLOOR = 0.35


def kb_passage_min_score(settings: Settings) -> float:
    """KB_PASSAGE_MIN_SCORE, or the packaged model's floor (see `_floor`)."""
    return _floor(settings, settings.kb_passage_min_score, PACKAGED_MODEL_KB_PASSAGE_FLOOR)


def vector_store_path(settings: Settings) -> str:
    return settings.vector_store_path or str(Path(settings.data_dir) / "vectors")


def make_vector_index(settings: Settings) -> Any:
    """CHROMA_URL selects a Chroma server; else VECTOR_STORE_PATH (default DATA_DIR/vectors)
    an embedded store, where `memory://` keeps vectors in process memory."""
    if settings.chroma_url:
        return ChromaVectorIndex(url=settings.chroma_url, timeout_s=settings.chroma_timeout_s)
    path = vector_store_path(settings)
    if path == MEMORY_STORE:
        from adapters.knowledge.memory_vector_index import MemoryVectorIndex

        return MemoryVectorIndex()
    return ChromaVectorIndex(path=path)


def make_lexical_index() -> Any:
    try:
        from adapters.knowledge.bm25_index import Bm25Index
    except ImportError as error:  # numpy comes with the 'ai' extras
        return _Unavailable(f"keyword search needs the 'ai' extras: {error}")
    return Bm25Index()


class _Unavailable:
    def __init__(self, reason: str) -> None:
        self._reason = reason

    def __getattr__(self, name: str) -> Any:
        raise KnowledgeUnavailable(self._reason)


def _similarity() -> Any:
    try:
        from adapters.knowledge.numpy_similarity import cosine_matrix
    except ImportError:
        return similarities
    return cosine_matrix


def make_knowledge_base(
    settings: Settings, uow: Any, embedder: Any, vectors: Any, lexical: Any, clock: Any
) -> KnowledgeBase:
    return KnowledgeBase(
        uow=uow,
        embedder=embedder,
        vectors=vectors,
        lexical=lexical,
        clock=clock,
        limits=KnowledgeLimits(
            max_document_bytes=settings.kb_max_document_bytes,
            max_documents_per_call=settings.kb_max_documents_per_call,
        ),
        similarity=_similarity(),
    )


def make_ticket_index_sweeper(
    settings: Settings, kb: KnowledgeBase, indexer: VectorTicketIndexer
) -> TicketIndexSweeper:
    """The catch-up sweep every INDEX_SWEEP_INTERVAL_S; entries younger than one interval
    (at most 10 s) are left to the after-commit fast path."""
    interval = settings.index_sweep_interval_s
    grace = min(timedelta(seconds=interval), MAX_GRACE)
    return TicketIndexSweeper(CatchUpTicketIndex(kb, indexer, grace), interval)
