"""Medians and 90th percentiles, read by the database from an index in value order.

A percentile of n values lies between the values at two known ranks
(`Percentile.lower_rank(n)` and the one above it), so the database need not sort
anything: walking an index on the value, it skips to that rank and returns the two
values there (`ORDER BY value LIMIT 2 OFFSET rank - 1`). Every percentile of a
request is one such branch of a single `UNION ALL` statement. The same SQL runs on
SQLite, PostgreSQL and MariaDB. MariaDB is told the index to walk (FORCE INDEX);
SQLite, which ignores such hints, is kept from reading the range by another index
when its conditions are written on `unindexed(column)`.

The exact interpolation of those integers happens in `application.analytics`, so
every database gives the same answer, to the microsecond.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Subquery, Table, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from application.analytics import MEDIAN, P90, Durations, Percentile, percentile_from_ranks

_PERCENTILES = (MEDIAN, P90)


class unindexed(FunctionElement[Any]):
    """The column, written so that SQLite will not use it to pick an index
    (the unary `+` of https://sqlite.org/optoverview.html#uplus); unchanged elsewhere."""

    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _unindexed(element: unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(next(iter(element.clauses)), **kw))


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(next(iter(element.clauses)), **kw)}"


@dataclass(frozen=True)
class Measure:
    """The `count` non-NULL values of `value` in the rows of `table` where every
    one of `conditions` holds, read in the order of the index named `index`
    (which must begin with `value`, and hold every column the conditions read;
    write those on `unindexed(column)`)."""

    table: Table
    value: ColumnElement[int]
    conditions: Sequence[ColumnElement[bool]]
    count: int
    index: str


async def percentiles(
    connection: AsyncConnection, measures: dict[str, Measure]
) -> dict[str, Durations]:
    """Count, median and p90 (whole seconds) of each measure, in one statement."""
    wanted = [
        (name, measure, p)
        for name, measure in measures.items()
        for p in _PERCENTILES
        if measure.count
    ]
    branches = [
        select(literal(key).label("at"), _at_ranks(measure, p).c.value)
        for key, (_, measure, p) in enumerate(wanted)
    ]
    found: dict[int, list[int]] = defaultdict(list)
    if branches:
        statement = branches[0] if len(branches) == 1 else union_all(*branches)
        for key, value in await connection.execute(statement):
            found[int(key)].append(int(value))
    ranks: dict[str, dict[int, int]] = defaultdict(dict)
    for key, (name, measure, p) in enumerate(wanted):
        # The two values come back in any order; the smaller is at the lower rank.
        lower = p.lower_rank(measure.count)
        ranks[name].update((lower + step, value) for step, value in enumerate(sorted(found[key])))
    return {
        name: Durations(
            count=measure.count,
            median_seconds=percentile_from_ranks(MEDIAN, measure.count, ranks[name]),
            p90_seconds=percentile_from_ranks(P90, measure.count, ranks[name]),
        )
        for name, measure in measures.items()
    }


def _at_ranks(measure: Measure, p: Percentile) -> Subquery:
    """The values at the ranks the percentile lies between (one when it is a value)."""
    count = 2 if p.weight(measure.count) else 1
    return (
        select(measure.value.label("value"))
        .where(*measure.conditions, measure.value.is_not(None))
        .order_by(measure.value)
        .limit(count)
        .offset(p.lower_rank(measure.count) - 1)
        .with_hint(measure.table, f"FORCE INDEX ({measure.index})", "mysql")
        .subquery()
    )
