"""Serves the built web console (frontend/dist) with a single-page-app fallback."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import File

from entrypoints.http.auth import PUBLIC

_RESERVED = ("api/", "schema/", "docs")
_NOT_BUILT = """<!doctype html><html><head><meta charset="utf-8"><title>AstraTickets</title></head>
<body><h1>AstraTickets API is running</h1><p>The web console has not been built.
Run <code>make run</code> (or <code>npm --prefix frontend run build</code>).
The API is under <a href="/api/tickets">/api</a>, its docs at <a href="/docs">/docs</a>.</p>
</body></html>"""


def _file(path: Path, headers: dict[str, str]) -> File:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return File(
        path,
        filename=path.name,
        media_type=media_type,
        content_disposition_type="inline",
        headers=headers,
    )


def _cache(relative: str) -> dict[str, str]:
    """Vite puts content-hashed files under assets/: they never change."""
    if relative.startswith("assets/"):
        return {"Cache-Control": "public, max-age=31536000, immutable"}
    return {"Cache-Control": "no-cache"}


def console_routes(dist: Path) -> list[HTTPRouteHandler]:
    root = dist.resolve()

    @get(["/", "/{path:path}"], include_in_schema=False, sync_to_thread=False, **PUBLIC)
    def console(path: FromPath[str] = "") -> Response[str] | File:
        relative = path.lstrip("/")
        if relative.startswith(_RESERVED):
            raise NotFoundException(f"no route for /{relative}")
        index = root / "index.html"
        if relative:
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return _file(candidate, _cache(relative))
            if "." in relative.rsplit("/", 1)[-1]:
                raise NotFoundException(f"no file /{relative}")
        if index.is_file():
            return _file(index, {"Cache-Control": "no-cache"})
        return Response(_NOT_BUILT, media_type="text/html")

    return [console]
