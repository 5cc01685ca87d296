"""One table that turns every error into an RFC 9457 problem-details response."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable
from enum import Enum
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from application.analytics import Period
from application.errors import (
    Conflict,
    EmailAlreadyRegistered,
    InvalidCredentials,
    InvalidCursor,
    NotFound,
    ReferenceNotFound,
    SignUpClosed,
    StaleVersion,
    TooManyAttempts,
    WrongPassword,
)
from application.knowledge.errors import (
    DocumentTooLarge,
    KnowledgeUnavailable,
    VectorStoreUnavailable,
)
from application.queries import TicketSort
from domain.access import AccessDenied
from domain.drafting.review import DraftNotPending
from domain.errors import InvalidStatusTransition, InvalidValue, TicketClosed
from domain.tickets import TicketPriority, TicketStatus
from domain.tickets.satisfaction import AlreadyRated, NotRatable
from domain.tickets.sla_clock import SlaStatus
from entrypoints.http.schemas.problems import FieldError, Problem
from entrypoints.http.session_tokens import SessionTooOld
from entrypoints.http.ticket_import import ImportTooLarge

log = logging.getLogger("astratickets.http")

PROBLEM_MEDIA_TYPE = "application/problem+json"
_PROBLEM_BASE = "https://astratickets.dev/problems/"

_ENUMS_BY_FIELD: dict[str, type[Enum]] = {
    "status": TicketStatus,
    "priority": TicketPriority,
    "sort": TicketSort,
    "sla": SlaStatus,
    "group_by": Period,
}
_UNKNOWN_FIELD = re.compile(r"Object contains unknown field `(?P<name>[^`]+)`")
_INVALID_ENUM = re.compile(r"Invalid enum value '(?P<value>.*)'")


def problem_response(
    status: int,
    slug: str,
    title: str,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    return Response(
        Problem(
            type=_PROBLEM_BASE + slug,
            title=title,
            status=status,
            detail=detail,
            errors=errors or [],
        ),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _field_error_from_litestar(item: dict[str, Any]) -> FieldError:
    message = str(item.get("message", "is invalid"))
    key = str(item.get("key") or "body")
    unknown = _UNKNOWN_FIELD.match(message)
    if unknown:
        return FieldError(unknown["name"], "is not a known field")
    if key == "data":
        if message == "'data'":  # Litestar's words for "there is no body at all"
            return FieldError("body", "a JSON body is required")
        key = "body"
    invalid_enum = _INVALID_ENUM.match(message)
    enum = _ENUMS_BY_FIELD.get(key)
    if invalid_enum and enum is not None:
        allowed = ", ".join(str(member.value) for member in enum)
        return FieldError(key, f"'{invalid_enum['value']}' is not one of: {allowed}")
    if "Object missing required field" in message:
        missing = re.search(r"`([^`]+)`", message)
        if missing:
            return FieldError(missing.group(1), "is required")
    return FieldError(key, message)


def _on_validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Problem]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    if not extra:
        return problem_response(400, "malformed-request", "Malformed request", str(exc.detail))
    errors = [_field_error_from_litestar(item) for item in extra if isinstance(item, dict)]
    return problem_response(
        422,
        "validation-error",
        "Invalid input",
        "; ".join(f"{e.field}: {e.message}" for e in errors),
        errors,
    )


def _on_invalid_value(_: Request[Any, Any, Any], exc: InvalidValue) -> Response[Problem]:
    errors = [FieldError(p.field, p.message) for p in exc.problems]
    return problem_response(422, "validation-error", "Invalid input", str(exc), errors)


def _on_reference_not_found(_: Request[Any, Any, Any], exc: ReferenceNotFound) -> Response[Problem]:
    return problem_response(
        422,
        "validation-error",
        "Invalid input",
        str(exc),
        [FieldError(exc.field, f"{exc.kind} {exc.identifier} does not exist")],
    )


def _on_invalid_cursor(_: Request[Any, Any, Any], exc: InvalidCursor) -> Response[Problem]:
    errors = [FieldError(field="cursor", message=str(exc))]
    return problem_response(400, "invalid-cursor", "Invalid cursor", str(exc), errors)


def _on_not_found(_: Request[Any, Any, Any], exc: NotFound) -> Response[Problem]:
    return problem_response(404, "not-found", f"{exc.kind.capitalize()} not found", str(exc))


def _on_email_taken(_: Request[Any, Any, Any], exc: EmailAlreadyRegistered) -> Response[Problem]:
    return problem_response(
        409, "conflict", "Conflict", str(exc), [FieldError("email", "is already registered")]
    )


def _on_conflict(_: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    return problem_response(409, "conflict", "Conflict", str(exc))


def _on_stale(_: Request[Any, Any, Any], exc: StaleVersion) -> Response[Problem]:
    return problem_response(412, "stale-version", "Precondition failed", str(exc))


def _on_forbidden(_: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    return problem_response(403, "forbidden", "Forbidden", str(exc))


def _on_invalid_credentials(
    _: Request[Any, Any, Any], exc: InvalidCredentials
) -> Response[Problem]:
    return problem_response(
        401,
        "invalid-credentials",
        "Sign-in failed",
        str(exc),
        headers={"WWW-Authenticate": "Bearer"},
    )


def _on_wrong_password(_: Request[Any, Any, Any], exc: WrongPassword) -> Response[Problem]:
    return problem_response(
        400,
        "wrong-password",
        "Wrong password",
        str(exc),
        [FieldError(exc.field, "is not your current password")],
    )


def _on_session_too_old(_: Request[Any, Any, Any], exc: SessionTooOld) -> Response[Problem]:
    return problem_response(
        401,
        "session-too-old",
        "Session too old",
        str(exc),
        headers={"WWW-Authenticate": "Bearer"},
    )


def _on_too_many_attempts(_: Request[Any, Any, Any], exc: TooManyAttempts) -> Response[Problem]:
    return problem_response(
        429,
        "too-many-attempts",
        "Too many attempts",
        str(exc),
        headers={"Retry-After": str(exc.retry_after_seconds)},
    )


def _on_too_large(_: Request[Any, Any, Any], exc: DocumentTooLarge) -> Response[Problem]:
    return problem_response(
        413,
        "document-too-large",
        "Document too large",
        str(exc),
        [FieldError(p.field, p.message) for p in exc.problems],
    )


def _on_import_too_large(_: Request[Any, Any, Any], exc: ImportTooLarge) -> Response[Problem]:
    return problem_response(413, "import-too-large", "Import too large", str(exc))


def _on_unavailable(_: Request[Any, Any, Any], exc: KnowledgeUnavailable) -> Response[Problem]:
    return problem_response(
        503, "service-unavailable", "Service unavailable", str(exc), headers={"Retry-After": "5"}
    )


def _on_vector_store_down(
    request: Request[Any, Any, Any], exc: VectorStoreUnavailable
) -> Response[Problem]:
    log.warning("vector store unreachable during %s %s: %s", request.method, request.url.path, exc)
    return problem_response(
        503,
        "search-unavailable",
        "Search unavailable",
        "the vector store is not reachable right now, so searches and similar tickets cannot "
        "be answered; everything else works, and tickets written meanwhile are indexed once "
        "it is back. Try again shortly",
        headers={"Retry-After": "5"},
    )


def _on_http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    status = exc.status_code
    title = {
        400: "Malformed request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not found",
        405: "Method not allowed",
        413: "Request body too large",
        415: "Unsupported media type",
    }.get(status, "Request refused" if status < 500 else "Server error")
    detail = str(exc.detail) if exc.detail else title
    headers = dict(exc.headers or {})
    if status == 413:
        detail = "the request body is larger than the server accepts"
    if status == 401:
        detail = "sign in first: send a valid, unexpired bearer token of an active account"
        headers.setdefault("WWW-Authenticate", "Bearer")
    return problem_response(status, title.lower().replace(" ", "-"), title, detail, headers=headers)


def _on_too_deep(_: Request[Any, Any, Any], exc: RecursionError) -> Response[Problem]:
    # The JSON decoder gives up on absurdly nested input ([[[[...) this way.
    return problem_response(
        400, "malformed-request", "Malformed request", "the JSON body is nested too deeply"
    )


def _on_database_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    if (
        isinstance(exc, PoolTimeoutError)
        or (isinstance(exc, DBAPIError) and exc.connection_invalidated)
        or _looks_unreachable(exc)
    ):
        log.warning("database unavailable during %s %s: %s", request.method, request.url.path, exc)
        return problem_response(
            503,
            "service-unavailable",
            "Service unavailable",
            "the database is not reachable right now; try again shortly",
            headers={"Retry-After": "2"},
        )
    return _on_unexpected(request, exc)


def _on_connection_error(request: Request[Any, Any, Any], exc: OSError) -> Response[Problem]:
    """A backing service (database, Redis, Chroma) refused or dropped the connection.

    Drivers raise these unwrapped when they cannot even connect (asyncpg's
    `ConnectionRefusedError` while PostgreSQL restarts): the request fails cleanly
    with 503, and the next one connects again by itself.
    """
    if isinstance(exc, ConnectionError | TimeoutError | socket.gaierror):
        log.warning(
            "backing service unreachable during %s %s: %s", request.method, request.url.path, exc
        )
        return problem_response(
            503,
            "service-unavailable",
            "Service unavailable",
            "a backing service (the database or a search or job server) is not reachable "
            "right now; try again shortly",
            headers={"Retry-After": "2"},
        )
    return _on_unexpected(request, exc)


def _looks_unreachable(exc: Exception) -> bool:
    text = str(exc).lower()
    return any(
        marker in text
        for marker in (
            "connection refused",
            "could not connect",
            "connection was closed",
            "server has gone away",
            "lost connection",
            "connection reset",
        )
    )


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    log.exception("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500,
        "internal-error",
        "Internal server error",
        "an unexpected error occurred; it was logged",
    )


EXCEPTION_HANDLERS: dict[type[Exception], Callable[..., Response[Problem]]] = {
    ValidationException: _on_validation,
    InvalidValue: _on_invalid_value,
    ReferenceNotFound: _on_reference_not_found,
    InvalidCursor: _on_invalid_cursor,
    NotFound: _on_not_found,
    EmailAlreadyRegistered: _on_email_taken,
    Conflict: _on_conflict,
    InvalidStatusTransition: _on_conflict,
    TicketClosed: _on_conflict,
    NotRatable: _on_conflict,
    AlreadyRated: _on_conflict,
    DraftNotPending: _on_conflict,
    StaleVersion: _on_stale,
    DocumentTooLarge: _on_too_large,
    ImportTooLarge: _on_import_too_large,
    KnowledgeUnavailable: _on_unavailable,
    VectorStoreUnavailable: _on_vector_store_down,
    AccessDenied: _on_forbidden,
    SignUpClosed: _on_forbidden,
    InvalidCredentials: _on_invalid_credentials,
    SessionTooOld: _on_session_too_old,
    TooManyAttempts: _on_too_many_attempts,
    WrongPassword: _on_wrong_password,
    HTTPException: _on_http,
    RecursionError: _on_too_deep,
    DBAPIError: _on_database_error,
    PoolTimeoutError: _on_database_error,
    OSError: _on_connection_error,
    Exception: _on_unexpected,
}
