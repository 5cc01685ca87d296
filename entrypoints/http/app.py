"""The Litestar application: routes, dependencies, errors and OpenAPI."""

from __future__ import annotations

from litestar import Litestar, Response, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.response import Redirect

from entrypoints.container import Container
from entrypoints.http.console import console_routes
from entrypoints.http.controllers.health import health
from entrypoints.http.controllers.replies import RepliesController
from entrypoints.http.controllers.tickets import TicketsController
from entrypoints.http.controllers.users import UsersController
from entrypoints.http.dependencies import use_case_dependencies
from entrypoints.http.problems import EXCEPTION_HANDLERS
from entrypoints.http.schemas.problems import Problem

API_DESCRIPTION = (
    "AstraTickets: users, tickets and their conversations. Errors are RFC 9457 "
    "problem details; lists carry X-Total-Count and Link headers; single tickets an ETag "
    "that If-Match makes writes conditional on."
)


@get("/docs", include_in_schema=False, sync_to_thread=False)
def swagger_ui() -> Redirect:
    return Redirect("/schema/swagger")


def create_app(container: Container) -> Litestar:
    settings = container.settings()

    async def close_adapters() -> None:
        await container.health_probe().close()

    return Litestar(
        route_handlers=[
            health,
            UsersController,
            TicketsController,
            RepliesController,
            swagger_ui,
            *console_routes(settings.console_dist),
        ],
        dependencies=use_case_dependencies(),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        state=State({"container": container}),
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
        on_shutdown=[close_adapters],
        debug=False,
        response_cache_config=None,
        type_encoders=None,
        signature_namespace={"Problem": Problem, "Response": Response},
    )
