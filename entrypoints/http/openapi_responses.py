"""The error responses each route documents in the OpenAPI schema."""

from __future__ import annotations

from litestar.openapi.datastructures import ResponseSpec

from entrypoints.http.problems import PROBLEM_MEDIA_TYPE
from entrypoints.http.schemas.problems import Problem

_DESCRIPTIONS = {
    400: "Malformed request (e.g. invalid JSON)",
    404: "No such resource",
    409: "Conflicts with the current state",
    412: "If-Match names a version that is no longer current",
    413: "Request body too large",
    422: "Invalid input; `errors` lists each field",
    503: "A backing service is unavailable",
}


def problems(*codes: int) -> dict[int, ResponseSpec]:
    """Problem-details responses for `codes` (422 and 503 are always included)."""
    wanted = sorted({*codes, 422, 503})
    return {
        code: ResponseSpec(
            data_container=Problem,
            description=_DESCRIPTIONS[code],
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for code in wanted
    }
