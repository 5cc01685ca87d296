"""Knowledge-base API bodies (compatible with the original `/api/kb/*` routes)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec

MetadataIn = dict[str, str | int | float | bool]

CollectionField = Annotated[
    str | None, msgspec.Meta(description="Collection name; default `kb_main`")
]


class DocumentIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str, msgspec.Meta(description="The document, plain text or Markdown")]
    id: Annotated[
        str | None,
        msgspec.Meta(description="1..128 of A-Z a-z 0-9 . _ -; generated when absent"),
    ] = None
    title: str | None = None
    metadata: MetadataIn | None = None


class IngestRequest(msgspec.Struct, forbid_unknown_fields=True):
    documents: list[DocumentIn]
    collection: CollectionField = None
    chunk: Annotated[bool, msgspec.Meta(description="Cut documents into chunks")] = True
    max_chars: Annotated[
        int | None, msgspec.Meta(description="Chunk size in characters, 200..8000 (default 1000)")
    ] = None
    overlap: Annotated[
        int | None, msgspec.Meta(description="Characters repeated between chunks (default 150)")
    ] = None


class IngestedDocumentOut(msgspec.Struct):
    id: str
    status: Annotated[str, msgspec.Meta(description="created, updated or unchanged")]
    chunks: int


class IngestResponse(msgspec.Struct):
    collection: str
    inserted_ids: Annotated[list[str], msgspec.Meta(description="Chunk ids of every document")]
    documents: list[IngestedDocumentOut]


class SearchRequest(msgspec.Struct, forbid_unknown_fields=True):
    query: str
    collection: CollectionField = None
    n_results: Annotated[int, msgspec.Meta(description="1..50")] = 5
    where: Annotated[
        dict[str, Any] | None,
        msgspec.Meta(
            description='Metadata filter, e.g. {"lang": "en"} or {"views": {"$gte": 10}}; '
            "operators $eq $ne $gt $gte $lt $lte $in $nin $and $or"
        ),
    ] = None


class Match(msgspec.Struct):
    id: str
    document_id: str
    title: str
    section: str
    content: str
    score: Annotated[
        float,
        msgspec.Meta(description="Ranking relevance: orders this query's matches (see ranking)"),
    ]
    metadata: dict[str, Any]
    similarity: Annotated[
        float,
        msgspec.Meta(
            description="Cosine of the chunk with the query on the embedding model's scale, "
            "comparable across queries (what KB_PASSAGE_MIN_SCORE is compared with)"
        ),
    ]


class SearchResponse(msgspec.Struct):
    query: str
    matches: list[Match]


class DeleteRequest(msgspec.Struct, forbid_unknown_fields=True):
    ids: Annotated[
        list[str], msgspec.Meta(description="Document ids (whole documents) or chunk ids")
    ]
    collection: CollectionField = None


class DeleteResponse(msgspec.Struct):
    deleted: int


class ChunkOut(msgspec.Struct):
    id: str
    position: int
    section: str
    content: str


class DocumentSummary(msgspec.Struct):
    id: str
    collection: str
    title: str
    source: str | None
    metadata: dict[str, Any]
    chunk_count: int
    content_hash: str
    created_at: datetime
    updated_at: datetime


class DocumentOut(DocumentSummary):
    text: str = ""
    chunks: list[ChunkOut] = msgspec.field(default_factory=list)


class Suggestion(msgspec.Struct):
    document_id: str
    title: str
    snippet: str
    score: float


class SuggestResponse(msgspec.Struct):
    query: str
    suggestions: list[Suggestion]


class SimilarTicket(msgspec.Struct):
    id: int
    title: str
    status: str
    priority: str
    category: str | None
    created_at: datetime
    resolved_at: datetime | None
    score: float


class SimilarTicketsResponse(msgspec.Struct):
    ticket_id: int
    similar: list[SimilarTicket]
    close_match: Annotated[
        float,
        msgspec.Meta(
            description="Score from which a ticket is about the same problem (what grounds an "
            "AI draft: SIMILAR_TICKET_MIN_SCORE); 0 when the embedding model's scale is unknown"
        ),
    ]
