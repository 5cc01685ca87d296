"""Exact time arithmetic in SQL, the same on SQLite, PostgreSQL and MariaDB.

Timestamps are stored as naive UTC (see `types.UTCDateTime`); these constructs
compile to each database's own functions and always give integers:

- `epoch_microseconds(t)`: microseconds since 1970-01-01 00:00 UTC, exactly;
- `epoch_days(t)`: the UTC day of `t` as days since 1970-01-01 (floored, also before 1970);
- `microseconds_between(a, b)`: b - a in microseconds, exactly.

They are used where ticket facts are written (`analytics_facts.py`), never in the
dashboard's reads.

SQLite stores `YYYY-MM-DD HH:MM:SS.ffffff` text. Its date functions go through
floating-point julian days and round fractions of .9995 s and more up to the next
second, so they only ever see the whole-second part (characters 1..19); the
microseconds are read from characters 21..26.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class epoch_microseconds(FunctionElement[int]):
    type = BigInteger()
    inherit_cache = True


class epoch_days(FunctionElement[int]):
    type = Integer()
    inherit_cache = True


class microseconds_between(FunctionElement[int]):
    type = BigInteger()
    inherit_cache = True


def _arguments(element: FunctionElement[Any], compiler: Any, **kw: Any) -> list[str]:
    return [compiler.process(argument, **kw) for argument in element.clauses]


def _sqlite_seconds(moment: str) -> str:
    return f"CAST(strftime('%s', substr({moment}, 1, 19)) AS INTEGER)"


@compiles(microseconds_between, "sqlite")
def _between_sqlite(element: microseconds_between, compiler: Any, **kw: Any) -> str:
    start, end = _arguments(element, compiler, **kw)
    return (
        f"(({_sqlite_seconds(end)} - {_sqlite_seconds(start)}) * 1000000"
        f" + (CAST(substr({end}, 21, 6) AS INTEGER) - CAST(substr({start}, 21, 6) AS INTEGER)))"
    )


@compiles(microseconds_between, "postgresql")
def _between_postgresql(element: microseconds_between, compiler: Any, **kw: Any) -> str:
    start, end = _arguments(element, compiler, **kw)
    # EXTRACT gives an exact numeric (PostgreSQL 14+).
    return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) * 1000000 AS BIGINT)"


@compiles(microseconds_between, "mysql")
@compiles(microseconds_between, "mariadb")
def _between_mysql(element: microseconds_between, compiler: Any, **kw: Any) -> str:
    start, end = _arguments(element, compiler, **kw)
    return f"TIMESTAMPDIFF(MICROSECOND, {start}, {end})"


@compiles(epoch_microseconds, "sqlite")
def _epoch_microseconds_sqlite(element: epoch_microseconds, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    return f"({_sqlite_seconds(moment)} * 1000000 + CAST(substr({moment}, 21, 6) AS INTEGER))"


@compiles(epoch_microseconds, "postgresql")
def _epoch_microseconds_postgresql(element: epoch_microseconds, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    return f"CAST(EXTRACT(EPOCH FROM {moment}) * 1000000 AS BIGINT)"


@compiles(epoch_microseconds, "mysql")
@compiles(epoch_microseconds, "mariadb")
def _epoch_microseconds_mysql(element: epoch_microseconds, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    return f"TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', {moment})"


@compiles(epoch_days, "sqlite")
def _epoch_days_sqlite(element: epoch_days, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    # The julian day of a date is n + 0.5 exactly, so the difference is a whole number.
    return f"CAST(julianday(substr({moment}, 1, 10)) - 2440587.5 AS INTEGER)"


@compiles(epoch_days, "postgresql")
def _epoch_days_postgresql(element: epoch_days, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    return f"(CAST({moment} AS DATE) - DATE '1970-01-01')"


@compiles(epoch_days, "mysql")
@compiles(epoch_days, "mariadb")
def _epoch_days_mysql(element: epoch_days, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    return f"(TO_DAYS({moment}) - 719528)"
