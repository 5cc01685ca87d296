"""Background jobs: the work that must never hold up, or fail, a request.

Rules:
- a job is a `kind` (the name its handler is registered under) and a JSON
  payload of plain values;
- `key` makes enqueueing idempotent: while a job with the same key is queued,
  running or done, enqueueing it again does nothing (e.g. `triage:42:v3`
  triages version 3 of ticket 42 once);
- a job that a use case's own commit makes due is recorded `queued` in that
  unit of work (the transactional outbox, `application.jobs.outbox`) and then
  handed over with `send_owed`, which delivers the recorded job instead of
  refusing its key;
- a handler that raises is retried with backoff up to the queue's attempt limit;
  after the last attempt the failure is the handler's to record where users see
  it (e.g. a draft marked `failed`);
- handlers are idempotent: running one twice has the effect of running it once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

JsonScalar = str | int | float | bool | None
JobPayload = Mapping[str, JsonScalar]


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a handler knows about the run it is in."""

    kind: str
    key: str
    attempt: int  # 1 for the first run
    max_attempts: int

    @property
    def is_last_attempt(self) -> bool:
        return self.attempt >= self.max_attempts


JobHandler = Callable[[JobPayload, JobContext], Awaitable[None]]


class JobQueue(Protocol):
    async def enqueue(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        """Queue a job; False when one with this key is already queued, running or done."""

    async def send_owed(self, kind: str, payload: JobPayload, *, key: str) -> bool:
        """Deliver a job its caller recorded `queued` in its own committed unit of work;
        False when it is no longer owed (it has started, or ended, or is not recorded).
        A job recorded but never delivered (the process died, the queue was down) is
        found by the queue's recovery: it runs once either way."""
