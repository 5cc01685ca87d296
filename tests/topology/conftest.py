"""The scaled topology of docs/deploy.md, started for real on loopback once per module.

PostgreSQL (a database of its own), Redis (`redis-server` of its own), a Chroma server
(`chroma run`), migrations run once (`astratickets db upgrade`), then two API processes
(`astratickets serve --no-migrate`, started together, as replicas are) and one
`astratickets worker`, all with the same settings and the real embedding model. Every
process is stopped and the database dropped at the end; a failing test's report ends
with each process's log.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.loopback import command_path, free_port
from tests.topology.processes import (
    Process,
    Processes,
    answers,
    postgres_database,
    processes,
    start_chroma,
    start_redis,
)

ADMIN_EMAIL = "admin@topology.example.com"
ADMIN_PASSWORD = "topology-admin-password-7391"
SECRET_KEY = "topology-test-secret-key-shared-by-every-process"
START_TIMEOUT_S = 180  # the API processes embed the sample articles with the real model


@dataclass
class Topology:
    group: Processes
    api_a: str
    api_b: str
    worker: Process

    def client(self, base_url: str, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=base_url, headers=headers, timeout=60)

    def sign_in(self, base_url: str, email: str, password: str) -> httpx.Response:
        return httpx.post(
            f"{base_url}/api/auth/token", json={"email": email, "password": password}, timeout=60
        )

    def admin_token(self, base_url: str) -> str:
        response = self.sign_in(base_url, ADMIN_EMAIL, ADMIN_PASSWORD)
        response.raise_for_status()
        return str(response.json()["access_token"])


def _environment(workdir: Path, name: str, services: dict[str, str]) -> dict[str, str]:
    """What every process of the deployment is given: the same settings, each its own
    DATA_DIR, so that nothing can be shared through local files."""
    data_dir = workdir / f"data-{name}"
    data_dir.mkdir(exist_ok=True)
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    }
    return {
        **inherited,
        **services,
        "ENVIRONMENT": "production",
        "SECRET_KEY": SECRET_KEY,
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DATA_DIR": str(data_dir),
        "CONSOLE_DIST": str(workdir / "no-console"),
        "EMBEDDING_MODEL": "all-MiniLM-L6-v2",
        "AI_TRIAGE_ON_CREATE": "true",
        "AI_RETRAIN_AFTER_LABEL_CHANGES": "0",
        "LOAD_DEFAULT_CATEGORIES": "false",  # categories come from its own history
        "LLM_MODEL": "",
        "LOG_LEVEL": "INFO",
        # Nothing leaves the machine: the model is packaged, telemetry is off.
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    workdir = tmp_path_factory.mktemp("topology")
    astratickets = command_path("astratickets")
    assert astratickets is not None, "the package is not installed (pip install -e .)"
    with postgres_database("topology") as database_url, processes(workdir) as group:
        services = {
            "DATABASE_URL": database_url,
            "REDIS_URL": start_redis(group),
            "CHROMA_URL": start_chroma(group),
        }
        migrated = subprocess.run(
            [astratickets, "db", "upgrade"],
            env=_environment(workdir, "migrate", services),
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert migrated.returncode == 0, migrated.stdout + migrated.stderr
        urls = []
        for name in ("api-a", "api-b"):
            port = free_port()
            group.start(
                name,
                [astratickets, "serve", "--no-migrate", "--port", str(port), "--workers", "1"],
                _environment(workdir, name, services),
            )
            urls.append(f"http://127.0.0.1:{port}")
        worker = group.start(
            "worker",
            [astratickets, "worker", "--concurrency", "2"],
            _environment(workdir, "worker", services),
        )
        for url in urls:
            group.wait_until(lambda url=url: answers(f"{url}/health"), url, START_TIMEOUT_S)
        group.wait_until(
            lambda: "Worker starting" in worker.output(), "the worker", START_TIMEOUT_S
        )
        yield Topology(group, urls[0], urls[1], worker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failing topology test's report ends with the processes' logs."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    topology = getattr(item, "funcargs", {}).get("topology")
    if report.failed and isinstance(topology, Topology):
        report.sections.append(("process logs", topology.group.report()))
