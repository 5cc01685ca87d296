"""SQLite writers of one process queue on an asyncio lock, not in SQLite's busy handler.

SQLite allows one writer at a time. A writer that finds the write lock taken
waits in SQLite's busy handler, which sleeps (up to 100 ms a try) and retries:
under a burst of writes the unlucky ones sleep for seconds. Writers in the
same process therefore first take an asyncio lock (one per engine and event
loop) and only then `BEGIN IMMEDIATE`; they are served in order, woken as
soon as the previous writer commits. The busy timeout still covers writers in
other processes (`--workers N`, the job worker, the CLI).

Adapters that write outside a unit of work (the sign-in throttle, the
classifier store) use `write_transaction`, which queues the same way.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.engine import SQLITE_BUSY_TIMEOUT_S

_locks: weakref.WeakKeyDictionary[
    Engine, weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
] = weakref.WeakKeyDictionary()


def sqlite_writer_lock(engine: AsyncEngine) -> asyncio.Lock:
    """The lock that this engine's writers take, for the running event loop.

    An asyncio lock belongs to one event loop, so each loop (tests run several,
    one after the other) gets its own; a loop's lock goes when the loop does.
    """
    loop = asyncio.get_running_loop()
    per_loop = _locks.setdefault(engine.sync_engine, weakref.WeakKeyDictionary())
    lock = per_loop.get(loop)
    if lock is None:
        lock = per_loop.setdefault(loop, asyncio.Lock())
    return lock


async def take_writer_turn(engine: AsyncEngine) -> asyncio.Lock:
    """Waits for this process's turn to write on a SQLite engine and returns the lock
    held, for the caller to release when its transaction ends.

    Waits at most as long as SQLite's busy handler would: a writer stuck for longer
    fails with TimeoutError (503) rather than hanging its request.
    """
    lock = sqlite_writer_lock(engine)
    async with asyncio.timeout(SQLITE_BUSY_TIMEOUT_S):
        await lock.acquire()
    return lock


@asynccontextmanager
async def writer_turn(engine: AsyncEngine) -> AsyncIterator[None]:
    """`take_writer_turn` for the block (no wait on other databases than SQLite)."""
    if engine.dialect.name != "sqlite":
        yield
        return
    lock = await take_writer_turn(engine)
    try:
        yield
    finally:
        lock.release()


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a write transaction (`BEGIN IMMEDIATE` on SQLite, after this
    process's writer turn), committed when the block ends, rolled back if it raises."""
    async with writer_turn(engine), engine.connect() as connection:
        await connection.execution_options(sqlite_begin="IMMEDIATE")
        async with connection.begin():
            yield connection
