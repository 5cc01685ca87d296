"""What every knowledge use case works with: storage, embedder, indexes and limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from application.errors import NotFound
from application.knowledge.errors import EmbeddingSpaceMismatch
from application.knowledge.ranking import RankingPolicy, SimilarityMatrix
from application.knowledge.vectors import similarities
from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from application.ports.embedder import Embedder, EmbeddingSpace
from application.ports.knowledge_repository import KnowledgeCollection
from application.ports.lexical_index import LexicalEntry, LexicalIndex
from application.ports.vector_index import VectorIndex
from domain.errors import InvalidValue
from domain.knowledge import ChunkingPolicy, collection_name

DEFAULT_COLLECTION = "kb_main"
TICKETS_COLLECTION = "tickets"
RESERVED_COLLECTIONS = frozenset({TICKETS_COLLECTION})
DOCUMENT = "_document"


def title_entry_id(document_id: str) -> str:
    return f"{document_id}#title"


def titles_of(collection: str) -> str:
    """The vector collection of a collection's document titles ('.' never occurs in names)."""
    return f"{collection}.titles"


@dataclass(frozen=True, slots=True)
class KnowledgeLimits:
    max_document_bytes: int = 1_000_000
    max_documents_per_call: int = 100
    max_query_chars: int = 2_000
    max_results: int = 50


@dataclass
class KnowledgeBase:
    uow: UnitOfWorkFactory
    embedder: Embedder
    vectors: VectorIndex
    lexical: LexicalIndex
    clock: Clock
    limits: KnowledgeLimits = field(default_factory=KnowledgeLimits)
    ranking: RankingPolicy = field(default_factory=RankingPolicy)
    chunking: ChunkingPolicy = field(default_factory=ChunkingPolicy)
    similarity: SimilarityMatrix = similarities

    async def space(self) -> EmbeddingSpace:
        return await self.embedder.space()

    @staticmethod
    def name(raw: str | None, *, for_writing: bool = False) -> str:
        """The collection a request names. The tickets' own index is never reachable
        through the knowledge-base API, for reading or writing: its entries are
        other customers' tickets."""
        name = collection_name(raw if raw is not None else DEFAULT_COLLECTION)
        if name in RESERVED_COLLECTIONS:
            raise InvalidValue.single("collection", f"'{name}' is reserved for tickets")
        return name

    async def existing(self, uow: UnitOfWork, name: str) -> KnowledgeCollection:
        collection = await uow.knowledge.get_collection(name)
        if collection is None:
            raise NotFound("collection", name)
        return collection

    @staticmethod
    def check_space(collection: KnowledgeCollection, space: EmbeddingSpace) -> None:
        built = EmbeddingSpace(collection.embedding_model, collection.embedding_dimension)
        if built != space:
            raise EmbeddingSpaceMismatch(collection.name, built, space)

    def lexical_loader(self, name: str, uow: UnitOfWork | None = None):  # type: ignore[no-untyped-def]
        """Loads a collection's chunks for the BM25 index, in `uow` or a unit of work of its own."""

        async def read(unit: UnitOfWork) -> list[LexicalEntry]:
            entries: list[LexicalEntry] = []
            after: str | None = None
            while True:
                batch = await unit.knowledge.iter_chunks(name, after=after, limit=2_000)
                if not batch:
                    return entries
                for stored in batch:
                    entries.append(
                        LexicalEntry(stored.chunk.id, stored.chunk.embedding_text, stored.metadata)
                    )
                after = batch[-1].chunk.id

        async def load() -> list[LexicalEntry]:
            if uow is not None:
                return await read(uow)
            async with self.uow(read_only=True) as own:
                return await read(own)

        return load
