from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.use_cases.get_sla_policy import GetSlaPolicyHandler
from application.use_cases.set_sla_policy import (
    BusinessHoursInput,
    SetSlaPolicy,
    SetSlaPolicyHandler,
    TargetInput,
)
from domain.access import Actor
from domain.tickets import TicketPriority
from entrypoints.http.auth import ADMIN, STAFF
from entrypoints.http.openapi_responses import problems
from entrypoints.http.schemas.sla import SlaPolicyBody


def _command(body: SlaPolicyBody) -> SetSlaPolicy:
    targets = {
        priority.value: TargetInput(
            target.first_response_minutes, target.resolution_minutes, target.business_hours
        )
        for priority in TicketPriority
        for target in (getattr(body.targets, priority.value),)
    }
    hours = body.business_hours
    return SetSlaPolicy(
        targets=targets,
        business_hours=BusinessHoursInput(hours.timezone, hours.week.as_mapping())
        if hours is not None
        else None,
    )


class SlaController(Controller):
    path = "/api/sla"
    tags = ["sla"]

    @get(
        "/policies",
        summary="The SLA targets per priority and the business hours (agents and admins)",
        responses=problems(403),
        **STAFF,
    )
    async def get_policies(
        self, get_sla_policy: NamedDependency[GetSlaPolicyHandler], actor: NamedDependency[Actor]
    ) -> SlaPolicyBody:
        return SlaPolicyBody.of(await get_sla_policy(actor))

    @put(
        "/policies",
        summary="Replace the SLA policy (admins); applies as due times are next computed",
        responses=problems(400, 403, 413),
        **ADMIN,
    )
    async def put_policies(
        self,
        data: JSONBody[SlaPolicyBody],
        set_sla_policy: NamedDependency[SetSlaPolicyHandler],
        actor: NamedDependency[Actor],
    ) -> SlaPolicyBody:
        return SlaPolicyBody.of(await set_sla_policy(_command(data), actor))
