"""Keeps `ticket_facts` (adapters/sql/analytics_tables.py) in step with its sources.

Every write that changes what the dashboard counts updates the ticket's facts in
the same transaction, through the repositories:

- `ticket_added` / `ticket_changed`: after a ticket row is inserted / updated
  (edits, status changes, first responses). The columns taken from the ticket are
  recomputed from the stored row, under the row lock the write itself took, so a
  concurrent write to the same ticket cannot leave them behind.
- `triage_added`, `draft_added`, `draft_decided`: after an AI triage or draft row
  is written. These apply a change that commutes with any other (the newest
  triage by id wins, the earliest draft is kept, decisions add to counters), so
  concurrent AI writes and ticket writes never overwrite each other.
- Deleting a ticket deletes its facts (ON DELETE CASCADE). Replies and ratings are
  not part of the facts: the dashboard reads those tables themselves.

Anything that writes tickets or AI records without these repositories (a bulk
import, a data fix) must call `rebuild_ticket_facts` for the tickets it touched,
in its transaction; it recomputes their facts from scratch, as migration 0007
did for every ticket.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Delete,
    Insert,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    null,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.ai_tables import ai_drafts, ai_triage
from adapters.sql.analytics_tables import ticket_facts
from adapters.sql.tables import tickets
from adapters.sql.time_arithmetic import epoch_days, epoch_microseconds, microseconds_between
from application.analytics.ai import DECIDED_DRAFTS, SENT_DRAFTS
from domain.tickets import TicketStatus

_t = tickets.c
_f = ticket_facts.c
_SOLVED = [s.value for s in TicketStatus if s.is_resolved]
_MICROSECOND = timedelta(microseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CHUNK = 500


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _from_ticket() -> dict[str, ColumnElement[Any]]:
    """The facts taken from the ticket row (definitions: docs/analytics.md, "SLA")."""
    answered = _t.first_responded_at
    return {
        "created_day": epoch_days(_t.created_at),
        "status": _t.status,
        "priority": _t.priority,
        "category": _t.category,
        "resolved_day": epoch_days(_t.resolved_at),
        "first_response_us": microseconds_between(_t.created_at, answered),
        "resolution_us": microseconds_between(_t.created_at, _t.resolved_at),
        "first_response_met": _flag(
            and_(
                _t.first_response_due_at.is_not(None),
                answered.is_not(None),
                answered <= _t.first_response_due_at,
            )
        ),
        "resolution_met": _flag(
            and_(
                _t.resolution_due_at.is_not(None),
                _t.status.in_(_SOLVED),
                _t.resolution_due_at >= _t.resolution_paused_at,
            )
        ),
        "first_response_due_us": epoch_microseconds(_t.first_response_due_at),
        "first_response_done_us": epoch_microseconds(func.coalesce(answered, _t.resolved_at)),
        "resolution_due_us": epoch_microseconds(_t.resolution_due_at),
        "resolution_stopped_us": epoch_microseconds(_t.resolution_paused_at),
    }


def _facts_of_new_ticket() -> Insert:
    columns = {"ticket_id": _t.id, **_from_ticket()}
    return insert(ticket_facts).from_select(
        list(columns), select(*columns.values()).where(_t.id == bindparam("facts_of"))
    )


# Built once: these run on every ticket write, and building (and keying) the
# expressions cost more than executing the cached compiled statement.
_ADD_FACTS = _facts_of_new_ticket()
_CHANGE_FACTS = (
    update(ticket_facts)
    .where(_f.ticket_id == _t.id, _t.id == bindparam("facts_of"))
    .values(_from_ticket())
)


async def ticket_added(connection: AsyncConnection, ticket_id: int) -> None:
    """A new ticket: it has no AI records yet."""
    await connection.execute(_ADD_FACTS, {"facts_of": ticket_id})


async def ticket_changed(connection: AsyncConnection, ticket_id: int) -> None:
    await connection.execute(_CHANGE_FACTS, {"facts_of": ticket_id})


async def triage_added(connection: AsyncConnection, row: Mapping[str, Any]) -> None:
    """`row`: the `ai_triage` row written, with its id."""
    await connection.execute(
        update(ticket_facts)
        .where(
            _f.ticket_id == row["ticket_id"],
            or_(_f.triage_id.is_(None), _f.triage_id < row["id"]),
        )
        .values(
            triage_id=row["id"],
            triage_abstained=int(bool(row["abstained"])),
            triage_category=row["category"],
        )
    )


async def draft_added(connection: AsyncConnection, row: Mapping[str, Any]) -> None:
    """`row`: the `ai_drafts` row written."""
    created_at = await connection.scalar(select(_t.created_at).where(_t.id == row["ticket_id"]))
    if created_at is None:
        return
    after = _microseconds(created_at, row["created_at"])
    await connection.execute(
        update(ticket_facts)
        .where(
            _f.ticket_id == row["ticket_id"],
            or_(_f.first_draft_us.is_(None), _f.first_draft_us > after),
        )
        .values(first_draft_us=after)
    )
    await draft_decided(connection, row)


async def draft_decided(connection: AsyncConnection, row: Mapping[str, Any]) -> None:
    """`row`: the `ai_drafts` row as a decision left it, once, when it left `pending`
    (or as it was written, when it was written decided)."""
    status = row["status"]
    if status not in DECIDED_DRAFTS:
        return
    changes: dict[str, Any] = {f"drafts_{status}": _f[f"drafts_{status}"] + 1}
    share = row.get("changed_share_bp")
    if status in SENT_DRAFTS and share is not None:
        changes["drafts_sent"] = _f.drafts_sent + 1
        changes["drafts_changed_bp"] = _f.drafts_changed_bp + int(share)
    await connection.execute(
        update(ticket_facts).where(_f.ticket_id == row["ticket_id"]).values(changes)
    )


def _microseconds(start: datetime, end: datetime) -> int:
    return (end - start) // _MICROSECOND


def instant_us(moment: datetime) -> int:
    """`moment` (aware) as the facts store instants: microseconds since 1970-01-01 UTC."""
    return _microseconds(_EPOCH, moment)


def facts_from_sources(ticket_ids: Sequence[int] | None = None) -> Any:
    """Every ticket's facts (or those of `ticket_ids`) computed from scratch: the
    ticket row, its latest triage and its drafts."""
    d, a = ai_drafts.c, ai_triage.c
    sent = and_(d.status.in_(SENT_DRAFTS), d.changed_share_bp.is_not(None))
    drafts = select(
        d.ticket_id,
        func.min(d.created_at).label("first"),
        *(func.sum(_flag(d.status == s)).label(s) for s in DECIDED_DRAFTS),
        func.sum(_flag(sent)).label("sent"),
        func.sum(case((sent, d.changed_share_bp), else_=0)).label("changed_bp"),
    ).group_by(d.ticket_id)
    latest = select(a.ticket_id, func.max(a.id).label("id")).group_by(a.ticket_id)
    if ticket_ids is not None:
        drafts = drafts.where(d.ticket_id.in_(ticket_ids))
        latest = latest.where(a.ticket_id.in_(ticket_ids))
    drafts_of, latest_of = drafts.subquery("drafts"), latest.subquery("latest")
    triage = ai_triage.alias("triage")
    columns = {
        **_from_ticket(),
        "ticket_id": _t.id,
        "triage_id": triage.c.id,
        "triage_abstained": case(
            (triage.c.id.is_(None), null()), (triage.c.abstained == true(), 1), else_=0
        ),
        "triage_category": triage.c.category,
        "first_draft_us": microseconds_between(_t.created_at, drafts_of.c.first),
        **{
            f"drafts_{name}": func.coalesce(drafts_of.c[name], 0)
            for name in (*DECIDED_DRAFTS, "sent", "changed_bp")
        },
    }
    statement = select(*(expression.label(name) for name, expression in columns.items()))
    statement = statement.select_from(
        tickets.outerjoin(latest_of, latest_of.c.ticket_id == _t.id)
        .outerjoin(triage, triage.c.id == latest_of.c.id)
        .outerjoin(drafts_of, drafts_of.c.ticket_id == _t.id)
    )
    if ticket_ids is not None:
        statement = statement.where(_t.id.in_(ticket_ids))
    return statement


def rebuild_statements(ticket_ids: Sequence[int] | None = None) -> list[Delete | Insert]:
    """Replace the facts of `ticket_ids` (all tickets when None) with `facts_from_sources`."""
    fresh = facts_from_sources(ticket_ids)
    names = [column.name for column in fresh.selected_columns]
    remove = delete(ticket_facts)
    if ticket_ids is not None:
        remove = remove.where(_f.ticket_id.in_(ticket_ids))
    return [remove, insert(ticket_facts).from_select(names, fresh)]


async def rebuild_ticket_facts(
    connection: AsyncConnection, ticket_ids: Iterable[int] | None = None
) -> None:
    """Recompute the facts of `ticket_ids` (all tickets when None) from their sources."""
    if ticket_ids is None:
        for statement in rebuild_statements():
            await connection.execute(statement)
        return
    ids = sorted(set(ticket_ids))
    for start in range(0, len(ids), _CHUNK):
        for statement in rebuild_statements(ids[start : start + _CHUNK]):
            await connection.execute(statement)
