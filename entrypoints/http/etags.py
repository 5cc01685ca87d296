"""Entity tags carry a ticket's version; If-Match makes writes conditional (RFC 9110).

Rules:
- `If-Match: *` or no header: the write is unconditional;
- otherwise the header is a comma-separated list of entity tags, compared strongly:
  a weak tag (`W/"3"`) never matches, nor does anything that is not one of our
  tags (`"abc"`, an unquoted `3`); with no tag that could match, the write fails
  with 412 like a stale one;
- the write succeeds when the ticket's current version is any listed one. Each
  listed version is tried in turn as the compare-and-set condition of the write
  (a failed condition changes nothing), so the check and the write stay one step.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TypeVar

from application.errors import StaleVersion

T = TypeVar("T")
MAX_LISTED_TAGS = 16
_ENTITY_TAG = re.compile(r'\s*(?P<weak>W/)?"(?P<opaque>[^"]*)"\s*(?:,|$)')


def etag_of(version: int) -> str:
    return f'"{version}"'


def expected_versions(
    if_match: str | None, *, kind: str, identifier: int
) -> tuple[int, ...] | None:
    """The versions an If-Match header accepts, in the order listed (duplicates and
    tags beyond the first `MAX_LISTED_TAGS` left out); None when there is no condition."""
    if if_match is None or if_match.strip() in ("", "*"):
        return None
    versions: list[int] = []
    position = 0
    while position < len(if_match) and len(versions) < MAX_LISTED_TAGS:
        tag = _ENTITY_TAG.match(if_match, position)
        if tag is None:
            break  # not a list of entity tags from here on: nothing further can match
        position = tag.end()
        opaque = tag["opaque"]
        if tag["weak"] or not opaque.isdigit() or len(opaque) >= 12:
            continue
        if int(opaque) not in versions:
            versions.append(int(opaque))
    if not versions:
        raise StaleVersion(kind, identifier, None, None)
    return tuple(versions)


async def write_if_match(
    versions: tuple[int, ...] | None, write: Callable[[int | None], Awaitable[T]]
) -> T:
    """`write` with the first listed version that is the current one (see the rules);
    the last attempt's StaleVersion is the answer when none is."""
    if versions is None:
        return await write(None)
    for version in versions[:-1]:
        try:
            return await write(version)
        except StaleVersion:
            continue
    return await write(versions[-1])
