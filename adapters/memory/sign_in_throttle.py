from __future__ import annotations

from datetime import datetime

from application.sign_in_policy import FailureCount, ThrottlePolicy


class MemorySignInThrottle:
    """Per-process counts: for tests and single-process demos only."""

    def __init__(self, policy: ThrottlePolicy | None = None) -> None:
        self._policy = policy or ThrottlePolicy()
        self._counts: dict[str, FailureCount] = {}

    async def blocked_until(self, key: str, now: datetime) -> datetime | None:
        return self._policy.blocked_until(self._counts.get(key), now)

    async def record_failure(self, key: str, now: datetime) -> datetime | None:
        count = self._policy.after_failure(self._counts.get(key), now, key)
        self._counts[key] = count
        return self._policy.blocked_until(count, now)

    async def reset(self, key: str) -> None:
        self._counts.pop(key, None)
