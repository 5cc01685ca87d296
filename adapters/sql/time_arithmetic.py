"""Exact time arithmetic in SQL, the same on SQLite, PostgreSQL and MariaDB.

Timestamps are stored as naive UTC (see `types.UTCDateTime`); these constructs
compile to each database's own functions and always give integers:

- `epoch_seconds(t)`: whole seconds since 1970-01-01 00:00 UTC (fraction dropped);
- `microseconds_between(a, b)`: b - a in microseconds, exactly;
- `elapsed(a, b)`: b - a in the database's own exact, orderable form (an INTERVAL on
  PostgreSQL, whose `numeric` arithmetic is slow over many rows; microseconds
  elsewhere), and `as_microseconds(elapsed)` to turn the few chosen ones into integers.

SQLite stores `YYYY-MM-DD HH:MM:SS.ffffff` text. Its date functions go through
floating-point julian days and round fractions of .9995 s and more up to the next
second, so they only ever see the whole-second part (characters 1..19); the
microseconds are read from characters 21..26.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement[int]):
    type = BigInteger()
    inherit_cache = True


class microseconds_between(FunctionElement[int]):
    type = BigInteger()
    inherit_cache = True


class elapsed(FunctionElement[int]):
    type = BigInteger()
    inherit_cache = True


class as_microseconds(FunctionElement[int]):
    type = BigInteger()
    inherit_cache = True


@compiles(elapsed)
def _elapsed(element: elapsed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(microseconds_between(*element.clauses), **kw))


@compiles(elapsed, "postgresql")
def _elapsed_postgresql(element: elapsed, compiler: Any, **kw: Any) -> str:
    start, end = _arguments(element, compiler, **kw)
    return f"({end} - {start})"


@compiles(as_microseconds)
def _as_microseconds(element: as_microseconds, compiler: Any, **kw: Any) -> str:
    (value,) = _arguments(element, compiler, **kw)
    return value


@compiles(as_microseconds, "postgresql")
def _as_microseconds_postgresql(element: as_microseconds, compiler: Any, **kw: Any) -> str:
    (value,) = _arguments(element, compiler, **kw)
    return f"CAST(EXTRACT(EPOCH FROM {value}) * 1000000 AS BIGINT)"


def _arguments(element: FunctionElement[Any], compiler: Any, **kw: Any) -> list[str]:
    return [compiler.process(argument, **kw) for argument in element.clauses]


def _sqlite_seconds(moment: str) -> str:
    return f"CAST(strftime('%s', substr({moment}, 1, 19)) AS INTEGER)"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    return _sqlite_seconds(moment)


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    return f"CAST(FLOOR(EXTRACT(EPOCH FROM {moment})) AS BIGINT)"


@compiles(epoch_seconds, "mysql")
@compiles(epoch_seconds, "mariadb")
def _epoch_mysql(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    (moment,) = _arguments(element, compiler, **kw)
    # UNIX_TIMESTAMP() would read the DATETIME in the session's time zone.
    return f"TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', {moment})"


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
