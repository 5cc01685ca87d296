"""The dashboard's AI figures, from the AI facts of each ticket.

`ai_triage` and `ai_drafts` (see `adapters/sql/ai_tables.py` for what their columns
mean) are summed up per ticket in `ticket_facts` (its latest triage, its first
draft, its drafts by decision; `adapters/sql/analytics_facts.py`), so these figures
are a few more sums of the dashboard's one pass over the tickets created in the
range (docs/analytics.md, "AI").
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, and_, case, func, or_

from adapters.sql.analytics_tables import ticket_facts
from application.analytics import AiFigures, Durations
from application.analytics.ai import DECIDED_DRAFTS, AiCounts
from application.analytics.ai import ai_figures as shared_ai_figures

_f = ticket_facts.c
WITH_DRAFT = "first_response_with_draft"
WITHOUT_DRAFT = "first_response_without_draft"


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def answered_with_draft(drafted: bool) -> ColumnElement[bool]:
    """Answered, and an AI draft existed at or before the first response (`drafted`),
    or not."""
    answered = _f.first_response_us.is_not(None)
    if drafted:
        return and_(answered, _f.first_draft_us <= _f.first_response_us)
    return and_(
        answered,
        or_(_f.first_draft_us.is_(None), _f.first_draft_us > _f.first_response_us),
    )


def ai_measures() -> dict[str, ColumnElement[int]]:
    """Sums over the tickets of the population, for `ai_figures`."""
    judged = and_(_f.triage_abstained == 0, _f.category.is_not(None))
    return {
        "triaged": func.count(_f.triage_id),
        "abstained": _count_if(_f.triage_abstained == 1),
        "judged": _count_if(judged),
        "agreed": _count_if(and_(judged, _f.triage_category == _f.category)),
        **{f"drafts_{s}": func.sum(_f[f"drafts_{s}"]) for s in DECIDED_DRAFTS},
        "drafts_sent": func.sum(_f.drafts_sent),
        "drafts_changed_bp": func.sum(_f.drafts_changed_bp),
        "answered_with_draft": _count_if(answered_with_draft(True)),
    }


def ai_figures(sums: Mapping[str, int], times: Mapping[str, Durations]) -> AiFigures:
    """`sums`: the totals of `ai_measures`; `times` holds WITH_DRAFT and WITHOUT_DRAFT."""
    counts = AiCounts(
        triaged=sums["triaged"],
        abstained=sums["abstained"],
        judged=sums["judged"],
        agreed=sums["agreed"],
        **{status: sums[f"drafts_{status}"] for status in DECIDED_DRAFTS},
        sent=sums["drafts_sent"],
        changed_bp=sums["drafts_changed_bp"],
    )
    return shared_ai_figures(counts, times[WITH_DRAFT], times[WITHOUT_DRAFT])
