from __future__ import annotations

from typing import Protocol

from domain.tickets.sla_policy import SlaPolicy


class SlaPolicyRepository(Protocol):
    """Stores the one SLA policy. Never commits: the unit of work does."""

    async def get(self) -> SlaPolicy:
        """The stored policy, or the default one if none was ever saved."""

    async def save(self, policy: SlaPolicy) -> None:
        """Replace the stored policy."""
