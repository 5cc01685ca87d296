"""`ticket_facts` stays equal to a recomputation from its sources through every write.

Hypothesis generates random histories of writes, each in its own unit of work and
through the SQL repositories the use cases call: opening tickets, changing status,
priority and category, replying (first responses), deleting replies and tickets,
rating, AI triages, AI drafts and their decisions, and historical imports (rows
inserted in bulk, then `rebuild_ticket_facts`). After every write the stored facts
must equal `facts_from_sources()`, the from-scratch computation migration 0007 ran.
The facts' meaning is checked elsewhere: the dashboards built on them agree with the
Python reference (test_dashboard_contract.py, test_ai_figures.py).
"""

from __future__ import annotations

import asyncio
import random
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from adapters.sql.analytics_facts import facts_from_sources, rebuild_ticket_facts
from adapters.sql.analytics_tables import ticket_facts
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.rows import ticket_to_row
from adapters.sql.tables import tickets, users
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.ai.triage import Suggestion
from application.ai.triage_record import TriageRecord
from domain.drafting.review import DraftRecord, DraftStatus
from domain.tickets import Ticket, TicketChanges, TicketPriority, TicketStatus
from domain.tickets.satisfaction import AlreadyRated, SatisfactionRating
from domain.users import Role, User

START = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
CATEGORIES = [None, "billing", "access", "network"]
_URL = {"sqlite": "sqlite_url", "postgresql": "postgres_url", "mariadb": "mariadb_url"}

STEPS = [
    "open",
    "import",
    "status",
    "priority",
    "category",
    "reply",
    "delete_reply",
    "rate",
    "triage",
    "draft",
    "decide",
    "delete",
]
histories = st.lists(
    st.tuples(st.sampled_from(STEPS), st.integers(0, 2**32), st.integers(1, 600)),
    min_size=1,
    max_size=30,
)


