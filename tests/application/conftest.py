from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from application.use_cases.delete_ticket import DeleteTicketHandler
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.get_user import GetUserHandler
from application.use_cases.list_replies import ListRepliesHandler
from application.use_cases.list_tickets import ListTicketsHandler
from application.use_cases.list_users import ListUsersHandler
from application.use_cases.open_ticket import OpenTicket, OpenTicketHandler
from application.use_cases.post_reply import PostReply, PostReplyHandler
from application.use_cases.register_user import RegisterUser, RegisterUserHandler
from application.use_cases.update_ticket import UpdateTicketHandler
from domain.tickets import Reply, Ticket
from domain.users import User
from tests.fakes import TickingClock


@dataclass
class Helpdesk:
    """The use cases wired to the in-memory adapters and a ticking clock."""

    uow: MemoryUnitOfWorkFactory
    clock: TickingClock

    def __post_init__(self) -> None:
        self.register_user = RegisterUserHandler(self.uow, self.clock)
        self.get_user = GetUserHandler(self.uow)
        self.list_users = ListUsersHandler(self.uow)
        self.delete_user = DeleteUserHandler(self.uow)
        self.open_ticket = OpenTicketHandler(self.uow, self.clock)
        self.get_ticket = GetTicketHandler(self.uow)
        self.list_tickets = ListTicketsHandler(self.uow)
        self.update_ticket = UpdateTicketHandler(self.uow, self.clock)
        self.delete_ticket = DeleteTicketHandler(self.uow)
        self.post_reply = PostReplyHandler(self.uow, self.clock)
        self.list_replies = ListRepliesHandler(self.uow)
        self._serial = 0

    async def user(self, name: str = "Somebody", email: str | None = None) -> User:
        self._serial += 1
        return await self.register_user(
            RegisterUser(email=email or f"person{self._serial}@example.com", name=name)
        )

    async def ticket(self, requester: User, **fields: Any) -> Ticket:
        values: dict[str, Any] = {"title": "Printer on fire", "content": "Send help."}
        values.update(fields)
        return await self.open_ticket(OpenTicket(requester_id=requester.id, **values))

    async def reply(
        self, ticket: Ticket, author: User, content: str = "Reply", internal: bool = False
    ) -> Reply:
        return await self.post_reply(PostReply(ticket.id, author.id, content, internal))

    def stored_state(self):
        """The committed state, for checking that nothing was written."""
        return self.uow.store.state


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def helpdesk(clock: TickingClock) -> Helpdesk:
    return Helpdesk(MemoryUnitOfWorkFactory(), clock)
