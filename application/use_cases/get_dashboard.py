from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from application.analytics import Dashboard, DashboardQuery, Period
from application.analytics.query import DEFAULT_RANGE_DAYS
from application.ports import Clock
from application.ports.analytics import DashboardQueries
from application.queries import SlaWindow
from domain.access import Actor
from domain.tickets import TicketPriority


@dataclass(frozen=True, slots=True)
class GetDashboard:
    start: date | None = None
    end: date | None = None
    group_by: Period = Period.DAY
    category: str | None = None
    priority: TicketPriority | None = None


class GetDashboardHandler:
    """The helpdesk's figures for a range of UTC days (agents and admins).

    Without `end` the range ends today (UTC); without `start` it covers the 30 days
    up to `end`. "Now" figures (open now, at risk now) are judged at the clock's
    current time; a ticket is at risk when it would breach within `at_risk`.
    """

    def __init__(self, queries: DashboardQueries, clock: Clock, at_risk: timedelta) -> None:
        self._queries = queries
        self._clock = clock
        self._at_risk = at_risk

    async def __call__(self, command: GetDashboard, actor: Actor) -> Dashboard:
        actor.must_be_staff("read the dashboard")
        now = self._clock.now()
        end = command.end or now.date()
        start = command.start or end - timedelta(days=DEFAULT_RANGE_DAYS - 1)
        query = DashboardQuery(
            start=start,
            end=end,
            group_by=command.group_by,
            category=command.category,
            priority=command.priority,
        )
        return await self._queries.dashboard(query, SlaWindow(now, now + self._at_risk))
