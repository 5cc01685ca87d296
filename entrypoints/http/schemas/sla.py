from __future__ import annotations

from typing import Annotated

import msgspec

from domain.tickets import TicketPriority
from domain.tickets.sla_policy import MAX_TARGET_MINUTES, SlaPolicy
from domain.working_time import WEEKDAYS, BusinessHours

Minutes = Annotated[int, msgspec.Meta(ge=1, le=MAX_TARGET_MINUTES)]
ClockTime = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^\d\d:\d\d$", description="Local wall-clock time HH:MM; 24:00 ends a day"
    ),
]


class SlaTarget(msgspec.Struct, forbid_unknown_fields=True):
    first_response_minutes: Minutes
    resolution_minutes: Minutes
    business_hours: Annotated[
        bool, msgspec.Meta(description="Count these minutes in business hours, not clock hours")
    ] = False


class SlaTargets(msgspec.Struct, forbid_unknown_fields=True):
    urgent: SlaTarget
    high: SlaTarget
    medium: SlaTarget
    low: SlaTarget


class WorkingInterval(msgspec.Struct, forbid_unknown_fields=True):
    start: ClockTime
    end: ClockTime


class Week(msgspec.Struct, forbid_unknown_fields=True):
    monday: list[WorkingInterval] = msgspec.field(default_factory=list)
    tuesday: list[WorkingInterval] = msgspec.field(default_factory=list)
    wednesday: list[WorkingInterval] = msgspec.field(default_factory=list)
    thursday: list[WorkingInterval] = msgspec.field(default_factory=list)
    friday: list[WorkingInterval] = msgspec.field(default_factory=list)
    saturday: list[WorkingInterval] = msgspec.field(default_factory=list)
    sunday: list[WorkingInterval] = msgspec.field(default_factory=list)

    def as_mapping(self) -> dict[str, list[tuple[str, str]]]:
        return {day: [(i.start, i.end) for i in getattr(self, day)] for day in WEEKDAYS}


class BusinessHoursBody(msgspec.Struct, forbid_unknown_fields=True):
    timezone: Annotated[
        str, msgspec.Meta(max_length=64, description="IANA time zone, e.g. Europe/Berlin")
    ]
    week: Week


class SlaPolicyBody(msgspec.Struct, forbid_unknown_fields=True):
    """Targets per priority in minutes; with `business_hours` set, targets marked
    `business_hours: true` count only working time in that calendar."""

    targets: SlaTargets
    business_hours: BusinessHoursBody | None = None


class SlaPolicyOut(SlaPolicyBody, kw_only=True):
    """The policy in force, and the server's at-risk window (read-only: a setting of the
    server, not of the policy; a PUT body carrying it is refused)."""

    at_risk_minutes: Annotated[
        int,
        msgspec.Meta(
            ge=1,
            description="SLA_AT_RISK_MINUTES: a running clock due within this many minutes "
            "is at risk (the `sla=at_risk` filter, the dashboard)",
        ),
    ]

    @classmethod
    def of(cls, policy: SlaPolicy, at_risk_minutes: int) -> SlaPolicyOut:
        def target(priority: TicketPriority) -> SlaTarget:
            t = policy.target_for(priority)
            return SlaTarget(t.first_response_minutes, t.resolution_minutes, t.business_hours)

        return cls(
            targets=SlaTargets(
                urgent=target(TicketPriority.URGENT),
                high=target(TicketPriority.HIGH),
                medium=target(TicketPriority.MEDIUM),
                low=target(TicketPriority.LOW),
            ),
            business_hours=_hours(policy.business_hours),
            at_risk_minutes=at_risk_minutes,
        )


def _hours(hours: BusinessHours | None) -> BusinessHoursBody | None:
    if hours is None:
        return None
    rendered = hours.render()
    week = Week(**{day: [WorkingInterval(s, e) for s, e in rendered[day]] for day in WEEKDAYS})
    return BusinessHoursBody(timezone=hours.timezone, week=week)
