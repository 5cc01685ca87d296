"""The default category descriptions of a fresh install, and a first ticket triaged with them
on the embedded defaults (SQLite, the packaged all-MiniLM-L6-v2, embedded Chroma, the sample
knowledge base, the extractive drafter, the in-process queue)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.memory.classifier_store import MemoryClassifierStore
from application.ports.classifier_store import CategoryDescription
from application.use_cases.classifier.seed_categories import SeedCategoriesHandler
from application.use_cases.classifier.set_categories import (
    DESCRIPTION_MAX_LENGTH,
    MAX_CATEGORIES,
)
from domain.tickets.ticket import CATEGORY_MAX_LENGTH
from entrypoints.default_categories import DEFAULT_CATEGORIES
from tests.builders import a_ticket, a_user
from tests.fakes import FixedClock

DEFAULT_NAMES = {c.name for c in DEFAULT_CATEGORIES}


def test_the_defaults_are_valid_category_descriptions() -> None:
    assert 2 <= len(DEFAULT_CATEGORIES) <= MAX_CATEGORIES
    assert len(DEFAULT_NAMES) == len(DEFAULT_CATEGORIES)
    for category in DEFAULT_CATEGORIES:
        assert category.name == category.name.strip()
        assert 1 <= len(category.name) <= CATEGORY_MAX_LENGTH
        assert 1 <= len(category.description) <= DESCRIPTION_MAX_LENGTH


async def test_seeding_stores_the_defaults_once_on_a_fresh_install_only() -> None:
    store = MemoryClassifierStore()
    uow = MemoryUnitOfWorkFactory()
    seed = SeedCategoriesHandler(store, uow, FixedClock())

    assert await seed(DEFAULT_CATEGORIES) is True
    assert await store.categories() == list(DEFAULT_CATEGORIES)
    assert await seed(DEFAULT_CATEGORIES) is False  # idempotent

    edited = [CategoryDescription("billing", "Money matters."), DEFAULT_CATEGORIES[2]]
    await store.replace_categories(edited, FixedClock().now())
    assert await seed(DEFAULT_CATEGORIES) is False
    assert await store.categories() == edited  # the admins' edits stay

    # Deleted by the admins once tickets exist: not brought back.
    async with uow() as work:
        requester = a_user()
        await work.users.add(requester)
        assert requester.id is not None
        await work.tickets.add(a_ticket(requester.id))
        await work.commit()
    await store.replace_categories([], FixedClock().now())
    assert await seed(DEFAULT_CATEGORIES) is False
    assert await store.categories() == []


async def test_an_install_with_tickets_gets_no_defaults() -> None:
    store = MemoryClassifierStore()
    uow = MemoryUnitOfWorkFactory()
    async with uow() as work:
        requester = a_user()
        await work.users.add(requester)
        assert requester.id is not None
        await work.tickets.add(a_ticket(requester.id))
        await work.commit()
    assert await SeedCategoriesHandler(store, uow, FixedClock())(DEFAULT_CATEGORIES) is False
    assert await store.categories() == []


async def test_a_first_ticket_on_the_embedded_defaults_gets_a_default_category_and_a_draft(
    tmp_path: Path,
) -> None:
    pytest.importorskip("sentence_transformers")
    from adapters.jobs.in_process import InProcessJobQueue
    from adapters.sql.migrate import upgrade_database
    from application.use_cases.open_ticket import OpenTicket
    from domain.access import Actor
    from domain.users import Role
    from entrypoints.container import build_container
    from entrypoints.default_categories import seed_default_categories
    from entrypoints.knowledge_cli import load_sample_kb_if_empty
    from entrypoints.settings import Settings

    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    upgrade_database(url)
    settings = Settings(  # nothing configured beyond what a first start needs
        database_url=url,
        data_dir=tmp_path,
        environment="production",
        secret_key="fresh-install-" + "x" * 40,
        console_dist=tmp_path / "no-console",
    )
    assert settings.embedding_model == "" and settings.llm_model == ""
    container = build_container(settings)
    queue = container.job_queue()
    assert isinstance(queue, InProcessJobQueue)
    try:
        assert "loaded" in await load_sample_kb_if_empty(container)
        assert "added" in await seed_default_categories(container)
        assert "left as they are" in await seed_default_categories(container)
        await queue.start()
        async with container.unit_of_work()() as uow:
            customer = a_user(email="customer@fresh.test", now=datetime.now(UTC))
            await uow.users.add(customer)
            await uow.commit()
        assert customer.id is not None

        ticket = await container.open_ticket()(
            OpenTicket(
                title="Charged twice",
                content="I was charged twice for my subscription this month.",
            ),
            Actor(customer.id, Role.CUSTOMER),
        )
        await queue.drain()

        async with container.unit_of_work()(read_only=True) as uow:
            triage = await uow.ai.latest_triage(ticket.id)
            drafts = await uow.ai.list_drafts(ticket.id)
    finally:
        await queue.stop()
        await container.ticket_indexer().drain()
        await container.vector_index().close()
        await container.health_probe().close()

    assert triage is not None and triage.category is not None
    assert triage.category.value == "billing"
    assert triage.category.source == "zero-shot"
    assert triage.category.confidence is not None and 0 < triage.category.confidence <= 1
    assert "category descriptions" in triage.category.reason
    assert triage.priority is not None and triage.priority.source == "rules"
    assert "billing" in {tag.value for tag in triage.tags}
    (draft,) = drafts
    assert draft.citations, "the draft cites the knowledge base"
    assert any(c.title and "charge" in c.title.lower() for c in draft.citations), [
        c.title for c in draft.citations
    ]
