"""Entity tags carry a ticket's version; If-Match makes writes conditional."""

from __future__ import annotations

from application.errors import StaleVersion


def etag_of(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None, *, kind: str, identifier: int) -> int | None:
    """The version an If-Match header demands; None when there is no condition.

    `*` matches any version. A value that is not one of our tags can never
    match, so it fails the precondition like a stale one.
    """
    if if_match is None or if_match.strip() in ("", "*"):
        return None
    candidate = if_match.split(",")[0].strip()
    if candidate.startswith("W/"):
        candidate = candidate[2:]
    candidate = candidate.strip('"')
    if candidate.isdigit() and len(candidate) < 12:
        return int(candidate)
    raise StaleVersion(kind, identifier, None, None)