class _Run:
    """Applies steps to one database, remembering which rows exist."""

    def __init__(self, uow: SqlUnitOfWorkFactory, engine: Any) -> None:
        self.uow, self.engine = uow, engine
        self.now = START
        self.tickets: list[int] = []
        self.replies: list[int] = []
        self.pending_drafts: list[int] = []
        self.customer = self.agent = 0

    async def people(self) -> None:
        async with self.uow() as uow:
            for role in (Role.CUSTOMER, Role.AGENT):
                user = User.register(
                    email=f"{role.value}-{secrets.token_hex(8)}@example.com",
                    name=role.value,
                    now=START,
                    role=role,
                )
                await uow.users.add(user)
                if role is Role.CUSTOMER:
                    self.customer = user.id
                else:
                    self.agent = user.id
            await uow.commit()

    async def step(self, kind: str, seed: int, minutes: int) -> None:
        rng = random.Random(seed)
        self.now += timedelta(minutes=minutes, microseconds=rng.randint(0, 999_999))
        if kind in ("open", "import") or not self.tickets:
            await (self._import(rng) if kind == "import" else self._open(rng))
            return
        ticket_id = rng.choice(self.tickets)
        async with self.uow() as uow:
            ticket = await uow.tickets.get(ticket_id)
            assert ticket is not None
            await getattr(self, f"_{kind}")(uow, ticket, rng)
            await uow.commit()

    async def _open(self, rng: random.Random) -> None:
        async with self.uow() as uow:
            ticket = Ticket.open(
                title="t",
                content="c",
                requester_id=self.customer,
                now=self.now,
                priority=rng.choice(list(TicketPriority)),
                category=rng.choice(CATEGORIES),
            )
            await uow.tickets.add(ticket)
            await uow.commit()
        self.tickets.append(ticket.id)

    async def _import(self, rng: random.Random) -> None:
        """A historical ticket written in bulk, with its history already applied."""
        opened = self.now - timedelta(days=rng.randint(1, 300))
        ticket = Ticket.open(
            title="t", content="c", requester_id=self.customer, now=opened, category="billing"
        )
        ticket.id = -1  # a placeholder: the domain replies only on stored tickets
        ticket.reply(author_id=self.agent, content="r", internal=False, now=opened, from_staff=True)
        ticket.apply(TicketChanges(status=TicketStatus.RESOLVED), opened + timedelta(hours=3))
        ticket.id = None
        async with self.uow() as uow:
            if hasattr(uow.tickets, "add_many"):  # the repository's own import path
                await uow.tickets.add_many([ticket])
                await uow.commit()
                self.tickets.append(ticket.id)
                return
        async with self.engine.begin() as connection:  # rows written behind its back
            result = await connection.execute(insert(tickets).values(ticket_to_row(ticket)))
            ticket_id = result.inserted_primary_key[0]
            await rebuild_ticket_facts(connection, [ticket_id])
        self.tickets.append(ticket_id)

    async def _change(self, uow: Any, ticket: Ticket, changes: TicketChanges) -> None:
        loaded = ticket.version
        if ticket.apply(changes, self.now):
            await uow.tickets.update(ticket, expected_version=loaded)

    async def _status(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        await self._change(
            uow, ticket, TicketChanges(status=rng.choice(ticket.status.allowed_next()))
        )

    async def _priority(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        await self._change(uow, ticket, TicketChanges(priority=rng.choice(list(TicketPriority))))

    async def _category(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        await self._change(uow, ticket, TicketChanges(category=rng.choice(CATEGORIES)))

    async def _reply(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        if ticket.status is TicketStatus.CLOSED:
            return
        staff = rng.random() < 0.7
        answered = ticket.sla.first_responded_at
        reply = ticket.reply(
            author_id=self.agent if staff else self.customer,
            content="r",
            internal=staff and rng.random() < 0.3,
            now=self.now,
            from_staff=staff,
        )
        reply.ai_assisted = staff and rng.random() < 0.5
        await uow.replies.add(reply)
        if ticket.sla.first_responded_at != answered:
            await uow.tickets.record_first_response(ticket)
        self.replies.append(reply.id)

    async def _delete_reply(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        if self.replies:
            reply_id = self.replies.pop(rng.randrange(len(self.replies)))
            await uow.replies.delete(reply_id)

    async def _rate(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        if not ticket.status.is_resolved:
            return
        try:
            rating = SatisfactionRating.give(
                ticket=ticket,
                rater_id=self.customer,
                score=rng.randint(1, 5),
                comment=None,
                now=self.now,
                earlier=await uow.ratings.list_for_ticket(ticket.id),
            )
        except AlreadyRated:
            return
        await uow.ratings.add(rating)

    async def _triage(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        category = None
        if rng.random() < 0.8:
            category = Suggestion(
                value=rng.choice(CATEGORIES[1:]),
                source="model",
                reason="r",
                confidence=rng.random(),
                abstained=rng.random() < 0.2,
            )
        record = TriageRecord(
            ticket_id=ticket.id,
            ticket_version=ticket.version,
            category=category,
            priority=None,
            tags=(),
            created_at=self.now,
        )
        await uow.ai.add_triage(record)

    async def _draft(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        failed = rng.random() < 0.2
        record = DraftRecord(
            ticket_id=ticket.id,
            ticket_version=ticket.version,
            status=DraftStatus.FAILED if failed else DraftStatus.PENDING,
            text="" if failed else "Please restart the router.",
            model="extractive",
            created_at=self.now - timedelta(minutes=rng.randint(0, 120)),
        )
        await uow.ai.add_draft(record)
        if not failed:
            self.pending_drafts.append(record.id)

    async def _decide(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        if not self.pending_drafts:
            return
        draft = await uow.ai.get_draft(
            self.pending_drafts.pop(rng.randrange(len(self.pending_drafts)))
        )
        if draft is None:  # its ticket was deleted
            return
        choice = rng.random()
        if choice < 0.35:
            draft.accept(text=None, by=self.agent, now=self.now)
        elif choice < 0.7:
            draft.accept(text="Please restart the modem first.", by=self.agent, now=self.now)
        else:
            draft.reject(reason="wrong", by=self.agent, now=self.now)
        assert await uow.ai.decide_draft(draft)

    async def _delete(self, uow: Any, ticket: Ticket, rng: random.Random) -> None:
        await uow.tickets.delete(ticket.id)
        self.tickets.remove(ticket.id)

    async def facts(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        async with self.engine.connect() as connection:
            stored = await connection.execute(
                select(ticket_facts).order_by(ticket_facts.c.ticket_id)
            )
            fresh = await connection.execute(facts_from_sources().order_by(tickets.c.id))
            return [dict(r) for r in stored.mappings()], [dict(r) for r in fresh.mappings()]


async def _replay(url: str, history: list[tuple[str, int, int]]) -> None:
    engine = create_engine(url, pool_size=2)
    try:
        run = _Run(SqlUnitOfWorkFactory(engine), engine)
        await run.people()
        for kind, seed, minutes in history:
            await run.step(kind, seed, minutes)
            stored, fresh = await run.facts()
            assert stored == fresh, kind
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "backend",
    [
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mariadb),
    ],
)
def test_facts_equal_their_recomputation_after_every_write(
    request: pytest.FixtureRequest, backend: str
) -> None:
    url = request.getfixturevalue(_URL[backend])

    @settings(
        max_examples=25 if backend == "sqlite" else 10,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(history=histories)
    def replay(history: list[tuple[str, int, int]]) -> None:
        asyncio.run(_replay(url, history))

    replay()


async def test_migration_0007_fills_the_facts_of_existing_tickets(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade_database(url, "0006")
    engine = create_engine(url)
    try:
        run = _Run(SqlUnitOfWorkFactory(engine), engine)
        async with engine.begin() as connection:  # what 0006 knew: no facts to write
            user = await connection.execute(
                insert(users).values(email="c@example.com", name="c", created_at=START)
            )
            run.customer = run.agent = user.inserted_primary_key[0]
            for rng in map(random.Random, range(5)):
                opened = START + timedelta(days=rng.randint(0, 30))
                ticket = Ticket.open(title="t", content="c", requester_id=run.customer, now=opened)
                ticket.apply(TicketChanges(status=TicketStatus.RESOLVED), opened + timedelta(1))
                await connection.execute(insert(tickets).values(ticket_to_row(ticket)))
        upgrade_database(url)
        stored, fresh = await run.facts()
        assert len(stored) == 5
        assert stored == fresh
    finally:
        await engine.dispose()
