"""List responses: a JSON array body, the total and the neighbours in headers."""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import quote

from litestar import Request, Response
from litestar.datastructures import ResponseHeader

from application.queries import Page

T = TypeVar("T")

LIST_HEADERS = [
    ResponseHeader(
        name="X-Total-Count",
        description="Items matching the filters, all pages",
        documentation_only=True,
    ),
    ResponseHeader(
        name="Link", description="RFC 8288 links: first, prev, next, last", documentation_only=True
    ),
]


def _page_url(request: Request[Any, Any, Any], page: int, page_size: int) -> str:
    params = dict(request.query_params)
    params["page"] = str(page)
    params["page_size"] = str(page_size)
    query = "&".join(f"{k}={v}" for k, v in _encoded(params))
    return f"{request.url.path}?{query}"


def _encoded(params: dict[str, str]) -> list[tuple[str, str]]:
    return [(quote(k, safe=""), quote(v, safe=",")) for k, v in params.items()]


def link_header(request: Request[Any, Any, Any], page: Page[Any]) -> str:
    size = page.request.page_size
    current = page.request.page
    links = {"first": 1, "last": page.last_page}
    if current > 1:
        links["prev"] = min(current - 1, page.last_page)
    if current < page.last_page:
        links["next"] = current + 1
    return ", ".join(
        f'<{_page_url(request, number, size)}>; rel="{rel}"' for rel, number in links.items()
    )


def page_response(
    request: Request[Any, Any, Any], page: Page[Any], items: list[T]
) -> Response[list[T]]:
    return Response(
        items,
        headers={"X-Total-Count": str(page.total), "Link": link_header(request, page)},
    )
