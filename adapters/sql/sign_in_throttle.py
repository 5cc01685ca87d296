from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.tables import login_throttle
from application.sign_in_policy import FailureCount, ThrottlePolicy

KEY_MAX_LENGTH = 400


def _key(key: str) -> str:
    return key[:KEY_MAX_LENGTH]


class SqlSignInThrottle:
    """Failure counts in the database, shared by every server process.

    Each call is its own short transaction, independent of any unit of work,
    so that a failed sign-in is counted even though the request fails.
    """

    def __init__(self, engine: AsyncEngine, policy: ThrottlePolicy | None = None) -> None:
        self._engine = engine
        self._policy = policy or ThrottlePolicy()

    async def blocked_until(self, key: str, now: datetime) -> datetime | None:
        async with self._engine.connect() as connection:
            row = (
                (
                    await connection.execute(
                        select(login_throttle).where(login_throttle.c.key == _key(key))
                    )
                )
                .mappings()
                .first()
            )
        return self._policy.blocked_until(_count(row), now)

    async def record_failure(self, key: str, now: datetime) -> datetime | None:
        for _ in range(3):
            try:
                return await self._record_failure(_key(key), now)
            except IntegrityError:  # a concurrent first failure inserted the row
                continue
        return None

    async def _record_failure(self, key: str, now: datetime) -> datetime | None:
        async with self._engine.connect() as connection:
            await connection.execution_options(sqlite_begin="IMMEDIATE")
            async with connection.begin():
                return await self._count_failure(connection, key, now)

    async def _count_failure(
        self, connection: AsyncConnection, key: str, now: datetime
    ) -> datetime | None:
        row = (
            (
                await connection.execute(
                    select(login_throttle).where(login_throttle.c.key == key).with_for_update()
                )
            )
            .mappings()
            .first()
        )
        count = self._policy.after_failure(_count(row), now)
        values = {
            "failures": count.failures,
            "window_started_at": count.window_started_at,
            "blocked_until": count.blocked_until,
        }
        if row is None:
            await connection.execute(insert(login_throttle).values(key=key, **values))
        else:
            await connection.execute(
                update(login_throttle).where(login_throttle.c.key == key).values(**values)
            )

        return self._policy.blocked_until(count, now)

    async def reset(self, key: str) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                delete(login_throttle).where(login_throttle.c.key == _key(key))
            )


def _count(row: object) -> FailureCount | None:
    if row is None:
        return None
    return FailureCount(
        failures=row["failures"],  # type: ignore[index]
        window_started_at=row["window_started_at"],  # type: ignore[index]
        blocked_until=row["blocked_until"],  # type: ignore[index]
    )
