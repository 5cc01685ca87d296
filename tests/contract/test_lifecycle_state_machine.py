"""The ticket lifecycle, driven at random through the use cases, on two storages at once.

A hypothesis state machine (RuleBasedStateMachine) runs every step — registering
people, opening, changing and deleting tickets, replying, deleting replies,
rating, listing with filters — through the same use cases wired once to the
in-memory adapters and once to SQL (SQLite, and PostgreSQL). After every step:

- both storages gave the same outcome: the same result, or the same error;
- every ticket reads back the same on both (fields, version, SLA clock, replies
  with their visibility, activity log actions and actors, ratings);
- the model's own bookkeeping (which tickets and replies exist) agrees with both.

The storages number rows differently (a server database does not reset its
counters between examples), so everything is compared by logical handles: the
n-th user, ticket or reply created in the run.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.sql.engine import create_engine
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.queries import PageRequest, TicketQuery
from application.use_cases.delete_reply import DeleteReply, DeleteReplyHandler
from application.use_cases.delete_ticket import DeleteTicket, DeleteTicketHandler
from application.use_cases.get_ticket import GetTicketHandler
from application.use_cases.list_activity import ListActivityHandler
from application.use_cases.list_ratings import ListRatingsHandler
from application.use_cases.list_replies import ListRepliesHandler
from application.use_cases.list_tickets import ListTicketsHandler
from application.use_cases.open_ticket import OpenTicket, OpenTicketHandler
from application.use_cases.post_reply import PostReply, PostReplyHandler
from application.use_cases.rate_ticket import RateTicket, RateTicketHandler
from application.use_cases.register_user import RegisterUser, RegisterUserHandler
from application.use_cases.update_ticket import UpdateTicket, UpdateTicketHandler
from domain.access import Actor
from domain.tickets import TicketPriority, TicketStatus
from domain.tickets.changes import UNSET, TicketChanges
from domain.users import Role
from tests.databases import _BackgroundLoop, _ServerDatabase, empty_server_database
from tests.fakes import CHEAP_HASHER, FixedClock

SYSTEM = Actor(user_id=0, role=Role.ADMIN)
STATUSES = [s.value for s in TicketStatus]
PRIORITIES = [p.value for p in TicketPriority]
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
tag_lists = st.lists(st.sampled_from(["billing", "bug", "vip", "refund", "Login"]), max_size=3)
categories = st.none() | st.sampled_from(["billing", "account", "shipping"])


class _Storage:
    """The use cases over one storage, with the ids it gave each logical handle."""

    def __init__(self, uow: Any, clock: FixedClock) -> None:
        self.uow = uow
        self.register = RegisterUserHandler(uow, CHEAP_HASHER, clock)
        self.open = OpenTicketHandler(uow, clock)
        self.get = GetTicketHandler(uow)
        self.update = UpdateTicketHandler(uow, clock)
        self.delete = DeleteTicketHandler(uow)
        self.reply = PostReplyHandler(uow, clock)
        self.delete_reply = DeleteReplyHandler(uow, clock)
        self.replies = ListRepliesHandler(uow)
        self.activity = ListActivityHandler(uow)
        self.rate = RateTicketHandler(uow, clock)
        self.ratings = ListRatingsHandler(uow)
        self.list = ListTicketsHandler(uow, clock)
        self.users: list[Actor] = []
        self.tickets: list[int] = []
        self.replies_ids: list[int] = []

    def user_handle(self, user_id: int | None) -> int | None:
        if user_id is None:
            return None
        return next(i for i, a in enumerate(self.users) if a.user_id == user_id)

    def ticket_id(self, handle: int) -> int:
        return self.tickets[handle]


def _outcome(result: Any) -> tuple[str, Any]:
    """What a step produced, comparable across storages (errors by type and message shape)."""
    if isinstance(result, BaseException):
        fields = tuple(sorted(p.field for p in getattr(result, "problems", ())))
        return ("error", (type(result).__name__, fields))
    return ("ok", None)


class LifecycleMachine(RuleBasedStateMachine):
    new_sql_storage: Callable[[], str]  # set by each test: a fresh, migrated database URL

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.clock = FixedClock()
        self.engine = create_engine(self.new_sql_storage(), pool_size=2)
        self.storages = (
            _Storage(MemoryUnitOfWorkFactory(), self.clock),
            _Storage(SqlUnitOfWorkFactory(self.engine), self.clock),
        )
        self.tickets: list[bool] = []  # handle -> still exists
        self.replies: list[tuple[int, bool]] = []  # handle -> (ticket handle, still exists)
        self.roles: list[Role] = []

    def teardown(self) -> None:
        self.loop.run_until_complete(self.engine.dispose())
        self.loop.close()

    def _both(self, step: Callable[[_Storage], Any]) -> list[Any]:
        """Run one step on each storage; results or errors, and they must agree."""

        async def run(storage: _Storage) -> Any:
            try:
                return await step(storage)
            except Exception as error:  # compared below: both must fail alike
                return error

        results = [self.loop.run_until_complete(run(s)) for s in self.storages]
        assert _outcome(results[0]) == _outcome(results[1]), results
        self.clock.advance(timedelta(minutes=7))
        return results

    def _actor(self, storage: _Storage, handle: int) -> Actor:
        return storage.users[handle]

    # --- people --------------------------------------------------------------------------

    @initialize()
    def people(self) -> None:
        for role in (Role.CUSTOMER, Role.CUSTOMER, Role.AGENT, Role.AGENT):
            self._register(role)

    def _register(self, role: Role) -> None:
        serial = len(self.roles)
        command = RegisterUser(
            email=f"person{serial}@example.com", name=f"Person {serial}", role=role.value
        )
        results = self._both(lambda s: s.register(command, SYSTEM))
        for storage, user in zip(self.storages, results, strict=True):
            storage.users.append(Actor(user_id=user.id, role=user.role))
        self.roles.append(role)

    # --- tickets ---------------------------------------------------------------------------

    @rule(
        by=st.integers(0, 3),
        requester=st.integers(0, 3),
        title=texts,
        content=texts,
        priority=st.sampled_from(PRIORITIES),
        status=st.sampled_from(STATUSES),
        tags=tag_lists,
        category=categories,
        assignee=st.none() | st.integers(0, 3),
    )
    def open_ticket(
        self, by, requester, title, content, priority, status, tags, category, assignee
    ):
        def step(s: _Storage):
            return s.open(
                OpenTicket(
                    title=title,
                    content=content,
                    requester_id=s.users[requester].user_id,
                    priority=priority,
                    status=status if self.roles[by] != Role.CUSTOMER else "open",
                    tags=tags,
                    category=category if self.roles[by] != Role.CUSTOMER else None,
                    assignee_id=None if assignee is None else s.users[assignee].user_id,
                ),
                self._actor(s, by),
            )

        results = self._both(step)
        if not isinstance(results[0], BaseException):
            for storage, ticket in zip(self.storages, results, strict=True):
                storage.tickets.append(ticket.id)
            self.tickets.append(True)

    @precondition(lambda self: self.tickets)
    @rule(
        pick=st.integers(0, 10**6),
        by=st.integers(0, 3),
        title=st.none() | texts,
        status=st.none() | st.sampled_from(STATUSES),
        priority=st.none() | st.sampled_from(PRIORITIES),
        tags=st.none() | tag_lists,
        category=st.just(UNSET) | categories,
        assignee=st.just(UNSET) | st.none() | st.integers(0, 3),
        version_offset=st.none() | st.integers(-1, 1),
    )
    def update_ticket(
        self, pick, by, title, status, priority, tags, category, assignee, version_offset
    ):
        handle = pick % len(self.tickets)

        def step(s: _Storage):
            async def run():
                expected = None
                if version_offset is not None:
                    ticket = await s.get(s.ticket_id(handle), SYSTEM)
                    expected = ticket.version + version_offset
                changes = TicketChanges(
                    title=UNSET if title is None else title,
                    status=UNSET if status is None else status,
                    priority=UNSET if priority is None else priority,
                    tags=UNSET if tags is None else tags,
                    category=category,
                    assignee_id=assignee
                    if assignee is UNSET or assignee is None
                    else s.users[assignee].user_id,
                )
                command = UpdateTicket(s.ticket_id(handle), changes, expected)
                return await s.update(command, self._actor(s, by))

            return run()

        self._both(step)

    @precondition(lambda self: self.tickets)
    @rule(pick=st.integers(0, 10**6), by=st.integers(0, 3), stale=st.booleans())
    def delete_ticket(self, pick, by, stale):
        handle = pick % len(self.tickets)

        def step(s: _Storage):
            async def run():
                expected = None
                if stale and self.tickets[handle]:
                    expected = (await s.get(s.ticket_id(handle), SYSTEM)).version - 1
                command = DeleteTicket(s.ticket_id(handle), expected)
                return await s.delete(command, self._actor(s, by))

            return run()

        results = self._both(step)
        if not isinstance(results[0], BaseException):
            self.tickets[handle] = False
            self.replies = [(t, alive and t != handle) for t, alive in self.replies]

    # --- conversation ----------------------------------------------------------------------

    @precondition(lambda self: self.tickets)
    @rule(pick=st.integers(0, 10**6), by=st.integers(0, 3), content=texts, internal=st.booleans())
    def post_reply(self, pick, by, content, internal):
        handle = pick % len(self.tickets)
        results = self._both(
            lambda s: s.reply(PostReply(s.ticket_id(handle), content, internal), self._actor(s, by))
        )
        if not isinstance(results[0], BaseException):
            for storage, reply in zip(self.storages, results, strict=True):
                storage.replies_ids.append(reply.id)
            self.replies.append((handle, True))

    @precondition(lambda self: self.replies)
    @rule(pick=st.integers(0, 10**6), by=st.integers(0, 3), wrong_ticket=st.booleans())
    def delete_reply(self, pick, by, wrong_ticket):
        handle = pick % len(self.replies)
        ticket_handle, _ = self.replies[handle]
        if wrong_ticket:
            ticket_handle = (ticket_handle + 1) % len(self.tickets)

        def step(s: _Storage):
            command = DeleteReply(s.ticket_id(ticket_handle), s.replies_ids[handle])
            return s.delete_reply(command, self._actor(s, by))

        results = self._both(step)
        if not isinstance(results[0], BaseException):
            self.replies[handle] = (self.replies[handle][0], False)

    @precondition(lambda self: self.tickets)
    @rule(pick=st.integers(0, 10**6), by=st.integers(0, 3), score=st.integers(0, 6))
    def rate(self, pick, by, score):
        handle = pick % len(self.tickets)
        self._both(
            lambda s: s.rate(RateTicket(s.ticket_id(handle), score, "thanks"), self._actor(s, by))
        )

    @rule(
        by=st.integers(0, 3),
        status=st.none() | st.sampled_from(STATUSES),
        priority=st.none() | st.sampled_from(PRIORITIES),
        tag=st.none() | st.sampled_from(["billing", "vip", "login"]),
        category=categories,
        size=st.integers(1, 4),
        page=st.integers(1, 3),
    )
    def list_tickets(self, by, status, priority, tag, category, size, page):
        def step(s: _Storage):
            query = TicketQuery(
                status=None if status is None else TicketStatus(status),
                priority=None if priority is None else TicketPriority(priority),
                tag=tag,
                category=category,
                page=PageRequest(page=page, size=size),
            )
            return s.list(query, self._actor(s, by))

        results = self._both(step)
        if not isinstance(results[0], BaseException):
            pages = [
                (page.total, [s.tickets.index(t.id) for t in page.items])
                for s, page in zip(self.storages, results, strict=True)
            ]
            assert pages[0] == pages[1]

    # --- what both storages hold -------------------------------------------------------------

    def _read(self, storage: _Storage, handle: int) -> Any:
        async def read():
            ticket_id = storage.ticket_id(handle)
            ticket = await storage.get(ticket_id, SYSTEM)
            replies = await storage.replies(ticket_id, SYSTEM)
            log = await storage.activity(ticket_id, SYSTEM)
            _, ratings = await storage.ratings(ticket_id, SYSTEM)
            fields = dataclasses.asdict(ticket)
            fields.pop("id")
            fields["requester_id"] = storage.user_handle(ticket.requester_id)
            fields["assignee_id"] = storage.user_handle(ticket.assignee_id)
            return (
                fields,
                [
                    (
                        storage.replies_ids.index(r.id),
                        storage.user_handle(r.author_id),
                        r.content,
                        r.internal,
                        r.created_at,
                    )
                    for r in replies
                ],
                [(e.action, storage.user_handle(e.actor_id), e.created_at) for e in log],
                [(r.score, r.comment, r.created_at) for r in ratings],
            )

        try:
            return self.loop.run_until_complete(read())
        except Exception as error:
            return type(error).__name__

    @invariant()
    def storages_agree(self) -> None:
        for handle, alive in enumerate(self.tickets):
            memory, sql = (self._read(s, handle) for s in self.storages)
            assert memory == sql, (handle, memory, sql)
            assert isinstance(memory, str) != alive, (handle, alive, memory)
            if alive:
                expected = [i for i, (t, live) in enumerate(self.replies) if t == handle and live]
                assert [reply[0] for reply in memory[1]] == expected


EXAMPLES = settings(
    max_examples=25,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def test_memory_and_sqlite_agree_on_every_lifecycle(_sqlite_template: Path, tmp_path: Path):
    counter = iter(range(10**6))

    def fresh_sqlite() -> str:
        path = tmp_path / f"machine-{next(counter)}.db"
        shutil.copyfile(_sqlite_template, path)
        return f"sqlite:///{path}"

    LifecycleMachine.new_sql_storage = staticmethod(fresh_sqlite)
    run_state_machine_as_test(LifecycleMachine, settings=EXAMPLES)


@pytest.mark.postgres
def test_memory_and_postgresql_agree_on_every_lifecycle(
    _maintenance_loop: _BackgroundLoop, _postgres_database: _ServerDatabase
):
    LifecycleMachine.new_sql_storage = staticmethod(
        lambda: empty_server_database(_maintenance_loop, _postgres_database)
    )
    run_state_machine_as_test(
        LifecycleMachine, settings=settings(EXAMPLES, max_examples=12, stateful_step_count=25)
    )
