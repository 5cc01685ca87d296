"""What tests that start real processes on loopback share: free ports and commands."""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def command_path(name: str) -> str | None:
    """A command of this virtual environment, else one on PATH."""
    own = BIN / name
    if own.exists():
        return str(own)
    return shutil.which(name)
