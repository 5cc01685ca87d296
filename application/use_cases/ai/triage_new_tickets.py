from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from application.jobs.outbox import owe_job
from application.ports.job_queue import JobQueue
from application.ports.unit_of_work import UnitOfWork
from application.use_cases.ai.triage_and_draft import (
    TRIAGE_JOB,
    triage_job_key,
    triage_job_payload,
)
from domain.tickets import Ticket

log = logging.getLogger("astratickets.ai")


class TriageNewTickets:
    """Owes every newly opened ticket its triage-and-draft job, and queues it.

    Rules:
    - used by the open-ticket use case, and only there: tickets imported from
      history are never triaged;
    - the job is recorded `queued` (key `triage:<id>:v<version>`) in the
      opening's own unit of work, before its commit (`owe`): a ticket is never
      committed without the job it is owed (the outbox, `application.jobs.outbox`);
    - after the commit it is handed to the queue (`__call__`), which never fails
      and never holds the request up: a queue that refuses, breaks or takes longer
      than `timeout_s` is logged, the ticket stays created and its recorded job is
      run by the queue's recovery (start-up re-run, or the workers' sweep);
    - off when AI_TRIAGE_ON_CREATE is false (agents can still ask on demand).
    """

    def __init__(self, queue: JobQueue, *, enabled: bool = True, timeout_s: float = 2.0) -> None:
        self._queue = queue
        self._enabled = enabled
        self._timeout_s = timeout_s

    async def owe(self, uow: UnitOfWork, ticket: Ticket, now: datetime) -> None:
        if not self._enabled or ticket.id is None:
            return
        key = triage_job_key(ticket.id, ticket.version)
        if not await owe_job(uow, TRIAGE_JOB, key, triage_job_payload(ticket), now):
            log.warning("the AI triage of ticket %s was already recorded (%s)", ticket.id, key)

    async def __call__(self, ticket: Ticket) -> None:
        if not self._enabled or ticket.id is None:
            return
        key = triage_job_key(ticket.id, ticket.version)
        try:
            async with asyncio.timeout(self._timeout_s):
                await self._queue.send_owed(TRIAGE_JOB, triage_job_payload(ticket), key=key)
        except Exception as error:  # the ticket must not fail: log and go on
            log.error(
                "could not queue the AI triage of ticket %s: %r (it stays recorded as owed; "
                "the queue's recovery will run it)",
                ticket.id,
                error,
            )
