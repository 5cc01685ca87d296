from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from litestar import Response, get
from litestar.datastructures import State

from entrypoints.http.auth import PUBLIC
from entrypoints.http.schemas.health import Health

log = logging.getLogger("astratickets.health")


def _version() -> str:
    try:
        return version("astratickets")
    except PackageNotFoundError:
        return "unknown"


@get("/health", summary="Liveness and database check", tags=["health"], **PUBLIC)
async def health(state: State) -> Response[Health]:
    """200 with status ok when the database answers; 503 with status degraded otherwise."""
    try:
        await state.container.health_probe().check()
    except Exception as error:
        log.warning("health check: database unreachable: %s", error)
        return Response(Health("degraded", "unreachable", _version()), status_code=503)
    return Response(Health("ok", "ok", _version()))
