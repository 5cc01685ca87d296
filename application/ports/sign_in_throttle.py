from __future__ import annotations

from datetime import datetime
from typing import Protocol


class SignInThrottle(Protocol):
    """Counts failed sign-ins per key (an account's e-mail, a client address).

    Shared by every server process, so an attacker gains nothing by spreading
    attempts over workers.
    """

    async def blocked_until(self, key: str, now: datetime) -> datetime | None:
        """When the key may try again, or None if it may try now."""

    async def record_failure(self, key: str, now: datetime) -> datetime | None:
        """Count a failure; return the time the key is blocked until, if it now is."""

    async def reset(self, key: str) -> None:
        """Forget the key's failures (after a successful sign-in)."""
