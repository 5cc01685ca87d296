"""A real `chroma run` server on loopback, for tests: started, stopped and restarted on demand.

The server keeps its data in the folder it is given, so a restart on the same port
finds its collections again, as a production server restarted after an outage does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import IO

from tests.loopback import command_path, free_port

START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15


class ChromaServerUnavailable(RuntimeError):
    """`chroma` is not installed, or the server did not come up."""


def chroma_command() -> list[str] | None:
    found = command_path("chroma")
    return [found] if found else None


class ChromaServer:
    """One server process at a time on a fixed port, over `data`/db; logs to `data`/server.log."""

    def __init__(self, data: Path, port: int | None = None) -> None:
        self.data = data
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data / "server.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Start the server and wait until it answers its heartbeat."""
        command = chroma_command()
        if command is None:
            raise ChromaServerUnavailable("command `chroma` is not installed")
        self.data.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [*command, "run", "--path", str(self.data / "db"),
             "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )  # fmt: skip
        deadline = time.monotonic() + timeout_s
        while not self.answers():
            if self._process.poll() is not None:
                self.stop()
                raise ChromaServerUnavailable(f"exited at start (see {self.log_path})")
            if time.monotonic() > deadline:
                self.stop()
                raise ChromaServerUnavailable(f"did not answer within {timeout_s:g} s")
            time.sleep(0.1)

    def answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): it keeps its port open and answers nothing, as a
        hung server does."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and wait until it has exited."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGCONT)  # a paused server could not exit
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
