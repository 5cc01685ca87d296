"""The dashboard's AI figures, from the records the AI features keep.

Isolated here so the AI work can extend it without touching the rest of the
dashboard. It reads only `ai_triage` and `ai_drafts` (see `adapters/sql/ai_tables.py`
for what their columns mean) plus the tickets of the dashboard's population.
Until the AI features write those tables every figure is 0 or null (docs/analytics.md,
"AI").
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, and_, case, exists, false, func, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.ai_tables import ai_drafts, ai_triage
from adapters.sql.tables import tickets
from application.analytics import (
    AiFigures,
    DraftFigures,
    Durations,
    TriageFigures,
    mean,
    percentage,
)

_t = tickets.c
_SENT = ("accepted", "edited")
_SPLIT = "ai_first_response"


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def ai_duration_splits() -> dict[str, tuple[str, ColumnElement[bool]]]:
    """First-response times split by whether an AI draft existed before the answer
    (measured in the same pass as the dashboard's other durations)."""
    drafted = exists().where(
        ai_drafts.c.ticket_id == _t.id, ai_drafts.c.created_at <= _t.first_responded_at
    )
    answered_with_draft = and_(_t.first_responded_at.is_not(None), drafted)
    return {_SPLIT: ("first_response", answered_with_draft)}


async def ai_figures(
    connection: AsyncConnection,
    population: list[ColumnElement[bool]],
    times: Mapping[str, Durations],
) -> AiFigures:
    """AI figures over the tickets matching `population`; `times` holds the
    durations of `ai_duration_splits()`."""
    return AiFigures(
        triage=await _triage(connection, population),
        drafts=await _drafts(connection, population),
        first_response_with_draft=times[f"{_SPLIT}.with"],
        first_response_without_draft=times[f"{_SPLIT}.without"],
    )


async def _triage(
    connection: AsyncConnection, population: list[ColumnElement[bool]]
) -> TriageFigures:
    a = ai_triage.c
    newer = ai_triage.alias("newer")
    latest = ~exists().where(newer.c.ticket_id == a.ticket_id, newer.c.id > a.id)
    suggested = a.abstained == false()
    judged = and_(suggested, _t.category.is_not(None))
    row = (
        await connection.execute(
            select(
                func.count().label("triaged"),
                _count_if(a.abstained == true()).label("abstained"),
                _count_if(judged).label("judged"),
                _count_if(and_(judged, a.category == _t.category)).label("agreed"),
            )
            .select_from(tickets.join(ai_triage, a.ticket_id == _t.id))
            .where(*population, latest)
        )
    ).one()
    triaged, abstained = int(row.triaged), int(row.abstained or 0)
    judged_n, agreed = int(row.judged or 0), int(row.agreed or 0)
    return TriageFigures(
        triaged=triaged,
        abstained=abstained,
        abstention_pct=percentage(abstained, triaged),
        judged=judged_n,
        agreed=agreed,
        accuracy_pct=percentage(agreed, judged_n),
    )


async def _drafts(
    connection: AsyncConnection, population: list[ColumnElement[bool]]
) -> DraftFigures:
    d = ai_drafts.c
    with_share = and_(d.status.in_(_SENT), d.changed_share_bp.is_not(None))
    rows = await connection.execute(
        select(
            d.status,
            func.count().label("n"),
            _count_if(with_share).label("sent"),
            func.sum(case((with_share, d.changed_share_bp), else_=0)).label("share"),
        )
        .select_from(tickets.join(ai_drafts, d.ticket_id == _t.id))
        .where(*population)
        .group_by(d.status)
    )
    counts = {"accepted": 0, "edited": 0, "rejected": 0}
    sent = share = 0
    for row in rows:
        if row.status in counts:
            counts[row.status] += int(row.n)
        sent += int(row.sent or 0)
        share += int(row.share or 0)
    decided = sum(counts.values())
    return DraftFigures(
        decided=decided,
        accepted=counts["accepted"],
        edited=counts["edited"],
        rejected=counts["rejected"],
        accepted_pct=percentage(counts["accepted"], decided),
        edited_pct=percentage(counts["edited"], decided),
        rejected_pct=percentage(counts["rejected"], decided),
        sent=sent,
        mean_changed_pct=mean(share, sent, places=1, scale=100),
    )
