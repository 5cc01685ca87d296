"""Errors of the knowledge base, independent of any transport."""

from __future__ import annotations

from application.errors import ApplicationError, Conflict
from application.ports.embedder import EmbeddingSpace
from domain.errors import FieldProblem


class EmbeddingSpaceMismatch(Conflict):
    """A collection was built with another embedding model (or dimension) than the one in use."""

    def __init__(self, collection: str, built: EmbeddingSpace, current: EmbeddingSpace) -> None:
        self.collection = collection
        self.built = built
        self.current = current
        super().__init__(
            f"collection '{collection}' was built with {built.describe()}, but this server "
            f"embeds with {current.describe()}; vectors of different models cannot be compared. "
            f"Rebuild it with `astratickets kb reindex --collection {collection}` "
            "or set EMBEDDING_MODEL back"
        )


class DocumentTooLarge(ApplicationError):
    """A document is larger than KB_MAX_DOCUMENT_BYTES."""

    def __init__(self, problems: list[FieldProblem], limit: int) -> None:
        self.problems = problems
        self.limit = limit
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


class KnowledgeUnavailable(ApplicationError):
    """The vector store or the embedding model cannot be used right now."""


class VectorStoreUnavailable(KnowledgeUnavailable):
    """The vector store (a Chroma server) did not answer: refused, dropped or timed out.

    Searches fail fast with it; ticket writes never see it (their indexing is
    queued and caught up once the store is back).
    """
