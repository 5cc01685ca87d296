"""Medians and 90th percentiles computed by the database, with window functions.

Each metric is an `elapsed(start, end)` over the rows of one population, NULL
where a row has no value. A split measures one metric again,
separately over the rows where a condition holds and where it does not. One
statement, the same SQL on SQLite, PostgreSQL and MariaDB:

    WITH measured AS (the values of every row, computed once),
         counted AS (one row: how many values each group has)
    SELECT the rows whose rank in a group (ROW_NUMBER over the values in order,
           NULLs last) is one of those its percentiles lie between

The exact interpolation of those few integers happens in `application.analytics`,
so every database gives the same answer, to the microsecond.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.time_arithmetic import as_microseconds
from application.analytics import MEDIAN, P90, Durations, percentile_from_ranks

_PERCENTILES = (MEDIAN, P90)


@dataclass(frozen=True)
class _Group:
    """The values of `value` (a column of `measured`), among the rows whose `flag`
    column equals `flag_value` (all rows when `flag` is None)."""

    value: str
    flag: str | None = None
    flag_value: int = 1

    def present(self, columns: Any) -> ColumnElement[bool]:
        has_value = columns[self.value].is_not(None)
        if self.flag is None:
            return has_value
        return and_(has_value, columns[self.flag] == self.flag_value)

    def rank(self, columns: Any) -> Any:
        """The rank among the group's values. A flagged group counts the rows of its
        flag value along the same ordering as its metric, so the database sorts
        each metric's values once, whatever the splits."""
        value = columns[self.value]
        order = (value.is_(None), value)
        if self.flag is None:
            return func.row_number().over(order_by=order)
        hit = columns[self.flag] if self.flag_value == 1 else 1 - columns[self.flag]
        return func.sum(hit).over(order_by=order, rows=(None, 0))


def _at_percentile_ranks(rank: Any, n: Any) -> ColumnElement[bool]:
    lowers = [(n - 1) * p.numerator // p.denominator + 1 for p in _PERCENTILES]
    return or_(*(rank == lower + step for lower in lowers for step in (0, 1)))


async def durations(
    connection: AsyncConnection,
    population: Sequence[ColumnElement[bool]],
    metrics: Mapping[str, ColumnElement[int]],
    splits: Mapping[str, tuple[str, ColumnElement[bool]]] | None = None,
) -> dict[str, Durations]:
    """Count, median and p90 (whole seconds) of each metric over `population`.

    `splits` maps a name to (metric, condition); the result then also holds
    `<name>.with` (the metric over the rows where the condition holds) and
    `<name>.without` (over the others).
    """
    splits = dict(splits or {})
    value_of = {name: f"v{i}" for i, name in enumerate(metrics)}
    flag_of = {name: f"f{i}" for i, name in enumerate(splits)}
    groups = {name: _Group(value_of[name]) for name in metrics}
    for name, (metric, _) in splits.items():
        groups[f"{name}.with"] = _Group(value_of[metric], flag_of[name], 1)
        groups[f"{name}.without"] = _Group(value_of[metric], flag_of[name], 0)
    count_of = {group: f"n{i}" for i, group in enumerate(groups)}
    rank_of = {group: f"r{i}" for i, group in enumerate(groups)}

    measured = (
        select(
            *(expression.label(value_of[name]) for name, expression in metrics.items()),
            *(
                case((condition, 1), else_=0).label(flag_of[name])
                for name, (_, condition) in splits.items()
            ),
        )
        .where(*population)
        .cte("measured")
    )
    counted = select(
        *(
            func.coalesce(func.sum(case((g.present(measured.c), 1), else_=0)), 0).label(
                count_of[name]
            )
            for name, g in groups.items()
        )
    ).cte("counted")
    ranked = select(
        measured, *(g.rank(measured.c).label(rank_of[name]) for name, g in groups.items())
    ).subquery("ranked")
    wanted = or_(
        *(
            and_(
                g.present(ranked.c),
                _at_percentile_ranks(ranked.c[rank_of[name]], counted.c[count_of[name]]),
            )
            for name, g in groups.items()
        )
    )
    chosen = select(
        *(as_microseconds(ranked.c[v]).label(v) for v in value_of.values()),
        *(ranked.c[f] for f in flag_of.values()),
        *(ranked.c[r] for r in rank_of.values()),
        counted,
    )
    rows = await connection.execute(chosen.select_from(ranked.join(counted, true())).where(wanted))

    counts: dict[str, int] = dict.fromkeys(groups, 0)
    at_rank: dict[str, dict[int, int]] = defaultdict(dict)
    for row in rows.mappings():
        for name, g in groups.items():
            counts[name] = int(row[count_of[name]])
            if row[g.value] is not None and (g.flag is None or row[g.flag] == g.flag_value):
                at_rank[name][int(row[rank_of[name]])] = int(row[g.value])
    return {
        name: Durations(
            count=counts[name],
            median_seconds=percentile_from_ranks(MEDIAN, counts[name], at_rank[name]),
            p90_seconds=percentile_from_ranks(P90, counts[name], at_rank[name]),
        )
        for name in groups
    }
