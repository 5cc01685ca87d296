"""What every knowledge use case works with: storage, embedder, indexes and limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from application.errors import NotFound
from application.knowledge.errors import EmbeddingSpaceMismatch
from application.knowledge.ranking import RankingPolicy, SimilarityMatrix
from application.knowledge.vectors import similarities
from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from application.ports.embedder import Embedder, EmbeddingSpace
from application.ports.knowledge_repository import KnowledgeCollection, StoredChunk
from application.ports.lexical_index import LexicalEntry, LexicalIndex, LexicalLoader
from application.ports.vector_index import VectorIndex
from domain.errors import InvalidValue
from domain.knowledge import ChunkingPolicy, collection_name

DEFAULT_COLLECTION = "kb_main"
TICKETS_COLLECTION = "tickets"
RESERVED_COLLECTIONS = frozenset({TICKETS_COLLECTION})
DOCUMENT = "_document"


def title_entry_id(document_id: str) -> str:
    return f"{document_id}#title"


def document_of(chunk_id: str) -> str:
    """The document of a chunk id (`<document id>#...`; document ids never contain '#')."""
    return chunk_id.partition("#")[0]


def titles_of(collection: str) -> str:
    """The vector collection of a collection's document titles ('.' never occurs in names)."""
    return f"{collection}.titles"


def lexical_entry(stored: StoredChunk) -> LexicalEntry:
    """What the keyword index holds of a chunk: the text it embeds (title, section, text)."""
    return LexicalEntry(stored.chunk.id, stored.chunk.embedding_text, stored.metadata)


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

    async def existing(
        self, uow: UnitOfWork, name: str, *, for_update: bool = False
    ) -> KnowledgeCollection:
        """The collection, or NotFound; `for_update` locks it for a write that moves its
        revision on (see `KnowledgeRepository.get_collection`)."""
        collection = await uow.knowledge.get_collection(name, for_update=for_update)
        if collection is None:
            raise NotFound("collection", name)
        return collection

    @staticmethod
    def check_space(collection: KnowledgeCollection, space: EmbeddingSpace) -> None:
        built = EmbeddingSpace(collection.embedding_model, collection.embedding_dimension)
        if built != space:
            raise EmbeddingSpaceMismatch(collection.name, built, space)

    def lexical_loader(self, name: str) -> LexicalLoader:
        """Loads a collection's chunks for the keyword index, in a unit of work of its own
        (an index may load in the background, after the search that asked for it)."""

        async def load() -> list[LexicalEntry]:
            entries: list[LexicalEntry] = []
            after: str | None = None
            async with self.uow(read_only=True) as uow:
                while True:
                    batch = await uow.knowledge.iter_chunks(name, after=after, limit=2_000)
                    if not batch:
                        return entries
                    entries.extend(lexical_entry(stored) for stored in batch)
                    after = batch[-1].chunk.id

        return load
