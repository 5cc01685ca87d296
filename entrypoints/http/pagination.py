"""List responses: a JSON array body, the total and the neighbours in headers.

Lists paged by number link first, prev, next and last pages. Lists that offer keyset
paging also send `X-Next-Cursor` when more items follow; once a request pages by
cursor, its `Link` names only `first` (page 1) and `next` (the next cursor), and it
carries no X-Total-Count (cursor pages are not counted).
"""

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
CURSOR_LIST_HEADERS = [
    ResponseHeader(
        name="X-Total-Count",
        description="Items matching the filters, all pages (not sent on cursor pages)",
        documentation_only=True,
    ),
    LIST_HEADERS[1],
    ResponseHeader(
        name="X-Next-Cursor",
        description="Pass as `cursor` for the next page (absent on the last page)",
        documentation_only=True,
    ),
]


def _page_url(
    request: Request[Any, Any, Any], page: int, page_size: int, cursor: str | None = None
) -> str:
    params = dict(request.query_params)
    params.pop("cursor", None)
    if cursor is None:
        params["page"] = str(page)
    else:
        params.pop("page", None)
        params["cursor"] = cursor
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


def _cursor_link_header(
    request: Request[Any, Any, Any], page: Page[Any], next_cursor: str | None
) -> str:
    size = page.request.page_size
    links = [f'<{_page_url(request, 1, size)}>; rel="first"']
    if next_cursor is not None:
        links.append(f'<{_page_url(request, 1, size, next_cursor)}>; rel="next"')
    return ", ".join(links)


def page_response(
    request: Request[Any, Any, Any],
    page: Page[Any],
    items: list[T],
    *,
    next_cursor: str | None = None,
    by_cursor: bool = False,
) -> Response[list[T]]:
    """`next_cursor`: sent as X-Next-Cursor; `by_cursor`: the request paged by cursor.

    X-Total-Count is left out when the page was not counted (a cursor page).
    """
    if by_cursor:
        headers = {"Link": _cursor_link_header(request, page, next_cursor)}
    else:
        headers = {"Link": link_header(request, page)}
    if page.total is not None:
        headers["X-Total-Count"] = str(page.total)
    if next_cursor is not None:
        headers["X-Next-Cursor"] = next_cursor
    return Response(items, headers=headers)
