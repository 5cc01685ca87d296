from __future__ import annotations

from adapters.memory.store import MemoryState
from domain.tickets.sla_policy import DEFAULT_POLICY, SlaPolicy


class MemorySlaPolicyRepository:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    async def get(self) -> SlaPolicy:
        return self._state.sla_policy or DEFAULT_POLICY

    async def save(self, policy: SlaPolicy) -> None:
        self._state.sla_policy = policy
