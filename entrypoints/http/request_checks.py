"""Checks every request passes before its handler runs (the app's `before_request` hook).

1. Ids in the path must fit the id columns (32-bit integers on PostgreSQL and
   MySQL): a larger one names nothing that can exist, so it is 404 at once,
   instead of reaching a driver that would fail on it.
2. JSON bodies are checked strictly against their declared types. Litestar
   converts incoming data leniently, as query strings need (everything in a URL
   is text): on its own it would accept `"business_hours": 0` as `false` or
   `"score": "5"` as `5`. A JSON body has real types, so its declared body type
   is decoded with msgspec in strict mode first; a value of the wrong JSON type
   is refused with the same 422 problem (one error for the field, with its
   path) as any other invalid field. Malformed JSON and missing bodies are left
   to Litestar's own handling.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import NotFoundException, ValidationException

from adapters.sql.limits import storable_id

_NO_BODY = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})


def _field_path(location: str) -> str:
    """`$.targets.low.business_hours` -> `targets.low.business_hours`; `$[3].title` -> `3.title`."""
    path = location.removeprefix("$").replace("[", ".").replace("]", "")
    return path.lstrip(".")


def _is_json(body: bytes) -> bool:
    try:
        msgspec.json.decode(body)
    except msgspec.DecodeError:
        return False
    return True


async def check_request(request: Request[Any, Any, Any]) -> None:
    check_path_ids(request)
    await check_body_types(request)


def check_path_ids(request: Request[Any, Any, Any]) -> None:
    for name, value in request.path_params.items():
        if isinstance(value, int) and not storable_id(value):
            raise NotFoundException(f"no resource has {name} {value}")


async def check_body_types(request: Request[Any, Any, Any]) -> None:
    if request.method in _NO_BODY:
        return
    declared = request.route_handler.parsed_data_field
    if declared is None or request.content_type[0] != "application/json":
        return
    body = await request.body()
    if not body.strip():
        return
    try:
        msgspec.json.decode(body, type=declared.annotation, strict=True)
    except msgspec.ValidationError as error:
        if not _is_json(body):
            return  # typed decoding may stop at a field before reaching the syntax error
        message, _, location = str(error).partition(" - at `")
        if location.rstrip("`") == "$":
            return  # the body as a whole is of the wrong shape: Litestar refuses it itself
        raise ValidationException(
            detail="Validation failed",
            extra=[{"key": _field_path(location.rstrip("`")), "message": message}],
        ) from None
    except msgspec.DecodeError:
        return  # malformed JSON: Litestar's own 400
