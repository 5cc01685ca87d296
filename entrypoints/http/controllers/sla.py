from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, put
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
from entrypoints.http.schemas.sla import SlaPolicyBody, SlaPolicyOut


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


def _at_risk_minutes(request: Request[Any, Any, Any]) -> int:
    """SLA_AT_RISK_MINUTES, shown with the policy (read-only: a setting, not policy data)."""
    return request.app.state.container.settings().sla_at_risk_minutes


class SlaController(Controller):
    path = "/api/sla"
    tags = ["sla"]

    @get(
        "/policies",
        summary="The SLA targets per priority, the business hours and the at-risk window (staff)",
        responses=problems(403),
        **STAFF,
    )
    async def get_policies(
        self,
        request: Request[Any, Any, Any],
        get_sla_policy: NamedDependency[GetSlaPolicyHandler],
        actor: NamedDependency[Actor],
    ) -> SlaPolicyOut:
        return SlaPolicyOut.of(await get_sla_policy(actor), _at_risk_minutes(request))

    @put(
        "/policies",
        summary="Replace the SLA policy (admins); applies as due times are next computed",
        responses=problems(400, 403, 413),
        **ADMIN,
    )
    async def put_policies(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SlaPolicyBody],
        set_sla_policy: NamedDependency[SetSlaPolicyHandler],
        actor: NamedDependency[Actor],
    ) -> SlaPolicyOut:
        return SlaPolicyOut.of(
            await set_sla_policy(_command(data), actor), _at_risk_minutes(request)
        )
