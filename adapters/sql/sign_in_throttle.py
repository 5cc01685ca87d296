from __future__ import annotations

import asyncio
import random
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.sqlite_writers import write_transaction
from adapters.sql.tables import login_throttle
from application.sign_in_policy import FailureCount, ThrottlePolicy

KEY_MAX_LENGTH = 400
ATTEMPTS = 10
_MYSQL_DEADLOCK = 1213
_SQLSTATE_RETRY = {"40001", "40P01"}  # serialization failure, deadlock


def _lost_a_race(error: DBAPIError) -> bool:
    """A concurrent first failure inserted the row, or the database broke a deadlock
    between two of them (InnoDB's gap locks on the missing row): try again."""
    if isinstance(error, IntegrityError):
        return True
    orig = error.orig
    args = getattr(orig, "args", ())
    code = args[0] if args else None
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code == _MYSQL_DEADLOCK or sqlstate in _SQLSTATE_RETRY


def _key(key: str) -> str:
    return key[:KEY_MAX_LENGTH]


class SqlSignInThrottle:
    """Failure counts in the database, shared by every server process.

    Each call is its own short transaction, independent of any unit of work,
    so that a failed sign-in is counted even though the request fails; on SQLite
    it queues with the process's other writers (`sqlite_writers`).
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
        key = _key(key)
        await self._ensure_row(key, now)
        for attempt in range(ATTEMPTS):
            try:
                return await self._record_failure(key, now)
            except DBAPIError as error:
                if not _lost_a_race(error) or attempt == ATTEMPTS - 1:
                    raise
                await asyncio.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
        return None

    async def _ensure_row(self, key: str, now: datetime) -> None:
        """Insert the key's row up front (with no failures), so that counting then
        locks an existing row: two first failures would otherwise deadlock on
        InnoDB's gap locks."""
        try:
            async with write_transaction(self._engine) as connection:
                exists = await connection.scalar(
                    select(login_throttle.c.key).where(login_throttle.c.key == key)
                )
                if exists is None:
                    await connection.execute(
                        insert(login_throttle).values(
                            key=key, failures=0, window_started_at=now, blocked_until=None
                        )
                    )
        except DBAPIError as error:
            if not _lost_a_race(error):
                raise

    async def _record_failure(self, key: str, now: datetime) -> datetime | None:
        async with write_transaction(self._engine) as connection:
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
        count = self._policy.after_failure(_count(row), now, key)
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
        async with write_transaction(self._engine) as connection:
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
