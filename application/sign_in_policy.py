"""How failed sign-ins are counted and when a key is blocked.

An account may fail `max_failures` times within `window`, a client address
(keys starting with "client:") `max_failures_per_client` times, since one
address may front a whole office; the failure that reaches the limit blocks
the key for `block`. A window
starts at the first failure and ends `window` later; after that the count
starts again. A success resets the account's key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class FailureCount:
    failures: int
    window_started_at: datetime
    blocked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    max_failures: int = 5
    max_failures_per_client: int = 20
    window: timedelta = timedelta(minutes=15)
    block: timedelta = timedelta(minutes=15)

    def blocked_until(self, count: FailureCount | None, now: datetime) -> datetime | None:
        if count is None or count.blocked_until is None or count.blocked_until <= now:
            return None
        return count.blocked_until

    def limit_for(self, key: str) -> int:
        return self.max_failures_per_client if key.startswith("client:") else self.max_failures

    def after_failure(
        self, count: FailureCount | None, now: datetime, key: str = ""
    ) -> FailureCount:
        if count is None or now - count.window_started_at >= self.window:
            count = FailureCount(failures=0, window_started_at=now)
        failures = count.failures + 1
        blocked = now + self.block if failures >= self.limit_for(key) else count.blocked_until
        return replace(count, failures=failures, blocked_until=blocked)
