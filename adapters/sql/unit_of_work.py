from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from adapters.sql.activity_repository import SqlActivityRepository
from adapters.sql.ai_repository import SqlAiRepository, SqlJobStateRepository
from adapters.sql.knowledge_repository import SqlKnowledgeRepository
from adapters.sql.rating_repository import SqlRatingRepository
from adapters.sql.reply_repository import SqlReplyRepository
from adapters.sql.sla_policy_repository import SqlSlaPolicyRepository
from adapters.sql.sqlite_writers import take_writer_turn
from adapters.sql.ticket_index_queue import SqlTicketIndexQueue
from adapters.sql.ticket_repository import SqlTicketRepository
from adapters.sql.user_repository import SqlUserRepository


class SqlUnitOfWork:
    """One database transaction; rolled back on exit unless committed.

    On SQLite a writing unit of work begins IMMEDIATE (takes the write lock at
    once), so two writers queue instead of deadlocking on a lock upgrade; and
    before that it takes this process's writer lock (see `sqlite_writers`),
    held until the transaction ends (commit, rollback or exit), so writers of
    one process wait their turn without sleeping in SQLite's busy handler.
    """

    def __init__(self, engine: AsyncEngine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None
        self._writer_lock: asyncio.Lock | None = None

    async def __aenter__(self) -> Self:
        sqlite = self._engine.dialect.name == "sqlite"
        if sqlite and not self._read_only:
            self._writer_lock = await take_writer_turn(self._engine)
        try:
            connection = await self._engine.connect()
            try:
                if sqlite:
                    mode = "DEFERRED" if self._read_only else "IMMEDIATE"
                    await connection.execution_options(sqlite_begin=mode)
                self._transaction = await connection.begin()
            except BaseException:
                await connection.close()
                raise
        except BaseException:
            self._release_writer_lock()
            raise
        self._connection = connection
        self.users = SqlUserRepository(connection)
        self.tickets = SqlTicketRepository(connection)
        self.replies = SqlReplyRepository(connection)
        self.activity = SqlActivityRepository(connection)
        self.knowledge = SqlKnowledgeRepository(connection)
        self.sla_policies = SqlSlaPolicyRepository(connection)
        self.ratings = SqlRatingRepository(connection)
        self.ai = SqlAiRepository(connection)
        self.jobs = SqlJobStateRepository(connection)
        self.index_queue = SqlTicketIndexQueue(connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Closing the connection rolls back a transaction still open, and the pool then
        # skips its own reset: one round trip instead of two (a rollback, then the pool's).
        try:
            if self._connection is not None:
                await self._connection.close()
        finally:
            self._connection = None
            self._transaction = None
            self._release_writer_lock()

    async def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("commit() outside of the unit of work")
        await self._transaction.commit()
        self._release_writer_lock()

    async def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            await self._transaction.rollback()
        self._release_writer_lock()

    def _release_writer_lock(self) -> None:
        """The transaction is over: the next writer of this process may begin."""
        if self._writer_lock is not None:
            self._writer_lock.release()
            self._writer_lock = None


class SqlUnitOfWorkFactory:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, read_only=read_only)
