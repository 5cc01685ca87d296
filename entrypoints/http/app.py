"""The Litestar application: routes, dependencies, errors and OpenAPI."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from litestar import Litestar, Response, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.response import Redirect

from entrypoints.ai_wiring import start_jobs, stop_jobs
from entrypoints.bootstrap import ensure_first_admin
from entrypoints.container import Container
from entrypoints.http.auth import PUBLIC, build_auth, provide_actor
from entrypoints.http.console import console_routes
from entrypoints.http.controllers.ai_pipeline import AiPipelineController, TicketAiController
from entrypoints.http.controllers.auth import AuthController
from entrypoints.http.controllers.classifier import ClassifierController, TicketImportController
from entrypoints.http.controllers.health import health
from entrypoints.http.controllers.knowledge import KnowledgeController, SimilarTicketsController
from entrypoints.http.controllers.replies import RepliesController
from entrypoints.http.controllers.satisfaction import SatisfactionController
from entrypoints.http.controllers.sla import SlaController
from entrypoints.http.controllers.stats import StatsController
from entrypoints.http.controllers.tickets import TicketsController
from entrypoints.http.controllers.users import UsersController
from entrypoints.http.dependencies import use_case_dependencies
from entrypoints.http.problems import EXCEPTION_HANDLERS
from entrypoints.http.request_checks import check_request
from entrypoints.http.schemas.problems import Problem
from entrypoints.http.security_headers import add_security_headers
from entrypoints.http.session_tokens import SessionTokens
from entrypoints.secret_key import resolve_secret_key

log = logging.getLogger("astratickets")

API_DESCRIPTION = (
    "AstraTickets: users, tickets and their conversations. Errors are RFC 9457 "
    "problem details; lists carry X-Total-Count and Link headers; single tickets an ETag "
    "that If-Match makes writes conditional on."
)


@get("/docs", include_in_schema=False, sync_to_thread=False, **PUBLIC)
def swagger_ui() -> Redirect:
    return Redirect("/schema/swagger")


def create_app(container: Container) -> Litestar:
    settings = container.settings()
    auth = build_auth(resolve_secret_key(settings), settings.access_token_expire_minutes)
    sessions = SessionTokens(
        auth,
        lifetime=timedelta(minutes=settings.access_token_expire_minutes),
        max_age=timedelta(hours=settings.session_max_hours),
    )

    warming: set[asyncio.Task[None]] = set()

    async def close_adapters() -> None:
        for task in list(warming):
            task.cancel()
        await asyncio.gather(*warming, return_exceptions=True)
        await container.ticket_index_sweeper().stop()
        await stop_jobs(container)
        await container.health_probe().close()
        await container.ticket_indexer().drain()
        await container.vector_index().close()

    async def run_jobs() -> None:
        # Background jobs (AI triage) run in this process unless REDIS_URL sends them to workers.
        await start_jobs(container)

    async def warm_up_knowledge() -> None:
        # In the background: the server answers while the model and keyword indexes load.
        task = asyncio.create_task(container.warm_up_knowledge()())
        warming.add(task)
        task.add_done_callback(warming.discard)

    async def catch_up_ticket_index() -> None:
        # At startup, then every INDEX_SWEEP_INTERVAL_S (docs/knowledge-base.md).
        container.ticket_index_sweeper().start()

    async def bootstrap_in_memory_admin() -> None:
        # With SQL storage `astratickets serve` does this once before workers start;
        # an in-memory store exists only inside this process, so it happens here.
        if container.storage() == "memory":
            outcome = await ensure_first_admin(container)
            if outcome.created:
                log.warning(outcome.message(f"http://{settings.host}:{settings.port}"))

    return Litestar(
        route_handlers=[
            health,
            AuthController,
            UsersController,
            TicketsController,
            RepliesController,
            SatisfactionController,
            SlaController,
            StatsController,
            KnowledgeController,
            SimilarTicketsController,
            TicketAiController,
            AiPipelineController,
            ClassifierController,
            TicketImportController,
            swagger_ui,
            *console_routes(settings.console_dist),
        ],
        dependencies={
            **use_case_dependencies(),
            "actor": Provide(provide_actor, sync_to_thread=False),
        },
        on_app_init=[auth.on_app_init],
        before_send=[add_security_headers],
        before_request=check_request,
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        state=State({"container": container, "auth": auth, "sessions": sessions}),
        request_max_body_size=settings.max_request_body_bytes,
        cors_config=CORSConfig(
            allow_origins=list(settings.cors_origins),
            expose_headers=["X-Total-Count", "Link", "ETag"],
        )
        if settings.cors_origins
        else None,
        openapi_config=OpenAPIConfig(
            title="AstraTickets API",
            version="1",
            description=API_DESCRIPTION,
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
            components=[],
        ),
        on_startup=[bootstrap_in_memory_admin, run_jobs, catch_up_ticket_index, warm_up_knowledge],
        on_shutdown=[close_adapters],
        debug=False,
        response_cache_config=None,
        type_encoders=None,
        signature_namespace={"Problem": Problem, "Response": Response},
    )
