from __future__ import annotations


class MemoryHealthProbe:
    """The in-memory store is always reachable."""

    async def check(self) -> None:
        return None

    async def close(self) -> None:
        return None
