"""Checks made before starting a process that shares its state with others (docs/deploy.md).

Rules:
- several API processes (`serve --workers N`, N > 1) need a shared database:
  `DATABASE_URL=memory://` would give each process a database of its own;
- a vector store used by more than one process (`serve --workers N`, or an
  `astratickets worker` beside the API) must be a Chroma server (`CHROMA_URL`):
  the embedded store on disk (`VECTOR_STORE_PATH`) is safe for one process only
  (Chroma's embedded client is not process-safe; other processes neither see
  its writes reliably nor may write beside it). `VECTOR_STORE_PATH=memory://`
  gives each process vectors of its own, on purpose (tests, demos), and is allowed.
"""

from __future__ import annotations

from entrypoints.container import storage_kind
from entrypoints.knowledge_wiring import MEMORY_STORE, vector_store_path
from entrypoints.settings import Settings


def embedded_vector_store_problem(settings: Settings, who: str) -> str | None:
    """Why `who` cannot share the vector store as configured, or None."""
    if settings.chroma_url:
        return None
    path = vector_store_path(settings)
    if path == MEMORY_STORE:
        return None
    return (
        f"{who} needs a Chroma server: set CHROMA_URL (`chroma run --path DIR --port 8001`). "
        f"The embedded vector store at {path} is safe for one process only"
    )


def several_api_processes_problem(settings: Settings, workers: int) -> str | None:
    """Why `serve --workers <workers>` cannot run as configured, or None."""
    if workers <= 1:
        return None
    if storage_kind(settings.database_url) == "memory":
        return f"--workers {workers} needs a shared database: DATABASE_URL is memory://"
    return embedded_vector_store_problem(settings, f"--workers {workers}")
