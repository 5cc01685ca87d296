"""Knowledge base over HTTP: ingest, search, suggest, documents; similar tickets.

Who may call what (the accounts work adds the guards): administrators manage
the knowledge base (ingest, upload, delete, documents); agents search and see
similar tickets; customers only get suggestions (`/api/kb/suggest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody, QueryParameter

from adapters.knowledge.html_to_text import html_to_text
from application.knowledge.errors import DocumentTooLarge
from application.queries import DEFAULT_PAGE_SIZE, PageRequest
from application.use_cases.knowledge.delete_document import DeleteDocumentHandler
from application.use_cases.knowledge.delete_knowledge import (
    DeleteKnowledge,
    DeleteKnowledgeHandler,
)
from application.use_cases.knowledge.find_similar_tickets import FindSimilarTicketsHandler
from application.use_cases.knowledge.get_document import GetDocumentHandler
from application.use_cases.knowledge.ingest_documents import (
    DocumentInput,
    IngestDocuments,
    IngestDocumentsHandler,
    IngestResult,
)
from application.use_cases.knowledge.list_documents import ListDocumentsHandler
from application.use_cases.knowledge.search_knowledge import (
    SearchKnowledge,
    SearchKnowledgeHandler,
)
from application.use_cases.knowledge.suggest_articles import SuggestArticlesHandler
from domain.errors import FieldProblem, InvalidValue
from domain.knowledge import ChunkingPolicy
from domain.knowledge.chunking import DEFAULT_CHUNK_CHARS, DEFAULT_OVERLAP
from domain.knowledge.documents import Document
from entrypoints.http.auth import ADMIN, SIGNED_IN, STAFF
from entrypoints.http.controllers.users import PageNumber, PageSize
from entrypoints.http.dependencies import container_dependency
from entrypoints.http.openapi_responses import problems
from entrypoints.http.pagination import LIST_HEADERS, page_response
from entrypoints.http.schemas import knowledge as schemas

UPLOAD_TYPES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html",
                ".htm": "html"}  # fmt: skip
UPLOAD_BODY_LIMIT = 64 * 1024**2 + 64 * 1024

_HANDLERS = {
    "ingest_documents": IngestDocumentsHandler,
    "search_knowledge": SearchKnowledgeHandler,
    "suggest_articles": SuggestArticlesHandler,
    "delete_knowledge": DeleteKnowledgeHandler,
    "delete_document": DeleteDocumentHandler,
    "get_document": GetDocumentHandler,
    "list_documents": ListDocumentsHandler,
    "find_similar_tickets": FindSimilarTicketsHandler,
}


def knowledge_dependencies() -> dict[str, Provide]:
    return {name: container_dependency(name, kind) for name, kind in _HANDLERS.items()}


Collection = Annotated[str | None, QueryParameter(description="Collection name (default kb_main)")]


def _ingest_response(result: IngestResult) -> Response[schemas.IngestResponse]:
    return Response(
        schemas.IngestResponse(
            collection=result.collection,
            inserted_ids=result.chunk_ids,
            documents=[
                schemas.IngestedDocumentOut(d.id, d.status, len(d.chunk_ids))
                for d in result.documents
            ],
        ),
        status_code=201,
    )


def _summary(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "collection": document.collection,
        "title": document.title,
        "source": document.source,
        "metadata": dict(document.metadata),
        "chunk_count": document.chunk_count,
        "content_hash": document.content_hash,
        "created_at": document.created_at,
        "updated_at": document.updated_at,
    }


@dataclass
class UploadForm:
    file: UploadFile
    collection: str | None = None
    title: str | None = None
    id: str | None = None


class KnowledgeController(Controller):
    path = "/api/kb"
    tags = ["knowledge base"]
    dependencies = knowledge_dependencies()

    @post(
        "/ingest",
        summary="Add or replace documents (admin)",
        status_code=201,
        responses=problems(400, 409, 413),
        **ADMIN,
    )
    async def ingest(
        self,
        data: JSONBody[schemas.IngestRequest],
        ingest_documents: NamedDependency[IngestDocumentsHandler],
    ) -> Response[schemas.IngestResponse]:
        max_chars = data.max_chars if data.max_chars is not None else DEFAULT_CHUNK_CHARS
        policy = ChunkingPolicy(
            max_chars=max_chars,
            overlap=data.overlap
            if data.overlap is not None
            else min(DEFAULT_OVERLAP, max(0, max_chars) // 2),
            enabled=data.chunk,
        )
        result = await ingest_documents(
            IngestDocuments(
                documents=[
                    DocumentInput(text=d.text, id=d.id, title=d.title, metadata=d.metadata)
                    for d in data.documents
                ],
                collection=data.collection,
                chunking=policy,
            )
        )
        return _ingest_response(result)

    @post(
        "/search",
        summary="Search the knowledge base (agents)",
        status_code=200,
        responses=problems(400, 404, 409),
        **STAFF,
    )
    async def search(
        self,
        data: JSONBody[schemas.SearchRequest],
        search_knowledge: NamedDependency[SearchKnowledgeHandler],
    ) -> schemas.SearchResponse:
        matches = await search_knowledge(
            SearchKnowledge(
                query=data.query, collection=data.collection, limit=data.n_results, where=data.where
            )
        )
        return schemas.SearchResponse(
            query=data.query,
            matches=[
                schemas.Match(
                    id=m.chunk.id,
                    document_id=m.chunk.document_id,
                    title=m.chunk.title,
                    section=m.chunk.section,
                    content=m.chunk.text,
                    score=m.score,
                    metadata=dict(m.metadata),
                    similarity=m.similarity,
                )
                for m in matches
            ],
        )

    @get(
        "/suggest",
        summary="Articles that may answer what a customer is typing (customers)",
        responses=problems(404, 409),
        **SIGNED_IN,
    )
    async def suggest(
        self,
        suggest_articles: NamedDependency[SuggestArticlesHandler],
        q: Annotated[str, QueryParameter(description="What the customer typed so far")],
        collection: Collection = None,
        n: Annotated[int, QueryParameter(description="1..10 suggestions")] = 3,
    ) -> schemas.SuggestResponse:
        found = await suggest_articles(q, collection, n)
        return schemas.SuggestResponse(
            query=q,
            suggestions=[
                schemas.Suggestion(s.document_id, s.title, s.snippet, s.score) for s in found
            ],
        )

    @post(
        "/delete",
        summary="Delete documents or chunks by id (admin)",
        status_code=200,
        responses=problems(400, 404),
        **ADMIN,
    )
    async def delete_ids(
        self,
        data: JSONBody[schemas.DeleteRequest],
        delete_knowledge: NamedDependency[DeleteKnowledgeHandler],
    ) -> schemas.DeleteResponse:
        deleted = await delete_knowledge(DeleteKnowledge(ids=data.ids, collection=data.collection))
        return schemas.DeleteResponse(deleted=deleted)

    @get(
        "/documents",
        summary="List documents (admin)",
        response_headers=LIST_HEADERS,
        responses=problems(404),
        **ADMIN,
    )
    async def list_documents(
        self,
        request: Request[Any, Any, Any],
        list_documents: NamedDependency[ListDocumentsHandler],
        collection: Collection = None,
        page: FromQuery[PageNumber] = 1,
        page_size: FromQuery[PageSize] = DEFAULT_PAGE_SIZE,
    ) -> Response[list[schemas.DocumentSummary]]:
        found = await list_documents(collection, PageRequest(page=page, page_size=page_size))
        return page_response(
            request, found, [schemas.DocumentSummary(**_summary(d)) for d in found.items]
        )

    @get(
        "/documents/{document_id:str}",
        summary="Get a document with its chunks (admin)",
        responses=problems(404),
        **ADMIN,
    )
    async def get_document(
        self,
        document_id: FromPath[str],
        get_document: NamedDependency[GetDocumentHandler],
        collection: Collection = None,
    ) -> schemas.DocumentOut:
        document = await get_document(collection, document_id)
        return schemas.DocumentOut(
            **_summary(document),
            text=document.text,
            chunks=[schemas.ChunkOut(c.id, c.position, c.section, c.text) for c in document.chunks],
        )

    @delete(
        "/documents/{document_id:str}",
        summary="Delete a document and its chunks (admin)",
        status_code=204,
        responses=problems(404),
        **ADMIN,
    )
    async def delete_document(
        self,
        document_id: FromPath[str],
        delete_document: NamedDependency[DeleteDocumentHandler],
        collection: Collection = None,
    ) -> None:
        await delete_document(collection, document_id)

    @post(
        "/documents/upload",
        summary="Upload a .md, .txt or .html file as a document (admin)",
        status_code=201,
        responses=problems(400, 409, 413),
        request_max_body_size=UPLOAD_BODY_LIMIT,
        **ADMIN,
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[UploadForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        ingest_documents: NamedDependency[IngestDocumentsHandler],
    ) -> Response[schemas.IngestResponse]:
        limit = request.app.state.container.settings().kb_max_document_bytes
        upload = data.file
        name = PurePath(upload.filename or "").name
        kind = UPLOAD_TYPES.get(PurePath(name).suffix.lower())
        if kind is None:
            raise InvalidValue.single("file", "must be a .md, .markdown, .txt, .html or .htm file")
        raw = await upload.read(limit + 1)
        if len(raw) > limit:
            raise DocumentTooLarge([FieldProblem("file", f"is larger than {limit:,} bytes")], limit)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidValue.single("file", "must be UTF-8 text") from None
        title = data.title
        if kind == "html":
            html_title, text = html_to_text(text)
            title = title or html_title or None
        title = title or PurePath(name).stem.replace("-", " ").replace("_", " ").strip() or None
        result = await ingest_documents(
            IngestDocuments(
                documents=[
                    DocumentInput(text=text, id=data.id, title=title, source=name[:300] or None)
                ],
                collection=data.collection,
            )
        )
        return _ingest_response(result)


class SimilarTicketsController(Controller):
    path = "/api/tickets"
    tags = ["tickets"]
    dependencies = knowledge_dependencies()

    @get(
        "/{ticket_id:int}/similar",
        summary="Past tickets like this one, resolved ones first (agents)",
        responses=problems(404, 409),
        **STAFF,
    )
    async def similar(
        self,
        ticket_id: FromPath[int],
        find_similar_tickets: NamedDependency[FindSimilarTicketsHandler],
        n: Annotated[int, QueryParameter(description="1..20 tickets")] = 5,
    ) -> schemas.SimilarTicketsResponse:
        found = await find_similar_tickets(ticket_id, n)
        return schemas.SimilarTicketsResponse(
            ticket_id=ticket_id,
            similar=[
                schemas.SimilarTicket(
                    id=s.ticket.id or 0,
                    title=s.ticket.title,
                    status=s.ticket.status.value,
                    priority=s.ticket.priority.value,
                    category=s.ticket.category,
                    created_at=s.ticket.created_at,
                    resolved_at=s.ticket.resolved_at,
                    score=s.score,
                )
                for s in found
            ],
            close_match=find_similar_tickets.close_match,
        )
