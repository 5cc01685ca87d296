"""Jobs owed by a use case's own commit: the transactional outbox.

Rules:
- a use case whose commit makes a job due records it `queued` (kind, key,
  payload) in that same unit of work, before committing (`owe_job`): the change
  and the job it is owed commit together or not at all;
- after the commit the use case hands the job over with `JobQueue.send_owed`,
  which delivers the recorded job (to Redis, or to the in-process workers)
  rather than refusing its key as `enqueue` would;
- if the process dies between the commit and that hand-over, or the queue cannot
  take the job, the record is still there: the queues' recovery finds it (the
  in-process queue re-runs unfinished jobs at start-up; SAQ workers' recovery
  sweep sends jobs left queued for an interval) and the job runs once, like any
  other (`application.jobs.runner`: a job done is never run again).
"""

from __future__ import annotations

from datetime import datetime

from application.jobs.state import JobRecord
from application.ports.job_queue import JobPayload
from application.ports.unit_of_work import UnitOfWork


async def owe_job(uow: UnitOfWork, kind: str, key: str, payload: JobPayload, now: datetime) -> bool:
    """Record the job `queued` in the caller's unit of work; False when its key is
    taken by a job queued, running or done (see JobStateRepository.admit)."""
    return await uow.jobs.admit(JobRecord.admitted(kind, key, payload, now))
