from __future__ import annotations

import asyncio

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher


class Argon2PasswordHasher:
    """Argon2id through pwdlib. The defaults are pwdlib's recommended cost
    (64 MiB, 3 passes); tests pass a cheaper cost through the container.

    The work runs in a worker thread (argon2 releases the GIL), so a burst of
    sign-ins uses every core and never blocks the event loop."""

    def __init__(self, *, time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4):
        self._hasher = Argon2Hasher(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism
        )
        self._hash = PasswordHash((self._hasher,))

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hash.hash, password)

    async def verify(self, password: str, password_hash: str) -> bool:
        return await asyncio.to_thread(self._verify, password, password_hash)

    def _verify(self, password: str, password_hash: str) -> bool:
        try:
            return self._hash.verify(password, password_hash)
        except Exception:  # an unknown or corrupt hash never verifies
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return bool(self._hasher.check_needs_rehash(password_hash))
        except Exception:
            return True
