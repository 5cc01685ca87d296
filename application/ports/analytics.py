from __future__ import annotations

from typing import Protocol

from application.analytics import Dashboard, DashboardQuery
from application.queries import SlaWindow


class DashboardQueries(Protocol):
    """Computes the dashboard's figures where the data lives (SQL aggregates in a
    database), never by loading tickets one by one. Definitions: docs/analytics.md."""

    async def dashboard(self, query: DashboardQuery, window: SlaWindow) -> Dashboard:
        """Figures for `query`; "now" figures are judged at `window.now`."""
