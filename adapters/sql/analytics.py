"""The dashboard, computed with SQL aggregates (definitions: docs/analytics.md).

The figures about tickets are read from `ticket_facts`, one narrow row of
integers per ticket kept in step with every write (`adapters/sql/analytics_facts.py`),
in a handful of statements in one read-only transaction (REPEATABLE READ on the
server databases, so every figure sees the same data):

1. the tickets created in the range, per day: their count (the trend) and the sums
   of every SLA and AI figure, in one pass over the contiguous rows of the range;
2. the same tickets counted by status, priority and category;
3. the tickets resolved in the range, per day;
4. the open tickets now, from the tickets' own `ix_tickets_status_sla`;
5. the medians and 90th percentiles, each read from an index in value order
   (`adapters/sql/order_statistics.py`);
6. the ratings given in the range.

No ticket row is loaded: the database returns at most one row per day, per group or
per percentile, and `application.analytics` turns them into rounded figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.analytics_ai import (
    WITH_DRAFT,
    WITHOUT_DRAFT,
    ai_figures,
    ai_measures,
    answered_with_draft,
)
from adapters.sql.analytics_facts import instant_us
from adapters.sql.analytics_tables import (
    FIRST_RESPONSE_ORDER,
    RESOLUTION_ORDER,
    STATUS_GROUPS,
    ticket_facts,
)
from adapters.sql.limits import storable_text
from adapters.sql.order_statistics import Measure, percentiles, unindexed
from adapters.sql.sla_tables import satisfaction_ratings
from adapters.sql.tables import replies, tickets
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

_f = ticket_facts.c
_t = tickets.c
_UNSOLVED = [s.value for s in TicketStatus if not s.is_resolved]
_EPOCH = date(1970, 1, 1)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _at(moment: Any) -> ColumnElement[Any]:
    return literal(moment, UTCDateTime())


def _day(day: date) -> int:
    return (day - _EPOCH).days


def _as_is(column: Any) -> Any:
    return column


def ticket_filters(
    query: DashboardQuery, table: Any = ticket_facts, column: Callable[[Any], Any] = _as_is
) -> list[ColumnElement[bool]]:
    """The category and priority filters (they apply to every figure), on `table`
    (`ticket_facts` or `tickets`), each column written as `column(c)`."""
    conditions: list[ColumnElement[bool]] = []
    if query.category is not None:
        conditions.append(
            column(table.c.category) == query.category if storable_text(query.category) else false()
        )
    if query.priority is not None:
        conditions.append(column(table.c.priority) == query.priority.rank)
    return conditions


def _in_range(
    day: Any, query: DashboardQuery, column: Callable[[Any], Any] = _as_is
) -> list[ColumnElement[bool]]:
    """Facts whose `day` lies in the range and that match the filters."""
    return [
        column(day) >= _day(query.start),
        column(day) <= _day(query.end),
        *ticket_filters(query, column=column),
    ]


def _sla_measures(now: int) -> dict[str, ColumnElement[int]]:
    """Sums over the tickets of the population: the SLA figures judged at `now`."""
    first_response_breached = _f.first_response_due_us < func.coalesce(
        _f.first_response_done_us, now
    )
    resolution_breached = _f.resolution_due_us < func.coalesce(_f.resolution_stopped_us, now)
    return {
        "fr_met": func.sum(_f.first_response_met),
        "fr_breached": func.sum(_flag(first_response_breached)),
        "res_met": func.sum(_f.resolution_met),
        "res_breached": func.sum(_flag(resolution_breached)),
        "breached": func.sum(_flag(or_(first_response_breached, resolution_breached))),
        "answered": func.count(_f.first_response_us),
        "solved": func.count(_f.resolution_us),
    }


class SqlDashboardQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def dashboard(self, query: DashboardQuery, window: SlaWindow) -> Dashboard:
        async with self._engine.connect() as connection:
            if connection.dialect.name != "sqlite":
                await connection.execution_options(isolation_level="REPEATABLE READ")
            async with connection.begin():
                if connection.dialect.name == "postgresql":
                    # Compiling these one-off aggregates costs more than it saves.
                    await connection.execute(text("SET LOCAL jit = off"))
                return await _Dashboard(connection, query, window).compute()


class _Dashboard:
    def __init__(self, connection: AsyncConnection, query: DashboardQuery, window: SlaWindow):
        self.connection = connection
        self.query = query
        self.window = window
        self.population = _in_range(_f.created_day, query)
        # The same, for statements that should walk another index than the range's.
        self.population_anyhow = _in_range(_f.created_day, query, unindexed)

    async def compute(self) -> Dashboard:
        created, sums = await self._created()
        resolved = await self._per_day(_f.resolved_day)
        groups = await self._groups()
        now_figures = await self._now()
        times = await self._times(sums)
        return Dashboard(
            query=self.query,
            generated_at=self.window.now,
            totals=Totals(
                created=sum(created.values()),
                resolved=sum(resolved.values()),
                open_now=now_figures["open"],
                by_status=groups["status"],
                by_priority=groups["priority"],
                by_category=groups["category"],
            ),
            trend=self._trend(created, resolved),
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
            ai=ai_figures(sums, times),
        )

    async def _created(self) -> tuple[dict[int, int], dict[str, int]]:
        """Tickets created per day, and the sums of the SLA and AI measures over them."""
        measures = {**_sla_measures(instant_us(self.window.now)), **ai_measures()}
        rows = await self.connection.execute(
            select(
                _f.created_day,
                func.count().label("created"),
                *(m.label(k) for k, m in measures.items()),
            )
            .where(*self.population)
            .group_by(_f.created_day)
        )
        per_day: dict[int, int] = {}
        sums = dict.fromkeys(measures, 0)
        for row in rows.mappings():
            per_day[row["created_day"]] = int(row["created"])
            for key in measures:
                sums[key] += int(row[key] or 0)
        return per_day, sums

    async def _per_day(self, day: Any) -> dict[int, int]:
        rows = await self.connection.execute(
            select(day, func.count()).where(*_in_range(day, self.query)).group_by(day)
        )
        return {int(d): int(n) for d, n in rows}

    def _trend(self, created: dict[int, int], resolved: dict[int, int]) -> list[TrendPoint]:
        """Period i holds the days d with (d - origin) // length == i."""
        origin = _day(self.query.origin.date())
        length = self.query.group_by.length.days
        periods = self.query.periods()
        counts = [[0, 0] for _ in periods]
        for column, per_day in enumerate((created, resolved)):
            for day, n in per_day.items():
                counts[(day - origin) // length][column] += n
        return [
            TrendPoint(start, end, c, r)
            for (start, end), (c, r) in zip(periods, counts, strict=True)
        ]

    async def _groups(self) -> dict[str, Any]:
        """Counts by (status, priority, category), summed up here into the totals'
        groups (a few dozen rows, not tickets)."""
        rows = await self.connection.execute(
            select(_f.status, _f.priority, _f.category, func.count().label("n"))
            .where(*self.population_anyhow)
            .group_by(_f.status, _f.priority, _f.category)
            # Walking this index, the database counts as it goes instead of sorting.
            .with_hint(ticket_facts, f"FORCE INDEX ({STATUS_GROUPS})", "mysql")
        )
        by_status = {status.value: 0 for status in TicketStatus}
        by_priority = {priority.value: 0 for priority in TicketPriority}
        by_category: dict[str | None, int] = defaultdict(int)
        for status, priority, category, n in rows:
            by_status[status] += n
            by_priority[TicketPriority.from_rank(priority).value] += n
            by_category[category] += n
        ordered = sorted(by_category.items(), key=lambda item: (-item[1], item[0] or ""))
        return {"status": by_status, "priority": by_priority, "category": dict(ordered)}

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
                ).where(_t.status.in_(_UNSOLVED), *ticket_filters(self.query, tickets))
            )
        ).one()
        return {
            "open": int(row.open),
            "at_risk": int(row.at_risk or 0),
            "breached": int(row.breached or 0),
        }

    async def _times(self, sums: dict[str, int]) -> dict[str, Any]:
        def measure(value: Any, index: str, count: int, *conditions: Any) -> Measure:
            return Measure(
                ticket_facts, value, [*self.population_anyhow, *conditions], count, index
            )

        answered, drafted = sums["answered"], sums["answered_with_draft"]
        first_response = (_f.first_response_us, FIRST_RESPONSE_ORDER)
        return await percentiles(
            self.connection,
            {
                "first_response": measure(*first_response, answered),
                "resolution": measure(_f.resolution_us, RESOLUTION_ORDER, sums["solved"]),
                WITH_DRAFT: measure(*first_response, drafted, answered_with_draft(True)),
                WITHOUT_DRAFT: measure(
                    *first_response, answered - drafted, answered_with_draft(False)
                ),
            },
        )

    async def _satisfaction(self) -> SatisfactionFigures:
        r = satisfaction_ratings.c
        assisted = exists().where(
            replies.c.ticket_id == r.ticket_id,
            replies.c.ai_assisted == true(),
            replies.c.internal == false(),
            replies.c.created_at <= r.resolved_at,
        )
        given = [r.created_at >= _at(self.query.starts_at), r.created_at < _at(self.query.ends_at)]
        source: Any = satisfaction_ratings
        if filters := ticket_filters(self.query):
            source = satisfaction_ratings.join(ticket_facts, _f.ticket_id == r.ticket_id)
            given += filters
        rated = select(r.score, _flag(assisted).label("assisted")).select_from(source).where(*given)
        rated = rated.subquery("rated")
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
