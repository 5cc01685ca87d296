"""The SLA clocks of a ticket: due times, first response, pauses, priority changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidValue
from domain.tickets import Ticket, TicketChanges, TicketPriority, TicketStatus
from domain.tickets.sla_clock import RUNNING_STATUSES, SlaClock, SlaStatus, sla_status
from domain.tickets.sla_policy import DEFAULT_POLICY, SlaPolicy, SlaTarget
from tests.domain.sla_reference import Stretch, add_minutes, due_over, weekly_minutes
from tests.domain.test_working_time import CALENDARS, DST_WEEKS, OFFICE_BERLIN, local

T0 = datetime(2025, 6, 16, 7, 0, tzinfo=UTC)  # a Monday, 09:00 in Berlin
H = timedelta(hours=1)
REQUESTER, AGENT = 1, 2


def open_ticket(priority: str = "medium", status: str = "open", policy=None, now=T0) -> Ticket:
    ticket = Ticket.open(
        title="VPN down",
        content="Since this morning",
        requester_id=REQUESTER,
        now=now,
        priority=priority,
        status=status,
        sla_policy=policy,
    )
    ticket.id = 7
    return ticket


def move(ticket: Ticket, now: datetime, policy=None, **changes) -> None:
    ticket.apply(TicketChanges(**changes), now, sla_policy=policy)


@pytest.mark.parametrize(
    ("priority", "first_response", "resolution"),
    [("urgent", 1, 4), ("high", 4, 24), ("medium", 8, 72), ("low", 24, 168)],
)
def test_default_targets(priority, first_response, resolution) -> None:
    ticket = open_ticket(priority)
    assert ticket.sla.first_response_due_at == T0 + first_response * H
    assert ticket.sla.resolution_due_at == T0 + resolution * H
    assert ticket.sla.first_responded_at is None
    assert ticket.sla.paused_at is None


def test_the_first_public_staff_reply_is_the_first_response() -> None:
    ticket = open_ticket()
    ticket.reply(author_id=REQUESTER, content="Any news?", internal=False, now=T0 + H)
    ticket.reply(author_id=AGENT, content="Note", internal=True, now=T0 + 2 * H, from_staff=True)
    assert ticket.sla.first_responded_at is None
    ticket.reply(author_id=AGENT, content="On it", internal=False, now=T0 + 3 * H, from_staff=True)
    ticket.reply(author_id=AGENT, content="Again", internal=False, now=T0 + 4 * H, from_staff=True)
    assert ticket.sla.first_responded_at == T0 + 3 * H


def test_staff_replying_on_their_own_ticket_is_not_a_response() -> None:
    ticket = open_ticket()
    ticket.reply(author_id=REQUESTER, content="Me", internal=False, now=T0 + H, from_staff=True)
    assert ticket.sla.first_responded_at is None


def test_pending_time_does_not_count_towards_resolution() -> None:
    ticket = open_ticket("urgent")  # resolution due T0 + 4h
    move(ticket, T0 + H, status="pending")
    assert ticket.sla.paused_at == T0 + H
    assert ticket.sla.resolution_due_at == T0 + 4 * H  # where it stood when it stopped
    move(ticket, T0 + 6 * H, status="in_progress")
    assert ticket.sla.paused_at is None
    assert ticket.sla.resolution_due_at == T0 + 9 * H
    assert ticket.sla.first_response_due_at == T0 + H  # first response never pauses


def test_resolving_stops_the_clock_and_reopening_restarts_it() -> None:
    ticket = open_ticket("urgent")
    move(ticket, T0 + 2 * H, status="resolved")
    move(ticket, T0 + 3 * H, status="closed")
    assert ticket.sla.paused_at == T0 + 2 * H
    move(ticket, T0 + 10 * H, status="open")
    assert ticket.sla.resolution_due_at == T0 + 12 * H


def test_reaching_the_target_exactly_when_the_clock_stops_is_not_a_breach() -> None:
    ticket = open_ticket("urgent")
    ticket.reply(author_id=AGENT, content="x", internal=False, now=T0, from_staff=True)
    move(ticket, T0 + 4 * H, status="pending")
    assert ticket.sla.breach_at(ticket.resolved_at) is None
    move(ticket, T0 + 6 * H, status="open")
    assert ticket.sla.resolution_due_at == T0 + 4 * H  # all of the target was used up
    assert ticket.sla.breach_at(ticket.resolved_at) == T0 + 4 * H


def test_a_breach_before_a_pause_stays_a_breach() -> None:
    ticket = open_ticket("urgent")
    move(ticket, T0 + 5 * H, status="pending")
    assert ticket.sla.breach_at(ticket.resolved_at) == T0 + H  # first response missed
    move(ticket, T0 + 9 * H, status="open")
    assert ticket.sla.resolution_due_at == T0 + 4 * H


def test_a_priority_change_reapplies_the_targets_from_creation() -> None:
    ticket = open_ticket("low")
    move(ticket, T0 + H, status="pending")
    move(ticket, T0 + 3 * H, status="open")
    move(ticket, T0 + 6 * H, priority="urgent")
    assert ticket.sla.first_response_due_at == T0 + H
    assert ticket.sla.resolution_due_at == T0 + 6 * H  # 4h of running time, 2h paused
    move(ticket, T0 + 7 * H, priority="high")
    assert ticket.sla.resolution_due_at == T0 + 26 * H


def test_business_hours_apply_to_the_targets_marked_so() -> None:
    policy = SlaPolicy(
        targets={**DEFAULT_POLICY.targets, TicketPriority.HIGH: SlaTarget.minutes(60, 600, True)},
        business_hours=OFFICE_BERLIN,
    )
    friday_4pm = local(OFFICE_BERLIN.zone, 2025, 6, 20, 16, 0)
    ticket = open_ticket("high", policy=policy, now=friday_4pm)
    assert ticket.sla.first_response_due_at == local(OFFICE_BERLIN.zone, 2025, 6, 20, 17, 0)
    # 10 working hours: Friday 16-17, Monday 9-17, Tuesday 9-10.
    assert ticket.sla.resolution_due_at == local(OFFICE_BERLIN.zone, 2025, 6, 24, 10, 0)
    urgent = open_ticket("urgent", policy=policy, now=friday_4pm)
    assert urgent.sla.first_response_due_at == friday_4pm + H  # clock hours


def test_a_ticket_opened_pending_starts_stopped() -> None:
    ticket = open_ticket("urgent", status="pending")
    assert ticket.sla.paused_at == T0
    move(ticket, T0 + 2 * H, status="open")
    assert ticket.sla.resolution_due_at == T0 + 6 * H


def test_untracked_tickets_stay_untracked() -> None:
    ticket = open_ticket()
    ticket.sla = SlaClock()
    move(ticket, T0 + H, status="pending", priority="urgent")
    ticket.reply(author_id=AGENT, content="x", internal=False, now=T0 + 2 * H, from_staff=True)
    assert ticket.sla == SlaClock()
    assert ticket.sla.breach_at(None) is None


def test_breach_instant_and_status() -> None:
    ticket = open_ticket("urgent")
    breach = ticket.sla.breach_at(None)
    assert breach == T0 + H
    window = timedelta(minutes=60)
    assert sla_status(breach, T0, T0 + window) is SlaStatus.AT_RISK
    assert sla_status(breach, T0 + H, T0 + H + window) is SlaStatus.AT_RISK  # exactly at due
    assert sla_status(breach, T0 + H + timedelta(microseconds=1), T0 + 3 * H) is SlaStatus.BREACHED
    assert sla_status(breach, T0 - H, T0 - timedelta(minutes=1)) is SlaStatus.OK
    ticket.reply(author_id=AGENT, content="x", internal=False, now=T0 + H / 2, from_staff=True)
    assert ticket.sla.breach_at(None) == T0 + 4 * H
    move(ticket, T0 + 2 * H, status="resolved")
    assert ticket.sla.breach_at(ticket.resolved_at) is None


def test_policies_are_validated() -> None:
    with pytest.raises(InvalidValue) as refused:
        SlaPolicy(targets={TicketPriority.LOW: SlaTarget.minutes(0, 10, True)})
    fields = {p.field for p in refused.value.problems}
    assert {"targets.low.first_response_minutes", "targets.low.business_hours"} <= fields
    assert "targets.urgent" in fields


# --- the property: random histories against a minute-by-minute reference -----------------

targets = st.builds(SlaTarget.minutes, st.integers(1, 1500), st.integers(1, 2500), st.booleans())


def _policy(chosen, hours) -> SlaPolicy:
    """Targets in business hours are kept below two weeks of working time, so that
    the reference needs no more than a few weeks of minutes."""
    targets = {}
    for priority, t in chosen.items():
        if hours is None or not t.business_hours:
            targets[priority] = SlaTarget(t.first_response, t.resolution, False)
            continue
        cap = 2 * weekly_minutes(hours)
        targets[priority] = SlaTarget.minutes(
            1 + t.first_response_minutes % cap, 1 + t.resolution_minutes % cap, True
        )
    return SlaPolicy(targets=targets, business_hours=hours)


policies = st.builds(
    _policy,
    st.fixed_dictionaries({p: targets for p in TicketPriority}),
    st.sampled_from([None, *CALENDARS[1:]]),
)
events = st.lists(
    st.tuples(
        st.integers(1, 24 * 60),
        st.one_of(
            st.tuples(st.just("status"), st.sampled_from(list(TicketStatus))),
            st.tuples(st.just("priority"), st.sampled_from(list(TicketPriority))),
            st.tuples(st.just("reply"), st.booleans(), st.booleans(), st.booleans()),
        ),
    ),
    max_size=14,
)
openings = st.builds(
    lambda base, minutes: base + timedelta(minutes=minutes),
    st.sampled_from(DST_WEEKS),
    st.integers(0, 4 * 24 * 60),
)


@settings(max_examples=120)
@given(
    policies,
    openings,
    st.sampled_from(list(TicketPriority)),
    st.sampled_from(list(TicketStatus)),
    events,
    st.integers(0, 3000),
)
def test_clocks_agree_with_stepping_minute_by_minute(
    policy, opened, priority, status, history, later
) -> None:
    ticket = open_ticket(priority.value, status.value, policy=policy, now=opened)
    now = opened
    statuses = [(opened, status)]
    responded = None
    for gap, event in history:
        now += timedelta(minutes=gap)
        if event[0] == "status":
            target = event[1]
            if ticket.status.can_become(target):
                move(ticket, now, policy, status=target)
                statuses.append((now, target))
        elif event[0] == "priority":
            move(ticket, now, policy, priority=event[1])
        elif ticket.status is not TicketStatus.CLOSED:
            _, staff, internal, by_requester = event
            author = REQUESTER if by_requester else AGENT
            ticket.reply(
                author_id=author, content="x", internal=internal, now=now, from_staff=staff
            )
            if responded is None and staff and not internal and not by_requester:
                responded = now

    # The reference: which stretches the resolution clock ran, the last stop running on.
    stretches: list[Stretch] = []
    stopped_since = None
    for index, (moment, state) in enumerate(statuses):
        following = statuses[index + 1][0] if index + 1 < len(statuses) else None
        if state in RUNNING_STATUSES:
            stretches.append(Stretch(moment, following))
        if index == len(statuses) - 1 and state not in RUNNING_STATUSES:
            stopped_since = _stop_start(statuses)
            stretches.append(Stretch(stopped_since, None))
    resolved_at = _resolved_at(statuses)
    target = policy.target_for(ticket.priority)
    hours = policy.hours_for(ticket.priority)
    fr_minutes = int(target.first_response / timedelta(minutes=1))
    res_minutes = int(target.resolution / timedelta(minutes=1))
    first_due = add_minutes(hours, opened, fr_minutes)
    resolution_due = due_over(hours, stretches, res_minutes)

    sla = ticket.sla
    assert sla.first_response_due_at == first_due
    assert sla.resolution_due_at == resolution_due
    assert sla.first_responded_at == responded
    assert sla.paused_at == stopped_since
    assert ticket.resolved_at == resolved_at

    window = timedelta(minutes=60)
    for offset in (0, later, later * 7):
        moment = now + timedelta(minutes=offset)
        expected = _reference_status(
            first_due, resolution_due, responded, resolved_at, stopped_since, moment, window
        )
        breach = sla.breach_at(ticket.resolved_at)
        assert sla_status(breach, moment, moment + window) is expected


def _stop_start(statuses):
    """When the resolution clock last stopped (the ticket is in a stopped status now)."""
    start = statuses[-1][0]
    for moment, state in reversed(statuses):
        if state in RUNNING_STATUSES:
            break
        start = moment
    return start


def _resolved_at(statuses):
    if not statuses[-1][1].is_resolved:
        return None
    start = statuses[-1][0]
    for moment, state in reversed(statuses):
        if not state.is_resolved:
            break
        start = moment
    return start


def _reference_status(first_due, resolution_due, responded, resolved_at, stopped, now, window):
    first_breached = first_due < (responded or resolved_at or now)
    resolution_breached = resolution_due < (stopped or now)
    if first_breached or resolution_breached:
        return SlaStatus.BREACHED
    running = []
    if responded is None and resolved_at is None:
        running.append(first_due)
    if stopped is None:
        running.append(resolution_due)
    if any(now <= due <= now + window for due in running):
        return SlaStatus.AT_RISK
    return SlaStatus.OK
