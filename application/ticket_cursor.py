"""Opaque cursors for keyset pagination of the ticket list.

A cursor names where a page ended: the sort order, the last ticket's sort value and
its id. The next page holds the tickets strictly after that (value, id) pair in the
sort order, so its cost does not grow with depth (an OFFSET reads and discards every
row before the page) and rows added or removed meanwhile never shift it.

The text is base64url of a small JSON array; clients must treat it as opaque. A cursor
is valid only for the sort order it was made for; any filters may accompany it.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime

from application.errors import InvalidCursor
from application.queries import TicketKey, TicketSort
from domain.tickets import Ticket

MAX_CURSOR_CHARS = 200
_ID_MAX = 2**31 - 1
_PRIORITY_RANKS = range(1, 5)


def key_of(ticket: Ticket, sort: TicketSort) -> TicketKey:
    assert ticket.id is not None
    if sort.column == "priority":
        return TicketKey(ticket.priority.rank, ticket.id)
    return TicketKey(getattr(ticket, sort.column), ticket.id)


def encode_cursor(sort: TicketSort, key: TicketKey) -> str:
    value = key.value.isoformat() if isinstance(key.value, datetime) else key.value
    payload = json.dumps([sort.value, value, key.id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(text: str, sort: TicketSort) -> TicketKey:
    """The key a cursor names.

    InvalidCursor if it is not one we made, or was made for another sort order.
    """
    if not text or len(text) > MAX_CURSOR_CHARS:
        raise InvalidCursor("not a cursor from this API")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        made_for, value, ticket_id = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise InvalidCursor("not a cursor from this API") from None
    if made_for != sort.value:
        raise InvalidCursor(f"the cursor was made for sort={made_for!s:.20}, not sort={sort.value}")
    if type(ticket_id) is not int or not 1 <= ticket_id <= _ID_MAX:
        raise InvalidCursor("not a cursor from this API")
    return TicketKey(_sort_value(value, sort), ticket_id)


def _sort_value(value: object, sort: TicketSort) -> datetime | int:
    if sort.column == "priority":
        if type(value) is int and value in _PRIORITY_RANKS:
            return value
        raise InvalidCursor("not a cursor from this API")
    try:
        moment = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidCursor("not a cursor from this API") from None
    if moment.tzinfo is None:
        raise InvalidCursor("not a cursor from this API")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise InvalidCursor("not a cursor from this API") from None
