from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from application.ports.activity_repository import ActivityRepository
from application.ports.ai_repository import AiRepository
from application.ports.job_state import JobStateRepository
from application.ports.knowledge_repository import KnowledgeRepository
from application.ports.rating_repository import RatingRepository
from application.ports.reply_repository import ReplyRepository
from application.ports.sla_policy_repository import SlaPolicyRepository
from application.ports.ticket_index_queue import TicketIndexQueue
from application.ports.ticket_repository import TicketRepository
from application.ports.user_repository import UserRepository


class UnitOfWork(Protocol):
    """One transaction over the repositories.

    Used as `async with factory() as uow: ...; await uow.commit()`. Leaving the
    block without `commit()` (or by an exception) rolls everything back.
    """

    users: UserRepository
    tickets: TicketRepository
    replies: ReplyRepository
    activity: ActivityRepository
    knowledge: KnowledgeRepository
    sla_policies: SlaPolicyRepository
    ratings: RatingRepository
    ai: AiRepository
    jobs: JobStateRepository
    index_queue: TicketIndexQueue

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Makes a fresh unit of work; `read_only=True` promises no writes."""

    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...
