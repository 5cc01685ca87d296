"""The classifier, category descriptions, ticket import and knowledge chat over HTTP
(docs/api.md, docs/ai.md).

Agents and admins only (customers get 403); training and changing the category
descriptions are for admins.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody

from application.ports.classifier_store import CategoryDescription
from application.ports.language_model import ChatMessage
from application.use_cases.chat_with_knowledge import ChatQuestion, ChatWithKnowledgeHandler
from application.use_cases.classifier.classify_texts import ClassifyTextsHandler
from application.use_cases.classifier.get_categories import GetCategoriesHandler
from application.use_cases.classifier.get_status import GetClassifierStatusHandler
from application.use_cases.classifier.request_training import RequestTrainingHandler
from application.use_cases.classifier.set_categories import SetCategoriesHandler
from application.use_cases.import_tickets import ImportTicketsHandler
from domain.access import Actor
from entrypoints.http.auth import ADMIN, STAFF
from entrypoints.http.dependencies import container_dependency
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas import classifier as schemas
from entrypoints.http.ticket_import import parse_import, read_body

# The route's own cap; IMPORT_MAX_BYTES (at most 1 GiB) is checked as the body streams in.
IMPORT_BODY_CAP = 1024**3

_HANDLERS = {
    "get_classifier_status": GetClassifierStatusHandler,
    "request_training": RequestTrainingHandler,
    "classify_texts": ClassifyTextsHandler,
    "get_categories": GetCategoriesHandler,
    "set_categories": SetCategoriesHandler,
    "import_tickets": ImportTicketsHandler,
    "chat_with_knowledge": ChatWithKnowledgeHandler,
}


def classifier_dependencies() -> dict[str, Provide]:
    return {name: container_dependency(name, kind) for name, kind in _HANDLERS.items()}


def _categories(items: list[CategoryDescription]) -> schemas.Categories:
    return schemas.Categories(items=[schemas.CategoryItem(i.name, i.description) for i in items])


class ClassifierController(Controller):
    path = "/api/ai"
    tags = ["ai"]
    dependencies = classifier_dependencies()

    @get(
        "/classifier",
        summary="The category classifier: status, method, categories, cross-validated metrics",
        responses=problems(403),
        **STAFF,
    )
    async def status(
        self,
        get_classifier_status: NamedDependency[GetClassifierStatusHandler],
        actor: NamedDependency[Actor],
    ) -> schemas.ClassifierStatusOut:
        return schemas.ClassifierStatusOut.of(await get_classifier_status(actor))

    @post(
        "/classifier/train",
        summary="Retrain the triage models from the labelled tickets, in the background (admin)",
        status_code=202,
        responses=problems(403),
        **ADMIN,
    )
    async def train(
        self,
        request_training: NamedDependency[RequestTrainingHandler],
        actor: NamedDependency[Actor],
    ) -> schemas.TrainingAccepted:
        await request_training.by_admin(actor)
        return schemas.TrainingAccepted(status="training")

    @post(
        "/classify",
        summary="Categorise up to 256 texts with the category model in force",
        status_code=200,
        responses=problems(400, 403, 409),
        **STAFF,
    )
    async def classify(
        self,
        data: JSONBody[schemas.ClassifyRequest],
        classify_texts: NamedDependency[ClassifyTextsHandler],
        actor: NamedDependency[Actor],
    ) -> schemas.ClassifyResponse:
        predictions = await classify_texts(data.texts, actor)
        return schemas.ClassifyResponse(
            results=[
                schemas.ClassifyResult(p.label, round(p.confidence, 6), p.abstained)
                for p in predictions
            ]
        )

    @get(
        "/categories",
        summary="The category descriptions used for zero-shot categories",
        responses=problems(403),
        **STAFF,
    )
    async def categories(
        self,
        get_categories: NamedDependency[GetCategoriesHandler],
        actor: NamedDependency[Actor],
    ) -> schemas.Categories:
        return _categories(await get_categories(actor))

    @put(
        "/categories",
        summary="Replace the category descriptions (admin)",
        responses=problems(400, 403),
        **ADMIN,
    )
    async def set_categories(
        self,
        data: JSONBody[schemas.Categories],
        set_categories: NamedDependency[SetCategoriesHandler],
        actor: NamedDependency[Actor],
    ) -> schemas.Categories:
        items = [CategoryDescription(i.name, i.description) for i in data.items]
        return _categories(await set_categories(items, actor))

    @post(
        "/chat",
        summary="Ask the knowledge base, with the conversation so far; answers cite passages",
        status_code=200,
        responses=problems(400, 403, 404),
        **STAFF,
    )
    async def chat(
        self,
        data: JSONBody[schemas.ChatRequest],
        chat_with_knowledge: NamedDependency[ChatWithKnowledgeHandler],
        actor: NamedDependency[Actor],
    ) -> schemas.ChatResponse:
        question = ChatQuestion(
            query=data.query,
            history=tuple(ChatMessage(t.role, t.content) for t in data.history),
            collection=data.collection,
            n_results=data.n_results,
        )
        return schemas.ChatResponse.of(await chat_with_knowledge(question, actor))


class TicketImportController(Controller):
    path = "/api/tickets"
    tags = ["tickets"]
    dependencies = classifier_dependencies()

    @post(
        "/import",
        summary="Import historical tickets with their replies: a JSON array or NDJSON, "
        "up to 10,000, all or nothing",
        status_code=201,
        request_max_body_size=IMPORT_BODY_CAP,
        responses=problems(400, 403, 413, 415),
        **STAFF,
    )
    async def import_tickets(
        self,
        request: Request[Any, Any, Any],
        import_tickets: NamedDependency[ImportTicketsHandler],
        actor: NamedDependency[Actor],
    ) -> Response[schemas.ImportResponse]:
        limit = request.app.state.container.settings().import_max_bytes
        body = await read_body(request, limit)
        ids = await import_tickets(parse_import(body, request.content_type[0]), actor)
        return Response(schemas.ImportResponse(imported=len(ids), ids=ids), status_code=201)
