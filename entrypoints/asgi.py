"""ASGI factory for servers: `uvicorn --factory entrypoints.asgi:make_app`.

Builds the app from the environment; migrations are applied by
`astratickets serve` or `astratickets db upgrade`, not here.
"""

from __future__ import annotations

from litestar import Litestar

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings


def make_app() -> Litestar:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    return create_app(build_container(settings))
