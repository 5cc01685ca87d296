"""The dashboard's read models: what is asked, what is answered, and the exact
arithmetic both the SQL and the in-memory adapters use (docs/analytics.md)."""

from application.analytics.arithmetic import (
    MEDIAN,
    P90,
    Percentile,
    mean,
    percentage,
    percentile_from_ranks,
    percentile_of_sorted,
)
from application.analytics.figures import (
    AiFigures,
    Dashboard,
    DraftFigures,
    Durations,
    RatingFigures,
    SatisfactionFigures,
    SlaFigures,
    TargetFigures,
    Totals,
    TrendPoint,
    TriageFigures,
)
from application.analytics.query import MAX_RANGE_DAYS, DashboardQuery, Period

__all__ = [
    "MAX_RANGE_DAYS",
    "MEDIAN",
    "P90",
    "AiFigures",
    "Dashboard",
    "DashboardQuery",
    "DraftFigures",
    "Durations",
    "Percentile",
    "Period",
    "RatingFigures",
    "SatisfactionFigures",
    "SlaFigures",
    "TargetFigures",
    "Totals",
    "TrendPoint",
    "TriageFigures",
    "mean",
    "percentage",
    "percentile_from_ranks",
    "percentile_of_sorted",
]
