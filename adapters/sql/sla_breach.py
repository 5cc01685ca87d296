"""`tickets.sla_breach_at`, recomputed inside the database from the row itself.

The column is derived (see SlaClock.breach_at) and indexed for `sla=` filters.
A first response is recorded without touching the ticket's version, so a write
that computed the column in Python could race with it; recomputing it from the
stored columns right after every update of the SLA columns, in the same
transaction and under the row lock that update took, cannot.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, bindparam, case, func, null, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.tables import tickets

_t = tickets.c


def _first_response_breach() -> ColumnElement:
    done = func.coalesce(_t.first_responded_at, _t.resolved_at)
    return case(
        (_t.first_response_due_at.is_(None), null()),
        (done.is_(None), _t.first_response_due_at),
        (done > _t.first_response_due_at, _t.first_response_due_at),
        else_=null(),
    )


def _resolution_breach() -> ColumnElement:
    return case(
        (_t.resolution_due_at.is_(None), null()),
        (_t.resolution_paused_at.is_(None), _t.resolution_due_at),
        (_t.resolution_due_at < _t.resolution_paused_at, _t.resolution_due_at),
        else_=null(),
    )


def breach_at_expression() -> ColumnElement:
    """The earlier of the two clocks' breach instants, NULL when neither can breach."""
    first, resolution = _first_response_breach(), _resolution_breach()
    return case(
        (first.is_(None), resolution),
        (resolution.is_(None), first),
        (first <= resolution, first),
        else_=resolution,
    )


_REFRESH = (
    update(tickets)
    .where(_t.id == bindparam("breach_of"))
    .values(sla_breach_at=breach_at_expression())
)  # built once: it runs on every ticket update


async def refresh_breach_at(connection: AsyncConnection, ticket_id: int) -> None:
    await connection.execute(_REFRESH, {"breach_of": ticket_id})
