"""The dashboard in plain Python: the slow reference the SQL adapter must agree with.

Written straight from the definitions in docs/analytics.md, one ticket at a time,
without the shortcuts the SQL takes (no derived `sla_breach_at`, no period
arithmetic, no rank selection): the contract suite in tests/analytics/ checks
SQLite, PostgreSQL and MariaDB against it on generated histories, figure by figure.
The AI figures come from the in-memory triage and draft records, as docs/analytics.md
("AI") defines them; tests/analytics/test_ai_figures.py holds them to the SQL adapter's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from application.ai.triage_record import TriageRecord
from application.analytics import (
    MEDIAN,
    P90,
    AiFigures,
    Dashboard,
    DashboardQuery,
    Durations,
    RatingFigures,
    SatisfactionFigures,
    SlaFigures,
    TargetFigures,
    Totals,
    TrendPoint,
    mean,
    percentage,
    percentile_of_sorted,
)
from application.analytics.ai import BASIS_POINTS, DECIDED_DRAFTS, SENT_DRAFTS, AiCounts, ai_figures
from application.analytics.figures import SCORES
from application.queries import SlaWindow
from domain.drafting.review import DraftRecord
from domain.tickets import Reply, Ticket, TicketPriority, TicketStatus
from domain.tickets.satisfaction import SatisfactionRating

_MICROSECOND = timedelta(microseconds=1)


class MemoryDashboardQueries:
    def __init__(self, uow: MemoryUnitOfWorkFactory) -> None:
        self._store = uow.store

    async def dashboard(self, query: DashboardQuery, window: SlaWindow) -> Dashboard:
        async with self._store.lock:
            state = self._store.state
            return reference_dashboard(
                list(state.tickets.values()),
                list(state.replies.values()),
                list(state.ratings.values()),
                query,
                window,
                triages=list(state.ai_triage.values()),
                drafts=list(state.ai_drafts.values()),
            )


def _matches(ticket: Ticket, query: DashboardQuery) -> bool:
    if query.category is not None and ticket.category != query.category:
        return False
    return query.priority is None or ticket.priority == query.priority


def _within(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment < end


def _first_response_met(ticket: Ticket) -> bool:
    sla = ticket.sla
    return (
        sla.first_response_due_at is not None
        and sla.first_responded_at is not None
        and sla.first_responded_at <= sla.first_response_due_at
    )


def _first_response_breached(ticket: Ticket, now: datetime) -> bool:
    sla = ticket.sla
    if sla.first_response_due_at is None:
        return False
    judged_at = sla.first_responded_at or ticket.resolved_at or now
    return sla.first_response_due_at < judged_at


def _resolution_met(ticket: Ticket) -> bool:
    sla = ticket.sla
    return (
        sla.resolution_due_at is not None
        and ticket.status.is_resolved
        and sla.paused_at is not None
        and sla.resolution_due_at >= sla.paused_at
    )


def _resolution_breached(ticket: Ticket, now: datetime) -> bool:
    sla = ticket.sla
    if sla.resolution_due_at is None:
        return False
    return sla.resolution_due_at < (sla.paused_at or now)


def _at_risk(ticket: Ticket, window: SlaWindow) -> bool:
    """Not breached, and a running clock falls due within the window."""
    now = window.now
    if _first_response_breached(ticket, now) or _resolution_breached(ticket, now):
        return False
    sla = ticket.sla
    running_dues = []
    if (
        sla.first_response_due_at is not None
        and sla.first_responded_at is None
        and ticket.resolved_at is None
    ):
        running_dues.append(sla.first_response_due_at)
    if sla.resolution_due_at is not None and sla.paused_at is None:
        running_dues.append(sla.resolution_due_at)
    return any(now <= due <= window.at_risk_until for due in running_dues)


def _durations(values: Iterable[timedelta]) -> Durations:
    ordered = sorted(value // _MICROSECOND for value in values)
    return Durations(
        count=len(ordered),
        median_seconds=percentile_of_sorted(MEDIAN, ordered),
        p90_seconds=percentile_of_sorted(P90, ordered),
    )


def _ratings(scores: list[int]) -> RatingFigures:
    counts = Counter(scores)
    return RatingFigures(
        count=len(scores),
        average=mean(sum(scores), len(scores)),
        distribution={score: counts.get(score, 0) for score in SCORES},
    )


def reference_dashboard(
    all_tickets: list[Ticket],
    all_replies: list[Reply],
    all_ratings: list[SatisfactionRating],
    query: DashboardQuery,
    window: SlaWindow,
    *,
    triages: Iterable[TriageRecord] = (),
    drafts: Iterable[DraftRecord] = (),
) -> Dashboard:
    now = window.now
    start, end = query.starts_at, query.ends_at
    matching = [t for t in all_tickets if _matches(t, query)]
    created = [t for t in matching if _within(t.created_at, start, end)]
    unsolved = [t for t in matching if not t.status.is_resolved]

    categories = Counter(t.category for t in created)
    totals = Totals(
        created=len(created),
        resolved=sum(1 for t in matching if _within(t.resolved_at, start, end)),
        open_now=len(unsolved),
        by_status={s.value: sum(1 for t in created if t.status is s) for s in TicketStatus},
        by_priority={p.value: sum(1 for t in created if t.priority is p) for p in TicketPriority},
        by_category=dict(sorted(categories.items(), key=lambda item: (-item[1], item[0] or ""))),
    )
    trend = [
        TrendPoint(
            period_start,
            period_end,
            sum(1 for t in matching if _within(t.created_at, period_start, period_end)),
            sum(1 for t in matching if _within(t.resolved_at, period_start, period_end)),
        )
        for period_start, period_end in query.periods()
    ]

    fr_met = sum(1 for t in created if _first_response_met(t))
    fr_breached = sum(1 for t in created if _first_response_breached(t, now))
    res_met = sum(1 for t in created if _resolution_met(t))
    res_breached = sum(1 for t in created if _resolution_breached(t, now))
    sla = SlaFigures(
        first_response=TargetFigures(
            met=fr_met,
            breached=fr_breached,
            met_pct=percentage(fr_met, fr_met + fr_breached),
            times=_durations(
                t.sla.first_responded_at - t.created_at
                for t in created
                if t.sla.first_responded_at is not None
            ),
        ),
        resolution=TargetFigures(
            met=res_met,
            breached=res_breached,
            met_pct=percentage(res_met, res_met + res_breached),
            times=_durations(
                t.resolved_at - t.created_at for t in created if t.resolved_at is not None
            ),
        ),
        tickets_breached=sum(
            1 for t in created if _first_response_breached(t, now) or _resolution_breached(t, now)
        ),
        at_risk_now=sum(1 for t in unsolved if _at_risk(t, window)),
        breached_open_now=sum(
            1 for t in unsolved if _first_response_breached(t, now) or _resolution_breached(t, now)
        ),
    )

    by_id = {t.id: t for t in matching}
    assisted_scores: list[int] = []
    other_scores: list[int] = []
    for rating in all_ratings:
        if rating.ticket_id not in by_id or not _within(rating.created_at, start, end):
            continue
        assisted = any(
            r.ticket_id == rating.ticket_id
            and r.ai_assisted
            and not r.internal
            and r.created_at <= rating.resolved_at
            for r in all_replies
        )
        (assisted_scores if assisted else other_scores).append(rating.score)
    satisfaction = SatisfactionFigures(
        overall=_ratings(assisted_scores + other_scores),
        ai_assisted=_ratings(assisted_scores),
        not_ai_assisted=_ratings(other_scores),
    )
    return Dashboard(
        query=query,
        generated_at=now,
        totals=totals,
        trend=trend,
        sla=sla,
        satisfaction=satisfaction,
        ai=_ai_figures(created, triages, drafts),
    )


def _ai_figures(
    created: list[Ticket], triages: Iterable[TriageRecord], drafts: Iterable[DraftRecord]
) -> AiFigures:
    """Over the tickets created in the range: each one's latest triage, its drafts by
    decision, and its first response with or without a draft made before it."""
    population = {t.id: t for t in created}
    latest: dict[int, TriageRecord] = {}
    for record in sorted(triages, key=lambda r: r.id or 0):
        if record.ticket_id in population:
            latest[record.ticket_id] = record
    judged = [
        (r, population[i])
        for i, r in latest.items()
        if not r.abstained and population[i].category is not None
    ]
    mine = [d for d in drafts if d.ticket_id in population]
    shares = [
        round(d.changed_share * BASIS_POINTS)
        for d in mine
        if d.status.value in SENT_DRAFTS and d.changed_share is not None
    ]
    counts = AiCounts(
        triaged=len(latest),
        abstained=sum(1 for r in latest.values() if r.abstained),
        judged=len(judged),
        agreed=sum(
            1 for r, t in judged if r.category is not None and r.category.value == t.category
        ),
        **{status: sum(1 for d in mine if d.status.value == status) for status in DECIDED_DRAFTS},
        sent=len(shares),
        changed_bp=sum(shares),
    )
    first_draft: dict[int, datetime] = {}
    for d in mine:
        first_draft[d.ticket_id] = min(d.created_at, first_draft.get(d.ticket_id, d.created_at))
    answered = [t for t in created if t.sla.first_responded_at is not None]

    def drafted_first(ticket: Ticket) -> bool:
        drafted = first_draft.get(ticket.id)  # type: ignore[arg-type]
        return drafted is not None and drafted <= ticket.sla.first_responded_at  # type: ignore[operator]

    def response_times(drafted: bool) -> Durations:
        return _durations(
            t.sla.first_responded_at - t.created_at  # type: ignore[operator]
            for t in answered
            if drafted_first(t) is drafted
        )

    return ai_figures(counts, response_times(True), response_times(False))
