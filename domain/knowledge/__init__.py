"""Knowledge base: documents, their chunks, and the rules for cutting and filtering them."""

from domain.knowledge.chunking import ChunkingPolicy, chunk_document
from domain.knowledge.documents import (
    Chunk,
    Document,
    DocumentDraft,
    collection_name,
    document_id,
)
from domain.knowledge.filters import MetadataFilter

__all__ = [
    "Chunk",
    "ChunkingPolicy",
    "Document",
    "DocumentDraft",
    "MetadataFilter",
    "chunk_document",
    "collection_name",
    "document_id",
]
