from __future__ import annotations

import json

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.sla_tables import sla_business_hours, sla_targets
from domain.tickets import TicketPriority
from domain.tickets.sla_policy import DEFAULT_POLICY, SlaPolicy, SlaTarget
from domain.working_time import BusinessHours


class SqlSlaPolicyRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self) -> SlaPolicy:
        rows = (await self._connection.execute(select(sla_targets))).mappings().all()
        if not rows:
            return DEFAULT_POLICY
        hours_row = (await self._connection.execute(select(sla_business_hours))).mappings().first()
        hours = None
        if hours_row is not None:
            week = json.loads(hours_row["week"])
            hours = BusinessHours.parse(
                hours_row["timezone"],
                {day: [tuple(i) for i in spans] for day, spans in week.items()},
            )
        targets = {
            TicketPriority.from_rank(row["priority"]): SlaTarget.minutes(
                row["first_response_minutes"],
                row["resolution_minutes"],
                bool(row["business_hours"]),
            )
            for row in rows
        }
        return SlaPolicy(targets=targets, business_hours=hours)

    async def save(self, policy: SlaPolicy) -> None:
        await self._connection.execute(delete(sla_targets))
        await self._connection.execute(delete(sla_business_hours))
        await self._connection.execute(
            insert(sla_targets),
            [
                {
                    "priority": priority.rank,
                    "first_response_minutes": target.first_response_minutes,
                    "resolution_minutes": target.resolution_minutes,
                    "business_hours": target.business_hours,
                }
                for priority, target in policy.targets.items()
            ],
        )
        if policy.business_hours is not None:
            await self._connection.execute(
                insert(sla_business_hours).values(
                    id=1,
                    timezone=policy.business_hours.timezone,
                    week=json.dumps(policy.business_hours.render()),
                )
            )
