from __future__ import annotations

import copy
from types import TracebackType
from typing import Self

from adapters.memory.activity_repository import MemoryActivityRepository
from adapters.memory.ai_repository import MemoryAiRepository, MemoryJobStateRepository
from adapters.memory.knowledge_repository import MemoryKnowledgeRepository
from adapters.memory.rating_repository import MemoryRatingRepository
from adapters.memory.reply_repository import MemoryReplyRepository
from adapters.memory.sla_policy_repository import MemorySlaPolicyRepository
from adapters.memory.store import MemoryState, MemoryStore
from adapters.memory.ticket_index_queue import MemoryTicketIndexQueue
from adapters.memory.ticket_repository import MemoryTicketRepository
from adapters.memory.user_repository import MemoryUserRepository


class MemoryUnitOfWork:
    """Works on a private copy of the store; `commit()` publishes the copy.

    Units of work hold the store's lock from entry to exit, so they behave
    like serialisable transactions.
    """

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._working: MemoryState | None = None

    async def __aenter__(self) -> Self:
        await self._store.lock.acquire()
        self._work_on(copy.deepcopy(self._store.state))
        return self

    def _work_on(self, state: MemoryState) -> None:
        self._working = state
        self.users = MemoryUserRepository(state)
        self.tickets = MemoryTicketRepository(state)
        self.replies = MemoryReplyRepository(state)
        self.activity = MemoryActivityRepository(state)
        self.knowledge = MemoryKnowledgeRepository(state.knowledge)
        self.sla_policies = MemorySlaPolicyRepository(state)
        self.ratings = MemoryRatingRepository(state)
        self.ai = MemoryAiRepository(state)
        self.jobs = MemoryJobStateRepository(state)
        self.index_queue = MemoryTicketIndexQueue(state)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._working = None
        self._store.lock.release()

    async def commit(self) -> None:
        if self._working is None:
            raise RuntimeError("commit() outside of the unit of work")
        self._store.state = copy.deepcopy(self._working)

    async def rollback(self) -> None:
        if self._working is not None:
            self._work_on(copy.deepcopy(self._store.state))


class MemoryUnitOfWorkFactory:
    def __init__(self, store: MemoryStore | None = None) -> None:
        self.store = store or MemoryStore()

    def __call__(self, *, read_only: bool = False) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.store)
