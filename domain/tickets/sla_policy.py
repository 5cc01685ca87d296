"""SLA policies: how soon a ticket of each priority must be answered and resolved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from domain.errors import FieldProblem, InvalidValue
from domain.tickets.priority import TicketPriority
from domain.working_time import ALL_HOURS, BusinessHours, WorkingTime

MAX_TARGET_MINUTES = 366 * 24 * 60


@dataclass(frozen=True, slots=True)
class SlaTarget:
    """The targets of one priority, in whole minutes of working time.

    With `business_hours` the minutes are counted in the policy's business hours;
    otherwise in clock hours.
    """

    first_response: timedelta
    resolution: timedelta
    business_hours: bool = False

    @classmethod
    def minutes(
        cls, first_response: int, resolution: int, business_hours: bool = False
    ) -> SlaTarget:
        return cls(timedelta(minutes=first_response), timedelta(minutes=resolution), business_hours)

    @property
    def first_response_minutes(self) -> int:
        return int(self.first_response.total_seconds()) // 60

    @property
    def resolution_minutes(self) -> int:
        return int(self.resolution.total_seconds()) // 60


DEFAULT_TARGETS: Mapping[TicketPriority, SlaTarget] = {
    TicketPriority.URGENT: SlaTarget.minutes(60, 4 * 60),
    TicketPriority.HIGH: SlaTarget.minutes(4 * 60, 24 * 60),
    TicketPriority.MEDIUM: SlaTarget.minutes(8 * 60, 72 * 60),
    TicketPriority.LOW: SlaTarget.minutes(24 * 60, 168 * 60),
}


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """Targets for every priority, and optionally the business hours they count in.

    Rules:
    - every priority has both targets, each 1 minute .. 366 days, in whole minutes;
    - a target counted in business hours needs the policy to have business hours.
    """

    targets: Mapping[TicketPriority, SlaTarget] = field(default_factory=lambda: DEFAULT_TARGETS)
    business_hours: BusinessHours | None = None

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        for priority in TicketPriority:
            target = self.targets.get(priority)
            name = f"targets.{priority.value}"
            if target is None:
                problems.append(FieldProblem(name, "is required"))
                continue
            for label, value in (
                ("first_response", target.first_response),
                ("resolution", target.resolution),
            ):
                if value % timedelta(minutes=1) or not (
                    timedelta(minutes=1) <= value <= timedelta(minutes=MAX_TARGET_MINUTES)
                ):
                    problems.append(
                        FieldProblem(
                            f"{name}.{label}_minutes",
                            f"must be a whole number of minutes from 1 to {MAX_TARGET_MINUTES}",
                        )
                    )
            if target.business_hours and self.business_hours is None:
                problems.append(
                    FieldProblem(f"{name}.business_hours", "needs the policy's business hours")
                )
        if problems:
            raise InvalidValue(problems)

    @classmethod
    def default(cls) -> SlaPolicy:
        return DEFAULT_POLICY

    def target_for(self, priority: TicketPriority) -> SlaTarget:
        return self.targets[priority]

    def hours_for(self, priority: TicketPriority) -> WorkingTime:
        """The working time a ticket of `priority` counts in."""
        if self.targets[priority].business_hours and self.business_hours is not None:
            return self.business_hours
        return ALL_HOURS


DEFAULT_POLICY = SlaPolicy()
