"""The dashboard, computed with SQL aggregates (definitions: docs/analytics.md).

A handful of aggregate queries in one read-only transaction (REPEATABLE READ on
the server databases, so every figure sees the same data). No ticket row is
loaded: the database returns grouped counts, sums and a few order statistics,
and `application.analytics` turns them into rounded figures.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    select,
    text,
    true,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.analytics_ai import ai_duration_splits, ai_figures
from adapters.sql.limits import storable_text
from adapters.sql.order_statistics import durations
from adapters.sql.sla_tables import satisfaction_ratings
from adapters.sql.tables import replies, tickets
from adapters.sql.time_arithmetic import elapsed, epoch_seconds
from adapters.sql.types import UTCDateTime
from application.analytics import (
    Dashboard,
    DashboardQuery,
    RatingFigures,
    SatisfactionFigures,
    SlaFigures,
    TargetFigures,
    Totals,
    TrendPoint,
    mean,
    percentage,
)
from application.analytics.figures import SCORES
from application.queries import SlaWindow
from domain.tickets import TicketPriority, TicketStatus

_t = tickets.c
_SOLVED = [TicketStatus.RESOLVED.value, TicketStatus.CLOSED.value]
_UNSOLVED = [s.value for s in TicketStatus if not s.is_resolved]


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _at(moment: Any) -> ColumnElement[Any]:
    return literal(moment, UTCDateTime())


def ticket_filters(query: DashboardQuery) -> list[ColumnElement[bool]]:
    """The category and priority filters (they apply to every figure)."""
    conditions: list[ColumnElement[bool]] = []
    if query.category is not None:
        conditions.append(
            _t.category == query.category if storable_text(query.category) else false()
        )
    if query.priority is not None:
        conditions.append(_t.priority == query.priority.rank)
    return conditions


def created_in_range(query: DashboardQuery) -> list[ColumnElement[bool]]:
    """The population of most figures: tickets created in the range."""
    return [
        _t.created_at >= _at(query.starts_at),
        _t.created_at < _at(query.ends_at),
        *ticket_filters(query),
    ]


def first_response_met() -> ColumnElement[bool]:
    return and_(
        _t.first_response_due_at.is_not(None),
        _t.first_responded_at.is_not(None),
        _t.first_responded_at <= _t.first_response_due_at,
    )


def first_response_breached(now: Any) -> ColumnElement[bool]:
    return and_(
        _t.first_response_due_at.is_not(None),
        _t.first_response_due_at < func.coalesce(_t.first_responded_at, _t.resolved_at, _at(now)),
    )


def resolution_met() -> ColumnElement[bool]:
    return and_(
        _t.resolution_due_at.is_not(None),
        _t.status.in_(_SOLVED),
        _t.resolution_due_at >= _t.resolution_paused_at,
    )


def resolution_breached(now: Any) -> ColumnElement[bool]:
    return and_(
        _t.resolution_due_at.is_not(None),
        _t.resolution_due_at < func.coalesce(_t.resolution_paused_at, _at(now)),
    )


class SqlDashboardQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def dashboard(self, query: DashboardQuery, window: SlaWindow) -> Dashboard:
        async with self._engine.connect() as connection:
            if connection.dialect.name != "sqlite":
                await connection.execution_options(isolation_level="REPEATABLE READ")
            async with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Compiling these one-off aggregates costs more than it saves, and
                    # the few sorts of the order statistics should stay in memory.
                    await connection.execute(text("SET LOCAL jit = off"))
                    await connection.execute(text("SET LOCAL work_mem = '32MB'"))
                return await _Dashboard(connection, query, window).compute()


class _Dashboard:
    def __init__(self, connection: AsyncConnection, query: DashboardQuery, window: SlaWindow):
        self.connection = connection
        self.query = query
        self.window = window
        self.population = created_in_range(query)

    async def compute(self) -> Dashboard:
        groups = await self._groups()
        trend, resolved = await self._trend()
        now_figures = await self._now()
        times = await durations(
            self.connection,
            self.population,
            {
                "first_response": elapsed(_t.created_at, _t.first_responded_at),
                "resolution": elapsed(_t.created_at, _t.resolved_at),
            },
            ai_duration_splits(),
        )
        sums = groups["sums"]
        return Dashboard(
            query=self.query,
            generated_at=self.window.now,
            totals=Totals(
                created=sums["created"],
                resolved=resolved,
                open_now=now_figures["open"],
                by_status=groups["status"],
                by_priority=groups["priority"],
                by_category=groups["category"],
            ),
            trend=trend,
            sla=SlaFigures(
                first_response=TargetFigures(
                    met=sums["fr_met"],
                    breached=sums["fr_breached"],
                    met_pct=percentage(sums["fr_met"], sums["fr_met"] + sums["fr_breached"]),
                    times=times["first_response"],
                ),
                resolution=TargetFigures(
                    met=sums["res_met"],
                    breached=sums["res_breached"],
                    met_pct=percentage(sums["res_met"], sums["res_met"] + sums["res_breached"]),
                    times=times["resolution"],
                ),
                tickets_breached=sums["breached"],
                at_risk_now=now_figures["at_risk"],
                breached_open_now=now_figures["breached"],
            ),
            satisfaction=await self._satisfaction(),
            ai=await ai_figures(self.connection, self.population, times),
        )

    async def _groups(self) -> dict[str, Any]:
        """Counts by (status, priority, category) with the SLA counts of each group,
        summed up here into the totals (a few dozen rows, not tickets)."""
        now = self.window.now
        measures = {
            "created": func.count(),
            "fr_met": func.sum(_flag(first_response_met())),
            "fr_breached": func.sum(_flag(first_response_breached(now))),
            "res_met": func.sum(_flag(resolution_met())),
            "res_breached": func.sum(_flag(resolution_breached(now))),
            "breached": func.sum(_flag(_t.sla_breach_at < _at(now))),
        }
        rows = await self.connection.execute(
            select(_t.status, _t.priority, _t.category, *(m.label(k) for k, m in measures.items()))
            .where(*self.population)
            .group_by(_t.status, _t.priority, _t.category)
        )
        sums = dict.fromkeys(measures, 0)
        by_status = {status.value: 0 for status in TicketStatus}
        by_priority = {priority.value: 0 for priority in TicketPriority}
        by_category: dict[str | None, int] = defaultdict(int)
        for row in rows.mappings():
            for key in measures:
                sums[key] += int(row[key] or 0)
            by_status[row["status"]] += row["created"]
            by_priority[TicketPriority.from_rank(row["priority"]).value] += row["created"]
            by_category[row["category"]] += row["created"]
        ordered = sorted(by_category.items(), key=lambda item: (-item[1], item[0] or ""))
        return {
            "sums": sums,
            "status": by_status,
            "priority": by_priority,
            "category": dict(ordered),
        }

    def _period(self, column: Any) -> ColumnElement[int]:
        origin = int(self.query.origin.timestamp())
        length = int(self.query.group_by.length.total_seconds())
        return ((epoch_seconds(column) - origin) // length).label("period")  # type: ignore[return-value]

    async def _trend(self) -> tuple[list[TrendPoint], int]:
        created = await self._per_period(_t.created_at, self.population)
        resolved = await self._per_period(
            _t.resolved_at,
            [
                _t.resolved_at >= _at(self.query.starts_at),
                _t.resolved_at < _at(self.query.ends_at),
                *ticket_filters(self.query),
            ],
        )
        points = [
            TrendPoint(start, end, created.get(index, 0), resolved.get(index, 0))
            for index, (start, end) in enumerate(self.query.periods())
        ]
        return points, sum(resolved.values())

    async def _per_period(
        self, column: Any, conditions: list[ColumnElement[bool]]
    ) -> dict[int, int]:
        period = self._period(column)
        grouped = select(period, func.count().label("n")).where(*conditions).group_by(period)
        return {int(index): int(n) for index, n in await self.connection.execute(grouped)}

    async def _now(self) -> dict[str, int]:
        now, until = self.window.now, self.window.at_risk_until
        row = (
            await self.connection.execute(
                select(
                    func.count().label("open"),
                    func.sum(_flag(_t.sla_breach_at.between(_at(now), _at(until)))).label(
                        "at_risk"
                    ),
                    func.sum(_flag(_t.sla_breach_at < _at(now))).label("breached"),
                ).where(_t.status.in_(_UNSOLVED), *ticket_filters(self.query))
            )
        ).one()
        return {
            "open": int(row.open),
            "at_risk": int(row.at_risk or 0),
            "breached": int(row.breached or 0),
        }

    async def _satisfaction(self) -> SatisfactionFigures:
        r = satisfaction_ratings.c
        assisted = exists().where(
            replies.c.ticket_id == r.ticket_id,
            replies.c.ai_assisted == true(),
            replies.c.internal == false(),
            replies.c.created_at <= r.resolved_at,
        )
        rated = (
            select(r.score, _flag(assisted).label("assisted"))
            .select_from(satisfaction_ratings.join(tickets, _t.id == r.ticket_id))
            .where(
                r.created_at >= _at(self.query.starts_at),
                r.created_at < _at(self.query.ends_at),
                *ticket_filters(self.query),
            )
            .subquery("rated")
        )
        rows = await self.connection.execute(
            select(rated.c.score, rated.c.assisted, func.count().cast(Integer)).group_by(
                rated.c.score, rated.c.assisted
            )
        )
        counts: dict[bool, dict[int, int]] = {
            True: dict.fromkeys(SCORES, 0),
            False: dict.fromkeys(SCORES, 0),
        }
        for score, flag, n in rows:
            counts[bool(flag)][int(score)] += int(n)
        overall = {score: counts[True][score] + counts[False][score] for score in SCORES}
        return SatisfactionFigures(
            overall=_ratings(overall),
            ai_assisted=_ratings(counts[True]),
            not_ai_assisted=_ratings(counts[False]),
        )


def _ratings(distribution: dict[int, int]) -> RatingFigures:
    count = sum(distribution.values())
    total = sum(score * n for score, n in distribution.items())
    return RatingFigures(count=count, average=mean(total, count), distribution=distribution)
