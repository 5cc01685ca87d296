"""Exact time arithmetic in SQL, on every database, at the awkward instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import literal, select

from adapters.sql.time_arithmetic import epoch_days, epoch_microseconds, microseconds_between
from adapters.sql.types import UTCDateTime

MOMENTS = [
    datetime(2026, 3, 17, 23, 59, 59, 999_999, tzinfo=UTC),  # SQLite would round this up
    datetime(2026, 3, 17, 17, 30, 45, 999_500, tzinfo=UTC),
    datetime(2026, 3, 18, 0, 0, 0, 0, tzinfo=UTC),
    datetime(2024, 2, 29, 12, 0, 0, 1, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 500_000, tzinfo=UTC),
    datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),  # before the epoch: floored
]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _at(moment: datetime):
    return literal(moment, UTCDateTime())


async def test_epoch_microseconds_and_days_are_exact(sql_backend) -> None:
    async with sql_backend.connect() as connection:
        for moment in MOMENTS:
            found = await connection.scalar(select(epoch_microseconds(_at(moment))))
            assert found == (moment - EPOCH) // timedelta(microseconds=1), moment
            day = await connection.scalar(select(epoch_days(_at(moment))))
            assert day == (moment.date() - EPOCH.date()).days, moment


async def test_microseconds_between_are_exact(sql_backend) -> None:
    async with sql_backend.connect() as connection:
        for start in MOMENTS:
            for end in MOMENTS:
                found = await connection.scalar(select(microseconds_between(_at(start), _at(end))))
                assert found == (end - start) // timedelta(microseconds=1), (start, end)
