"""Background jobs under faults, with real processes: `astratickets serve`, `astratickets
worker`s and a redis-server of the test's own (no persistence: a restart loses its data).

- Redis restarts: tickets created before (queued on Redis), while it is down (201 all
  the same) and after it is back are all triaged and drafted once; the API and the
  worker reconnect by themselves. The database is what says which work is owed; the
  workers' recovery sweep puts on Redis what it lost.
- `kill -9` of a worker inside a job (blocked on a language model that stalls): the
  job is retried by another worker once the dead one's heartbeat stops, and its
  effects happen once (one draft, one triage, one activity entry each).
- Two workers at once: every job runs once.

On SQLite (processes sharing one file) and on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ai.openai_stub import OpenAIStub
from tests.reliability.job_processes import (
    RedisServer,
    job_outcomes,
    kill_9,
    redis_server,
    wait_until,
    worker_process,
)
from tests.reliability.live_server import LiveServer, live_server, process_environment

DRAFTED_WITHIN_S = 60
LLM_MODEL = "openai/stub-model"


@pytest.fixture(
    params=["sqlite_url", pytest.param("postgres_url", marks=pytest.mark.postgres)],
    ids=["sqlite", "postgresql"],
)
def database_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue(request.param)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path) as server:
        yield server


def _job_env(redis: RedisServer, **more: str) -> dict[str, str]:
    return {
        "REDIS_URL": redis.url,
        "JOB_QUEUE_NAME": f"h2-faults-{uuid.uuid4().hex[:10]}",
        "AI_TRIAGE_ON_CREATE": "true",
        "JOB_HEARTBEAT_S": "2",
        "JOB_SWEEP_INTERVAL_S": "1",
        "JOB_RETRY_DELAY_S": "0.2",
        **more,
    }


class Desk:
    """An admin session on the live server that opens tickets for one customer."""

    def __init__(self, server: LiveServer) -> None:
        self.client = httpx.Client(
            base_url=server.base_url,
            headers={"Authorization": f"Bearer {server.admin_token()}"},
            timeout=30,
        )
        customer = self.client.post(
            "/api/users", json={"email": "customer@example.com", "name": "Customer"}
        )
        assert customer.status_code == 201, customer.text
        self.customer_id = customer.json()["id"]

    def open_tickets(self, count: int, label: str) -> list[int]:
        ids = []
        for n in range(count):
            response = self.client.post(
                "/api/tickets",
                json={
                    "title": f"{label} {n}: card declined",
                    "content": "My card is declined at every shop since this morning.",
                    "requester_id": self.customer_id,
                },
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        return ids

    def close(self) -> None:
        self.client.close()


def _wait_until_drafted(database_url: str, ticket_ids: list[int]) -> None:
    def all_done() -> bool:
        outcomes = job_outcomes(database_url, ticket_ids).values()
        return all(o.job_status == "done" and o.drafts >= 1 for o in outcomes)

    wait_until(all_done, DRAFTED_WITHIN_S, f"the drafts of tickets {ticket_ids}")


def _assert_effects_once(database_url: str, ticket_ids: list[int]) -> None:
    for ticket_id, outcome in job_outcomes(database_url, ticket_ids).items():
        assert (outcome.drafts, outcome.drafted_entries) == (1, 1), (ticket_id, outcome)
        assert (outcome.triages, outcome.triaged_entries) == (1, 1), (ticket_id, outcome)
        assert outcome.job_status == "done", (ticket_id, outcome)


def test_a_redis_restart_loses_no_job(database_url: str, redis: RedisServer, tmp_path) -> None:
    env = _job_env(redis)
    queue = env["JOB_QUEUE_NAME"]
    with live_server(database_url, tmp_path, env=env) as server:
        desk = Desk(server)
        try:
            before = desk.open_tickets(3, "before")  # on Redis; no worker yet
            assert redis.queued_jobs(queue) == 3
            redis.kill()
            during = desk.open_tickets(2, "during")  # 201 without Redis: owed in the database
            redis.start()  # empty: the 3 queued jobs are gone
            assert redis.queued_jobs(queue) == 0
            after = desk.open_tickets(1, "after")  # the API reconnected by itself
            assert redis.queued_jobs(queue) == 1
            workers_env = process_environment(database_url, tmp_path, env)
            with worker_process(workers_env, tmp_path, "a"):
                _wait_until_drafted(database_url, before + during + after)
                redis.kill()
                redis.start()  # again, under a running worker
                late = desk.open_tickets(2, "late")
                _wait_until_drafted(database_url, late)  # the worker reconnected by itself
        finally:
            desk.close()
    everything = before + during + after + late
    _assert_effects_once(database_url, everything)
    outcomes = job_outcomes(database_url, everything)
    assert {o.job_attempts for o in outcomes.values()} == {1}


def test_a_worker_killed_mid_job_has_its_job_retried_with_effects_once(
    database_url: str, redis: RedisServer, tmp_path
) -> None:
    with OpenAIStub() as llm:
        llm.state.behaviour = "slow"  # the first worker blocks inside the job
        llm.state.slow_seconds = 120
        env = _job_env(
            redis,
            LLM_MODEL=LLM_MODEL,
            LLM_API_BASE=llm.base_url,
            LLM_API_KEY="sk-test-not-a-real-key",
            LLM_TIMEOUT_S="120",
            LLM_MAX_RETRIES="0",
            JOB_HEARTBEAT_S="5",  # a loaded machine's event loop may lag a 2 s beat
        )
        with live_server(database_url, tmp_path, env=env) as server:
            desk = Desk(server)
            workers_env = process_environment(database_url, tmp_path, env)
            try:
                with worker_process(workers_env, tmp_path, "doomed") as doomed:
                    [ticket_id] = desk.open_tickets(1, "killed")

                    def mid_job() -> bool:
                        outcome = job_outcomes(database_url, [ticket_id])[ticket_id]
                        return bool(llm.state.requests) and outcome.job_status == "running"

                    wait_until(mid_job, DRAFTED_WITHIN_S, "the worker to be inside the job")
                    kill_9(doomed)
                llm.state.behaviour = "ok"
                assert job_outcomes(database_url, [ticket_id])[ticket_id].drafts == 0
                with worker_process(workers_env, tmp_path, "heir"):
                    _wait_until_drafted(database_url, [ticket_id])
            finally:
                desk.close()
    _assert_effects_once(database_url, [ticket_id])
    outcome = job_outcomes(database_url, [ticket_id])[ticket_id]
    # The killed attempt counts. A heartbeat that lagged under load may cost one more
    # attempt (a run presumed dead that was not); the effects stay once regardless.
    assert outcome.job_attempts >= 2
    assert outcome.draft_models == ("stub-model",) or outcome.draft_models == (LLM_MODEL,)


def test_two_workers_run_each_job_once(database_url: str, redis: RedisServer, tmp_path) -> None:
    env = _job_env(redis)
    tickets = 12
    with live_server(database_url, tmp_path, env=env) as server:
        desk = Desk(server)
        workers_env = process_environment(database_url, tmp_path, env)
        try:
            with (
                worker_process(workers_env, tmp_path, "one"),
                worker_process(workers_env, tmp_path, "two"),
            ):
                ids = desk.open_tickets(tickets, "shared")
                _wait_until_drafted(database_url, ids)
        finally:
            desk.close()
    _assert_effects_once(database_url, ids)
    outcomes = job_outcomes(database_url, ids)
    assert len(outcomes) == tickets
    assert {o.job_attempts for o in outcomes.values()} == {1}
