"""`astratickets serve` as a real process on loopback, for tests that need real concurrency.

The server runs exactly as in production (uvicorn, its own event loop, workers
when asked), over the database URL given, with the light knowledge base
(hashing embedder, in-memory vectors) so that it starts in a second or two.
It is stopped, and its process group killed, when the context ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.http.servers import LIGHT_KNOWLEDGE_BASE_ENV
from tests.loopback import free_port

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "live-server-admin-password"
SECRET_KEY = "live-server-secret-key-of-at-least-thirty-two-chars"
START_TIMEOUT_S = 90


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    log: Path

    def admin_token(self) -> str:
        return sign_in(self.base_url, ADMIN_EMAIL, ADMIN_PASSWORD)


def sign_in(base_url: str, email: str, password: str) -> str:
    response = httpx.post(
        f"{base_url}/api/auth/token", json={"email": email, "password": password}, timeout=30
    )
    response.raise_for_status()
    return response.json()["access_token"]


def process_environment(
    database_url: str, workdir: Path, env: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of the server, and of any other process that must share its
    settings (e.g. `astratickets worker`)."""
    return {
        **os.environ,
        **LIGHT_KNOWLEDGE_BASE_ENV,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(workdir),
        "CONSOLE_DIST": str(workdir / "no-console"),
        "SECRET_KEY": SECRET_KEY,
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "ENVIRONMENT": "test",
        "LOG_LEVEL": "WARNING",
        **(env or {}),
    }


@contextmanager
def live_server(
    database_url: str,
    workdir: Path,
    *,
    workers: int = 1,
    env: Mapping[str, str] | None = None,
) -> Iterator[LiveServer]:
    port = free_port()
    log = workdir / f"server-{port}.log"
    environment = process_environment(database_url, workdir, env)
    command = [
        sys.executable, "-m", "entrypoints.cli", "serve",
        "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process, log)
        yield LiveServer(base_url, log)
    finally:
        stop_process(process)


def wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {START_TIMEOUT_S} s:\n{log.read_text()}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
