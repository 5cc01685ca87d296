from __future__ import annotations

import asyncio
import logging

from application.ports.job_queue import JobQueue
from application.use_cases.ai.triage_and_draft import (
    TRIAGE_JOB,
    triage_job_key,
    triage_job_payload,
)
from domain.tickets import Ticket

log = logging.getLogger("astratickets.ai")


class TriageNewTickets:
    """Queues the triage-and-draft job for a ticket that was just opened.

    Rules:
    - called by the open-ticket use case after its commit, and only there:
      tickets imported from history are never triaged;
    - never fails and never holds the request up: a queue that refuses, breaks
      or takes longer than `timeout_s` is logged and the ticket stays created;
    - off when AI_TRIAGE_ON_CREATE is false (agents can still ask on demand).
    """

    def __init__(self, queue: JobQueue, *, enabled: bool = True, timeout_s: float = 2.0) -> None:
        self._queue = queue
        self._enabled = enabled
        self._timeout_s = timeout_s

    async def __call__(self, ticket: Ticket) -> None:
        if not self._enabled or ticket.id is None:
            return
        key = triage_job_key(ticket.id, ticket.version)
        try:
            async with asyncio.timeout(self._timeout_s):
                await self._queue.enqueue(TRIAGE_JOB, triage_job_payload(ticket), key=key)
        except Exception as error:  # the ticket must not fail: log and go on
            log.error("could not queue the AI triage of ticket %s: %r", ticket.id, error)
