"""The error responses each route documents in the OpenAPI schema."""

from __future__ import annotations

from litestar.openapi.datastructures import ResponseSpec

from entrypoints.http.problems import PROBLEM_MEDIA_TYPE
from entrypoints.http.schemas.problems import Problem

_DESCRIPTIONS = {
    400: "Malformed request (e.g. invalid JSON)",
    401: "No valid bearer token (missing, expired, tampered, issued before a password change, "
    "or the account is deactivated)",
    403: "The account's role does not allow this",
    404: "No such resource",
    409: "Conflicts with the current state",
    412: "If-Match names a version that is no longer current",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid input; `errors` lists each field",
    429: "Too many failed sign-ins; `Retry-After` says when to try again",
    503: "A backing service is unavailable",
}


def problems(*codes: int, public: bool = False) -> dict[int, ResponseSpec]:
    """Problem-details responses for `codes`.

    Always 400 (malformed body or parameters), 422 and 503; unless `public`, also
    401 and 403 (any route that needs an account may refuse the account's role).
    `tests/http/test_openapi_fuzz.py` checks that no route answers a code it does
    not list.
    """
    wanted = sorted({*codes, 400, 422, 503, *(() if public else (401, 403))})
    return {
        code: ResponseSpec(
            data_container=Problem,
            description=_DESCRIPTIONS[code],
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for code in wanted
    }
