"""A ticket's SLA clocks: when it must be answered and resolved, and whether it was.

Rules (the definitions are in docs/domain.md, "SLA"):
- The first-response clock runs from the ticket's creation, never pauses, and stops
  at the first public reply by an agent or admin who is not the requester.
  It is due `target.first_response` of working time after creation.
- The resolution clock runs while the ticket is `open` or `in_progress` and stands
  still while it is `pending`, `resolved` or `closed` (a "pause"). It is due when
  the working time it has run reaches `target.resolution`. While it stands still the
  due time shown is the one it would have if it ran on from the moment it stopped;
  when it restarts, the due time moves out by the working time it stood still.
- Due times are computed from the ticket's history with the policy in force when
  the ticket is opened, when its priority changes and when the resolution clock
  restarts. Stopping the clock does not recompute them.
- A clock is breached when it stops (or, still running, when the evaluation
  instant is) strictly after its due time. Doing it exactly at the due time meets it.
- Tickets stored before SLA tracking existed have no due times and stay untracked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from domain.tickets.priority import TicketPriority
from domain.tickets.sla_policy import DEFAULT_POLICY, SlaPolicy
from domain.tickets.status import TicketStatus
from domain.working_time import WorkingTime

RUNNING_STATUSES = frozenset({TicketStatus.OPEN, TicketStatus.IN_PROGRESS})


class SlaStatus(StrEnum):
    """Where a ticket stands at one moment (the `sla=` filter)."""

    BREACHED = "breached"
    AT_RISK = "at_risk"
    OK = "ok"


@dataclass(frozen=True, slots=True)
class Pause:
    """A finished stretch of time during which the resolution clock stood still."""

    started_at: datetime
    ended_at: datetime


@dataclass(frozen=True, slots=True)
class SlaClock:
    first_response_due_at: datetime | None = None
    resolution_due_at: datetime | None = None
    first_responded_at: datetime | None = None
    paused_at: datetime | None = None
    """Since when the resolution clock stands still; None while it runs."""
    pauses: tuple[Pause, ...] = ()
    """Earlier, finished pauses, oldest first."""

    @property
    def tracked(self) -> bool:
        return self.first_response_due_at is not None

    @classmethod
    def start(
        cls,
        *,
        opened_at: datetime,
        priority: TicketPriority,
        status: TicketStatus,
        policy: SlaPolicy | None = None,
    ) -> SlaClock:
        clock = cls(paused_at=None if status in RUNNING_STATUSES else opened_at)
        return clock.recomputed(opened_at, priority, policy or DEFAULT_POLICY)

    def recomputed(
        self, opened_at: datetime, priority: TicketPriority, policy: SlaPolicy
    ) -> SlaClock:
        target = policy.target_for(priority)
        hours = policy.hours_for(priority)
        return replace(
            self,
            first_response_due_at=hours.add(opened_at, target.first_response),
            resolution_due_at=resolution_due(opened_at, self.pauses, target.resolution, hours),
        )

    def followed(
        self,
        *,
        opened_at: datetime,
        priority: TicketPriority,
        status: TicketStatus,
        priority_changed: bool,
        now: datetime,
        policy: SlaPolicy | None = None,
    ) -> SlaClock:
        """The clock after the ticket's status and/or priority changed at `now`."""
        if not self.tracked:
            return self
        clock = self
        restarted = False
        running = status in RUNNING_STATUSES
        if running and clock.paused_at is not None:
            pauses = clock.pauses
            if now > clock.paused_at:
                pauses = (*pauses, Pause(clock.paused_at, now))
            clock = replace(clock, paused_at=None, pauses=pauses)
            restarted = True
        elif not running and clock.paused_at is None:
            clock = replace(clock, paused_at=now)
        if restarted or priority_changed:
            clock = clock.recomputed(opened_at, priority, policy or DEFAULT_POLICY)
        return clock

    def responded(self, now: datetime) -> SlaClock:
        """Record the first response (later ones change nothing)."""
        if not self.tracked or self.first_responded_at is not None:
            return self
        return replace(self, first_responded_at=now)

    def breach_at(self, resolved_at: datetime | None) -> datetime | None:
        """The instant the ticket is (or, if nothing changes, will be) breached; None if never.

        The earliest of: the first-response due time, unless the ticket was answered
        (or, unanswered, solved) by then; the resolution due time, unless its clock
        stopped by then. Breached at `now` exactly when this is before `now`.
        """
        candidates: list[datetime] = []
        if self.first_response_due_at is not None:
            done = self.first_responded_at or resolved_at
            if done is None or done > self.first_response_due_at:
                candidates.append(self.first_response_due_at)
        if self.resolution_due_at is not None and (
            self.paused_at is None or self.resolution_due_at < self.paused_at
        ):
            candidates.append(self.resolution_due_at)
        return min(candidates, default=None)


def resolution_due(
    opened_at: datetime, pauses: Iterable[Pause], target: timedelta, hours: WorkingTime
) -> datetime:
    """The earliest instant at which the working time outside `pauses` since
    `opened_at` reaches `target` (the clock is taken to run on after the last pause)."""
    counted = timedelta(0)
    cursor = opened_at
    for pause in pauses:
        if pause.started_at > cursor:
            segment = hours.between(cursor, pause.started_at)
            if counted + segment >= target:
                return hours.add(cursor, target - counted)
            counted += segment
        cursor = max(cursor, pause.ended_at)
    return hours.add(cursor, target - counted)


def sla_status(breach_at: datetime | None, now: datetime, at_risk_until: datetime) -> SlaStatus:
    """Breached if the breach instant is before `now`; at risk if it falls in
    [now, at_risk_until]; otherwise (or without one) ok."""
    if breach_at is None or breach_at > at_risk_until:
        return SlaStatus.OK
    if breach_at < now:
        return SlaStatus.BREACHED
    return SlaStatus.AT_RISK
