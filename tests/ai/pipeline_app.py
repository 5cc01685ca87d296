"""The real app with the AI pipeline switched on, for HTTP tests of the pipeline."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dependency_injector import providers
from litestar.testing import TestClient

from entrypoints.http.app import create_app
from tests.fakes import OffsetClock
from tests.http.api import Api, Server
from tests.http.servers import cheap_container, fresh_api, settings_for

FINISHED = ("done", "failed")


@contextmanager
def pipeline_api(
    database_url: str, data_dir: Path, *, job_queue: Any = None, **settings: Any
) -> Iterator[Api]:
    """The admin's API on an app that triages new tickets (optionally with another queue)."""
    values: dict[str, Any] = {"ai_triage_on_create": True, "job_retry_delay_s": 0.05}
    values.update(settings)
    clock = OffsetClock()
    container = cheap_container(settings_for(database_url, data_dir, **values), clock)
    if job_queue is not None:
        container.job_queue.override(providers.Object(job_queue))
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield fresh_api(Server(client, container, clock))


def ai_when_finished(api: Api, ticket_id: int, timeout: float = 30.0) -> dict[str, Any]:
    """GET /api/tickets/{id}/ai, polled (as the console does) until the job has finished."""
    deadline = time.monotonic() + timeout
    while True:
        response = api.client.get(f"/api/tickets/{ticket_id}/ai")
        assert response.status_code == 200, response.text
        body = response.json()
        if body["job"] is not None and body["job"]["status"] in FINISHED:
            return body
        assert time.monotonic() < deadline, f"the AI job did not finish: {body}"
        time.sleep(0.02)
