from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    """Turns passwords into slow, salted hashes and checks them."""

    def hash(self, password: str) -> str: ...

    def verify(self, password: str, password_hash: str) -> bool:
        """True when `password` matches; False (never an error) for a bad hash."""

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker settings than today's."""
