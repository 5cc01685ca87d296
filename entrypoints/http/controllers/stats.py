from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from application.analytics import Dashboard as DashboardFigures
from application.analytics import Period
from application.use_cases.get_dashboard import GetDashboard, GetDashboardHandler
from domain.access import Actor
from domain.tickets import TicketPriority
from entrypoints.http.auth import STAFF
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas.stats import Dashboard, dashboard_csv

From = Annotated[
    date | None,
    QueryParameter(name="from", description="First day (UTC, included); default: `to` - 29 days"),
]
To = Annotated[date | None, QueryParameter(description="Last day (UTC, included); default: today")]
GroupBy = Annotated[
    Period, QueryParameter(description="Trend periods: UTC days or ISO weeks (Monday first)")
]
Category = Annotated[str | None, QueryParameter(description="Only tickets of this category")]
Priority = Annotated[
    TicketPriority | None, QueryParameter(description="Only tickets of this priority")
]


async def _figures(
    get_dashboard: GetDashboardHandler,
    actor: Actor,
    start: date | None,
    to: date | None,
    group_by: Period,
    category: str | None,
    priority: TicketPriority | None,
) -> DashboardFigures:
    return await get_dashboard(
        GetDashboard(
            start=start,
            end=to,
            group_by=group_by,
            category=category.strip() or None if category else None,
            priority=priority,
        ),
        actor,
    )


class StatsController(Controller):
    path = "/api/stats"
    tags = ["stats"]

    @get(
        "/dashboard",
        summary="Helpdesk figures: volumes, trend, SLA, satisfaction, AI (agents and admins)",
        description="Every figure is defined in docs/analytics.md.",
        responses=problems(403),
        **STAFF,
    )
    async def dashboard(
        self,
        get_dashboard: NamedDependency[GetDashboardHandler],
        actor: NamedDependency[Actor],
        start: From = None,
        to: To = None,
        group_by: GroupBy = Period.DAY,
        category: Category = None,
        priority: Priority = None,
    ) -> Dashboard:
        figures = await _figures(get_dashboard, actor, start, to, group_by, category, priority)
        return Dashboard.of(figures)

    @get(
        "/dashboard.csv",
        summary="The same figures as CSV: section, figure, key, value",
        media_type="text/csv",
        responses=problems(403),
        **STAFF,
    )
    async def dashboard_csv(
        self,
        get_dashboard: NamedDependency[GetDashboardHandler],
        actor: NamedDependency[Actor],
        start: From = None,
        to: To = None,
        group_by: GroupBy = Period.DAY,
        category: Category = None,
        priority: Priority = None,
    ) -> Response[str]:
        figures = await _figures(get_dashboard, actor, start, to, group_by, category, priority)
        name = f"dashboard-{figures.query.start}-{figures.query.end}.csv"
        return Response(
            dashboard_csv(Dashboard.of(figures)),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
