from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from application.ports import UnitOfWorkFactory
from domain.access import Actor
from domain.errors import FieldProblem, InvalidValue
from domain.tickets import TicketPriority
from domain.tickets.sla_policy import SlaPolicy, SlaTarget
from domain.working_time import BusinessHours


@dataclass(frozen=True, slots=True)
class TargetInput:
    first_response_minutes: int
    resolution_minutes: int
    business_hours: bool = False


@dataclass(frozen=True, slots=True)
class BusinessHoursInput:
    timezone: str
    week: Mapping[str, Iterable[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class SetSlaPolicy:
    targets: Mapping[str, TargetInput]
    business_hours: BusinessHoursInput | None = None


def _policy(command: SetSlaPolicy) -> SlaPolicy:
    problems: list[FieldProblem] = []
    hours = None
    if command.business_hours is not None:
        try:
            hours = BusinessHours.parse(
                command.business_hours.timezone, command.business_hours.week
            )
        except InvalidValue as error:
            problems.extend(error.problems)
    targets = {}
    for name, target in command.targets.items():
        try:
            priority = TicketPriority(name)
        except ValueError:
            problems.append(FieldProblem(f"targets.{name}", "is not a priority"))
            continue
        targets[priority] = SlaTarget.minutes(
            target.first_response_minutes, target.resolution_minutes, target.business_hours
        )
    if problems:
        raise InvalidValue(problems)
    return SlaPolicy(targets=targets, business_hours=hours)


class SetSlaPolicyHandler:
    """Replace the SLA policy (admins).

    The new targets apply to tickets opened from now on, and to existing tickets
    whenever their due times are next computed (a priority change, or their
    resolution clock restarting); due times already computed are not rewritten.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, command: SetSlaPolicy, actor: Actor) -> SlaPolicy:
        actor.must_be_admin("change the SLA policy")
        policy = _policy(command)
        async with self._uow() as uow:
            await uow.sla_policies.save(policy)
            await uow.commit()
        return policy
