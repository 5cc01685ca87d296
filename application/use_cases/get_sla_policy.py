from __future__ import annotations

from application.ports import UnitOfWorkFactory
from domain.access import Actor
from domain.tickets.sla_policy import SlaPolicy


class GetSlaPolicyHandler:
    """The SLA policy in force (agents and admins); the defaults until an admin sets one."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor) -> SlaPolicy:
        actor.must_be_staff("read the SLA policy")
        async with self._uow(read_only=True) as uow:
            return await uow.sla_policies.get()
