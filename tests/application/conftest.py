from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.sign_in_throttle import MemorySignInThrottle
from adapters.passwords import Argon2PasswordHasher
from application.use_cases.delete_reply import DeleteReplyHandler
from application.use_cases.delete_ticket import DeleteTicketHandler
from application.use_cases.delete_user import DeleteUserHandler
from application.use_cases.ensure_admin import EnsureAdminHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.get_user import GetUserHandler
from application.use_cases.list_activity import ListActivityHandler
from application.use_cases.list_replies import ListRepliesHandler
from application.use_cases.list_tickets import ListTicketsHandler
from application.use_cases.list_users import ListUsersHandler
from application.use_cases.open_ticket import OpenTicket, OpenTicketHandler
from application.use_cases.post_reply import PostReply, PostReplyHandler
from application.use_cases.register_user import RegisterUser, RegisterUserHandler
from application.use_cases.sign_in import SignInHandler
from application.use_cases.sign_up import SignUpHandler
from application.use_cases.update_ticket import UpdateTicketHandler
from application.use_cases.update_user import UpdateUserHandler
from domain.access import Actor
from domain.tickets import Reply, Ticket
from domain.users import Role, User
from tests.fakes import CHEAP_HASHER, TickingClock

# An administrator who is not stored: like the CLI's system actor, it stands for
# "someone allowed to do this" in tests about something else than access.
SYSTEM_ADMIN = Actor(user_id=0, role=Role.ADMIN)


def actor_of(user: User) -> Actor:
    assert user.id is not None
    return Actor(user_id=user.id, role=user.role)


class _Acting:
    """A use case whose actor defaults to the system admin: `handler(*args, actor=...)`."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler

    async def __call__(self, *args: Any, actor: Actor | User = SYSTEM_ADMIN) -> Any:
        who = actor if isinstance(actor, Actor) else actor_of(actor)
        return await self.handler(*args, who)


@dataclass
class Helpdesk:
    """The use cases wired to the in-memory adapters, a ticking clock and a cheap hasher.

    Every use case takes its actor as second argument; here it defaults to an
    admin, and `actor=` (an Actor or a User) runs it as someone else.
    """

    uow: MemoryUnitOfWorkFactory
    clock: TickingClock
    throttle: MemorySignInThrottle = field(default_factory=MemorySignInThrottle)
    hasher: Argon2PasswordHasher = CHEAP_HASHER

    def __post_init__(self) -> None:
        uow, clock, hasher = self.uow, self.clock, self.hasher
        self.register_user = _Acting(RegisterUserHandler(uow, hasher, clock))
        self.get_user = _Acting(GetUserHandler(uow))
        self.list_users = _Acting(ListUsersHandler(uow))
        self.update_user = _Acting(UpdateUserHandler(uow, hasher))
        self.delete_user = _Acting(DeleteUserHandler(uow, clock))
        self.open_ticket = _Acting(OpenTicketHandler(uow, clock))
        self.get_ticket = _Acting(GetTicketHandler(uow))
        self.list_tickets = _Acting(ListTicketsHandler(uow, clock))
        self.update_ticket = _Acting(UpdateTicketHandler(uow, clock))
        self.delete_ticket = _Acting(DeleteTicketHandler(uow))
        self.post_reply = _Acting(PostReplyHandler(uow, clock))
        self.list_replies = _Acting(ListRepliesHandler(uow))
        self.delete_reply = _Acting(DeleteReplyHandler(uow, clock))
        self.list_activity = _Acting(ListActivityHandler(uow))
        self.sign_in = SignInHandler(uow, hasher, self.throttle, clock)
        self.sign_up = SignUpHandler(uow, hasher, clock, open_=True)
        self.ensure_admin = EnsureAdminHandler(uow, hasher, clock)
        self._serial = 0

    async def user(
        self,
        name: str = "Somebody",
        email: str | None = None,
        *,
        role: str = "customer",
        password: str | None = None,
    ) -> User:
        self._serial += 1
        return await self.register_user(
            RegisterUser(
                email=email or f"person{self._serial}@example.com",
                name=name,
                role=role,
                password=password,
            )
        )

    async def agent(self, name: str = "Agent") -> User:
        return await self.user(name, role="agent")

    async def ticket(self, requester: User, *, by: Actor | User = SYSTEM_ADMIN, **fields: Any):
        values: dict[str, Any] = {"title": "Printer on fire", "content": "Send help."}
        values.update(fields)
        ticket: Ticket = await self.open_ticket(
            OpenTicket(requester_id=requester.id, **values), actor=by
        )
        return ticket

    async def reply(
        self, ticket: Ticket, author: User, content: str = "Reply", internal: bool = False
    ) -> Reply:
        """A reply written by `author`, signed in as themself."""
        reply: Reply = await self.post_reply(PostReply(ticket.id, content, internal), actor=author)
        return reply

    def stored_state(self):
        """The committed state, for checking that nothing was written."""
        return self.uow.store.state


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def helpdesk(clock: TickingClock) -> Helpdesk:
    return Helpdesk(MemoryUnitOfWorkFactory(), clock)
