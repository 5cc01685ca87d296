from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    """Turns passwords into slow, salted hashes and checks them.

    Hashing and checking are deliberately slow (tens of milliseconds of CPU):
    they are awaited so that an adapter can do the work off the event loop,
    where it would otherwise stall every other request of the process.
    """

    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool:
        """True when `password` matches; False (never an error) for a bad hash."""

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker settings than today's."""
