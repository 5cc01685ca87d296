"""`astratickets worker`: runs the jobs the API queued on Redis, in another process."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path

from click.testing import CliRunner

from application.use_cases.open_ticket import OpenTicket
from domain.access import Actor
from domain.users import Role
from entrypoints.cli import main
from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.ai.test_job_queues import REDIS_URL, _redis_or_skip
from tests.builders import a_user

ASTRATICKETS = Path(sys.executable).parent / "astratickets"


def test_the_worker_needs_redis_and_a_shared_database() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["worker"], env={"REDIS_URL": "", "DATABASE_URL": "memory://"})
    assert result.exit_code == 2 and "REDIS_URL is not set" in result.output
    result = runner.invoke(
        main, ["worker"], env={"REDIS_URL": REDIS_URL, "DATABASE_URL": "memory://"}
    )
    assert result.exit_code == 2 and "needs a shared database" in result.output


def test_a_ticket_opened_by_the_api_is_drafted_by_a_worker_process(sqlite_url, tmp_path) -> None:
    _redis_or_skip()
    env = {
        "DATABASE_URL": sqlite_url,
        "REDIS_URL": REDIS_URL,
        "JOB_QUEUE_NAME": f"astratickets-test-{uuid.uuid4().hex[:12]}",
        "AI_TRIAGE_ON_CREATE": "true",
        "EMBEDDING_MODEL": "hashing",
        "VECTOR_STORE_PATH": "memory://",
        "DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    settings = Settings.from_env(env, env_file=None)

    async def open_a_ticket() -> int:
        container = build_container(settings)
        try:
            async with container.unit_of_work()() as uow:
                customer = a_user(name="Ada")
                await uow.users.add(customer)
                await uow.commit()
            ticket = await container.open_ticket()(
                OpenTicket(title="Site down", content="Our website is down"),
                Actor(customer.id, Role.CUSTOMER),
            )
            async with container.unit_of_work()(read_only=True) as uow:
                job = await uow.jobs.latest_for_ticket(ticket.id)
            assert job is not None and job.status.value == "queued"
            return ticket.id
        finally:
            await container.job_queue().close()
            await container.health_probe().close()

    ticket_id = asyncio.run(open_a_ticket())
    done = subprocess.run(
        [str(ASTRATICKETS), "worker", "--burst", "--concurrency", "1"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    async def read() -> tuple:
        container = build_container(settings)
        try:
            async with container.unit_of_work()(read_only=True) as uow:
                return (
                    await uow.jobs.latest_for_ticket(ticket_id),
                    await uow.ai.list_drafts(ticket_id),
                    await uow.ai.latest_triage(ticket_id),
                )
        finally:
            await container.health_probe().close()

    job, drafts, triage = asyncio.run(read())
    assert job.status.value == "done" and job.attempts == 1
    assert [d.status.value for d in drafts] == ["pending"] and drafts[0].model == "extractive"
    assert triage.priority.value == "urgent"
