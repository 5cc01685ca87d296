"""The AI pipeline over HTTP: a ticket's triage, drafts and job; review; on-demand
suggestions; the provider in use (docs/ai.md).

Agents and admins only (customers get 403); the provider's configuration is for
admins, and never includes the key.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from application.use_cases.ai.accept_draft import AcceptDraft, AcceptDraftHandler
from application.use_cases.ai.get_ai_state import GetAiState
from application.use_cases.ai.list_drafts import ListDrafts
from application.use_cases.ai.reject_draft import RejectDraft, RejectDraftHandler
from application.use_cases.ai.suggest_for_ticket import SuggestForTicket
from domain.access import Actor
from entrypoints.ai_wiring import provider_info
from entrypoints.http.auth import ADMIN, STAFF
from entrypoints.http.dependencies import container_dependency
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas import ai_pipeline as schemas
from entrypoints.http.schemas.tickets import Reply

_HANDLERS = {
    "get_ai_state": GetAiState,
    "list_drafts": ListDrafts,
    "accept_draft": AcceptDraftHandler,
    "reject_draft": RejectDraftHandler,
    "suggest_for_ticket": SuggestForTicket,
}


def ai_pipeline_dependencies() -> dict[str, Provide]:
    return {name: container_dependency(name, kind) for name, kind in _HANDLERS.items()}


class TicketAiController(Controller):
    path = "/api/tickets/{ticket_id:int}"
    tags = ["ai"]
    dependencies = ai_pipeline_dependencies()

    @get(
        "/ai",
        summary="The AI's work on a ticket: triage, drafts (newest first), background job",
        responses=problems(403, 404),
        **STAFF,
    )
    async def ai_state(
        self,
        ticket_id: FromPath[int],
        get_ai_state: NamedDependency[GetAiState],
        actor: NamedDependency[Actor],
    ) -> schemas.TicketAi:
        return schemas.TicketAi.of(await get_ai_state(ticket_id, actor))

    @get(
        "/drafts",
        summary="The ticket's draft replies, newest first",
        responses=problems(403, 404),
        **STAFF,
    )
    async def list_drafts(
        self,
        ticket_id: FromPath[int],
        list_drafts: NamedDependency[ListDrafts],
        actor: NamedDependency[Actor],
    ) -> schemas.DraftList:
        return schemas.DraftList([schemas.Draft.of(d) for d in await list_drafts(ticket_id, actor)])

    @post(
        "/drafts/{draft_id:int}/accept",
        summary="Send a pending draft, as it is or edited, as your reply (marked AI-assisted)",
        responses=problems(400, 403, 404, 409, 413),
        **STAFF,
    )
    async def accept(
        self,
        ticket_id: FromPath[int],
        draft_id: FromPath[int],
        data: JSONBody[schemas.DraftAccept],
        accept_draft: NamedDependency[AcceptDraftHandler],
        actor: NamedDependency[Actor],
    ) -> Response[schemas.DraftAccepted]:
        draft, reply = await accept_draft(
            AcceptDraft(ticket_id, draft_id, text=data.text, public=data.public), actor
        )
        return Response(
            schemas.DraftAccepted(draft=schemas.Draft.of(draft), reply=Reply.of(reply)),
            status_code=201,
        )

    @post(
        "/drafts/{draft_id:int}/reject",
        summary="Turn a pending draft down, saying why",
        status_code=200,
        responses=problems(400, 403, 404, 409),
        **STAFF,
    )
    async def reject(
        self,
        ticket_id: FromPath[int],
        draft_id: FromPath[int],
        data: JSONBody[schemas.DraftReject],
        reject_draft: NamedDependency[RejectDraftHandler],
        actor: NamedDependency[Actor],
    ) -> schemas.Draft:
        draft = await reject_draft(RejectDraft(ticket_id, draft_id, data.reason), actor)
        return schemas.Draft.of(draft)


class AiPipelineController(Controller):
    path = "/api/ai"
    tags = ["ai"]
    dependencies = ai_pipeline_dependencies()

    @post(
        "/tickets/{ticket_id:int}/suggest",
        summary="Triage the ticket and draft a reply now (stored as a new pending draft)",
        status_code=200,
        responses=problems(403, 404),
        **STAFF,
    )
    async def suggest(
        self,
        ticket_id: FromPath[int],
        suggest_for_ticket: NamedDependency[SuggestForTicket],
        actor: NamedDependency[Actor],
    ) -> schemas.SuggestResponse:
        return schemas.SuggestResponse.of(ticket_id, await suggest_for_ticket(ticket_id, actor))

    @get(
        "/provider",
        summary="The language model in use, as configured on the server (never its key)",
        responses=problems(403),
        **ADMIN,
    )
    async def provider(self, request: Request[Any, Any, Any]) -> schemas.Provider:
        return schemas.Provider.of(provider_info(request.app.state.container.settings()))
