from __future__ import annotations

from dataclasses import dataclass, field

from application.ports.knowledge_repository import KnowledgeCollection, StoredChunk
from domain.knowledge import Document


@dataclass
class MemoryKnowledgeState:
    """The knowledge base's part of the in-memory store."""

    collections: dict[str, KnowledgeCollection] = field(default_factory=dict)
    documents: dict[tuple[str, str], Document] = field(default_factory=dict)
    chunks: dict[tuple[str, str], StoredChunk] = field(default_factory=dict)

    def __deepcopy__(self, memo: dict[int, object]) -> MemoryKnowledgeState:
        """Units of work copy the whole store; stored values here are never changed in
        place (the repository replaces them), so copying the mappings is enough."""
        return MemoryKnowledgeState(dict(self.collections), dict(self.documents), dict(self.chunks))
