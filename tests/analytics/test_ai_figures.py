"""The AI figures (adapters/sql/analytics_ai.py) from inserted `ai_triage` and
`ai_drafts` rows, against a plain Python computation of their definitions.

The rows are inserted in bulk, as an import would, so their tickets' facts are then
rebuilt (`rebuild_ticket_facts`); test_ticket_facts.py checks that the repositories
keep the facts equal to that rebuild on every write."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import insert

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.analytics import MemoryDashboardQueries
from adapters.sql.ai_tables import DRAFT_STATUSES, ai_drafts, ai_triage
from adapters.sql.analytics import SqlDashboardQueries
from adapters.sql.analytics_facts import rebuild_ticket_facts
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.ai.triage import Suggestion
from application.ai.triage_record import TriageRecord
from application.analytics import (
    MEDIAN,
    P90,
    AiFigures,
    DashboardQuery,
    DraftFigures,
    Durations,
    TriageFigures,
    mean,
    percentage,
    percentile_of_sorted,
)
from application.queries import SlaWindow
from domain.drafting.review import DraftRecord, DraftStatus
from domain.tickets import TicketPriority
from tests.analytics.histories import CATEGORIES, NOW, generate, store

WINDOW = SlaWindow(NOW, NOW + timedelta(hours=1))
TODAY = NOW.date()


def _records(rng: random.Random, history, ids):
    triage, drafts = [], []
    for ticket, ticket_id in zip(history.tickets, ids, strict=True):
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            abstained = rng.random() < 0.2
            triage.append(
                {
                    "ticket_id": ticket_id,
                    "category": None
                    if abstained
                    else rng.choice([*CATEGORIES[1:], ticket.category]),
                    "priority": rng.randint(1, 4),
                    "confidence": rng.random(),
                    "abstained": abstained,
                    "created_at": ticket.created_at + timedelta(seconds=rng.randint(1, 600)),
                }
            )
        for _ in range(rng.choice([0, 0, 1, 2])):
            status = rng.choice(DRAFT_STATUSES)
            share = {"accepted": 0, "edited": rng.choice([None, rng.randint(1, 10_000)])}.get(
                status
            )
            drafts.append(
                {
                    "ticket_id": ticket_id,
                    "status": status,
                    "changed_share_bp": share,
                    "created_at": ticket.created_at + timedelta(minutes=rng.randint(0, 600)),
                }
            )
    rng.shuffle(triage)  # ids follow insertion order, so "latest" interleaves tickets
    return triage, drafts


def _expected(history, ids, triage, drafts, query: DashboardQuery) -> AiFigures:
    tickets = {
        ticket_id: t
        for t, ticket_id in zip(history.tickets, ids, strict=True)
        if query.starts_at <= t.created_at < query.ends_at
        and (query.category is None or t.category == query.category)
        and (query.priority is None or t.priority == query.priority)
    }
    latest = {}
    for row in triage:  # in insertion (id) order
        if row["ticket_id"] in tickets:
            latest[row["ticket_id"]] = row
    abstained = sum(r["abstained"] for r in latest.values())
    judged = [
        (r, tickets[i]) for i, r in latest.items() if not r["abstained"] and tickets[i].category
    ]
    agreed = sum(r["category"] == t.category for r, t in judged)
    mine = [d for d in drafts if d["ticket_id"] in tickets]
    counts = {s: sum(d["status"] == s for d in mine) for s in ("accepted", "edited", "rejected")}
    decided = sum(counts.values())
    shares = [
        d["changed_share_bp"]
        for d in mine
        if d["status"] in ("accepted", "edited") and d["changed_share_bp"] is not None
    ]

    def durations(selected):
        ordered = sorted(
            (t.sla.first_responded_at - t.created_at) // timedelta(microseconds=1) for t in selected
        )
        return Durations(
            len(ordered), percentile_of_sorted(MEDIAN, ordered), percentile_of_sorted(P90, ordered)
        )

    answered = {i: t for i, t in tickets.items() if t.sla.first_responded_at is not None}
    drafted = {
        i
        for i, t in answered.items()
        if any(d["ticket_id"] == i and d["created_at"] <= t.sla.first_responded_at for d in drafts)
    }
    return AiFigures(
        triage=TriageFigures(
            triaged=len(latest),
            abstained=abstained,
            abstention_pct=percentage(abstained, len(latest)),
            judged=len(judged),
            agreed=agreed,
            accuracy_pct=percentage(agreed, len(judged)),
        ),
        drafts=DraftFigures(
            decided=decided,
            accepted=counts["accepted"],
            edited=counts["edited"],
            rejected=counts["rejected"],
            accepted_pct=percentage(counts["accepted"], decided),
            edited_pct=percentage(counts["edited"], decided),
            rejected_pct=percentage(counts["rejected"], decided),
            sent=len(shares),
            mean_changed_pct=mean(sum(shares), len(shares), places=1, scale=100),
        ),
        first_response_with_draft=durations(t for i, t in answered.items() if i in drafted),
        first_response_without_draft=durations(t for i, t in answered.items() if i not in drafted),
    )


@pytest.mark.parametrize("seed", [5, 6])
async def test_ai_figures_follow_their_definitions(sql_backend, seed: int) -> None:
    history = generate(seed, count=120)
    ids = (await store(SqlUnitOfWorkFactory(sql_backend), history))["tickets"]
    triage, drafts = _records(random.Random(seed), history, ids)
    async with sql_backend.begin() as connection:
        for row in triage:
            await connection.execute(insert(ai_triage).values(row))
        await connection.execute(insert(ai_drafts), drafts)
        await rebuild_ticket_facts(connection, ids)
    queries = SqlDashboardQueries(sql_backend)
    for query in (
        DashboardQuery(start=TODAY - timedelta(days=60), end=TODAY),
        DashboardQuery(start=TODAY - timedelta(days=20), end=TODAY, category="billing"),
        DashboardQuery(start=TODAY - timedelta(days=60), end=TODAY, priority=TicketPriority.HIGH),
    ):
        found = (await queries.dashboard(query, WINDOW)).ai
        assert found == _expected(history, ids, triage, drafts, query), query
    everything = (
        await queries.dashboard(DashboardQuery(start=TODAY - timedelta(days=60), end=TODAY), WINDOW)
    ).ai
    assert (
        everything.triage.judged
        and everything.drafts.sent
        and everything.first_response_with_draft.count
    )


def _memory_records(triage, drafts):
    """The inserted rows as the in-memory store keeps them, ids in insertion order."""
    triages = {
        n: TriageRecord(
            ticket_id=row["ticket_id"],
            ticket_version=1,
            # A row that did not abstain may still name no category (its ticket had none
            # to copy): an empty suggestion, which agrees with nothing.
            category=None
            if row["abstained"]
            else Suggestion(row["category"] or "", "model", "test", row["confidence"]),
            priority=None,
            tags=(),
            created_at=row["created_at"],
            id=n,
        )
        for n, row in enumerate(triage, start=1)
    }
    records = {
        n: DraftRecord(
            ticket_id=row["ticket_id"],
            ticket_version=1,
            status=DraftStatus(row["status"]),
            text="draft",
            model="extractive",
            created_at=row["created_at"],
            id=n,
            changed_share=None
            if row["changed_share_bp"] is None
            else row["changed_share_bp"] / 10_000,
        )
        for n, row in enumerate(drafts, start=1)
    }
    return triages, records


@pytest.mark.parametrize("seed", [5, 6])
async def test_the_in_memory_adapter_gives_the_same_ai_figures(seed: int) -> None:
    history = generate(seed, count=120)
    memory = MemoryUnitOfWorkFactory()
    ids = (await store(memory, history))["tickets"]
    triage, drafts = _records(random.Random(seed), history, ids)
    memory.store.state.ai_triage, memory.store.state.ai_drafts = _memory_records(triage, drafts)
    queries = MemoryDashboardQueries(memory)
    for query in (
        DashboardQuery(start=TODAY - timedelta(days=60), end=TODAY),
        DashboardQuery(start=TODAY - timedelta(days=20), end=TODAY, category="billing"),
        DashboardQuery(start=TODAY - timedelta(days=60), end=TODAY, priority=TicketPriority.HIGH),
    ):
        found = (await queries.dashboard(query, WINDOW)).ai
        assert found == _expected(history, ids, triage, drafts, query), query
    everything = (
        await queries.dashboard(DashboardQuery(start=TODAY - timedelta(days=60), end=TODAY), WINDOW)
    ).ai
    assert everything.triage.judged and everything.drafts.sent
