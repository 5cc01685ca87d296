"""SAQ's Redis queue with a stuck-job sweep that leaves jobs being started alone.

SAQ (0.26) sweeps every job on its `active` list that is not marked active. But a
worker moves a job onto that list (BLMOVE) a moment before it marks it active, so
a sweep at that moment aborts a job that is just starting, and the job runs again
as its next attempt. With a short sweep interval this is common: the first sweep
of a starting worker meets its first dequeues. Here a job on the list that is not
marked active is swept only when it is still so at this worker's next sweep; stuck
active jobs (past their timeout or heartbeat) and missing ones are swept as SAQ does.

Imported only when a SAQ queue is built (REDIS_URL set).
"""

from __future__ import annotations

from typing import Any

from saq.job import Status
from saq.queue.base import logger
from saq.queue.redis import RedisQueue

_ACTIVE_JOBS = """
local id_jobs = {}
if redis.call('EXISTS', KEYS[1]) == 0 then
    redis.call('SETEX', KEYS[1], ARGV[1], 1)
    for i, v in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
        id_jobs[i] = {v, redis.call('GET', v)}
    end
end
return id_jobs
"""


class PatientRedisQueue(RedisQueue):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unmarked: set[bytes] = set()  # job ids on `active`, not marked, at the last sweep

    async def sweep(self, lock: int = 60, abort: float = 5.0) -> list[str]:
        if not self._cleanup_script:
            self._cleanup_script = self.redis.register_script(_ACTIVE_JOBS)
        id_jobs = await self._cleanup_script(
            keys=[self._sweep, self._active], args=[lock], client=self.redis
        )
        swept: list[bytes] = []
        unmarked: set[bytes] = set()
        for job_id, job_bytes in id_jobs:
            job = self.deserialize(job_bytes)
            if job is None:
                swept.append(job_id)
                async with self.redis.pipeline(transaction=True) as pipe:
                    await (
                        pipe.lrem(self._active, 0, job_id).zrem(self._incomplete, job_id).execute()
                    )
                logger.info("Sweeping missing job %s", job_id)
                continue
            if job.status != Status.ACTIVE and not job.stuck and job_id not in self._unmarked:
                unmarked.add(job_id)  # probably being started right now: look again next time
                continue
            if job.status == Status.ACTIVE and not job.stuck:
                continue
            logger.info("Sweeping job %s", job.info(False))
            swept.append(job_id)
            await self.abort(job, error=self.swept_error_message)
            try:
                await job.refresh(abort)
            except TimeoutError:
                logger.info("Could not abort job %s", job_id)
            if job.retryable:
                await self.retry(job, error=self.swept_error_message)
            else:
                await self.finish(job, Status.ABORTED, error=self.swept_error_message)
        if id_jobs:  # an empty answer may only mean another worker holds the sweep lock
            self._unmarked = unmarked
        return [job_id.decode("utf-8") for job_id in swept]
