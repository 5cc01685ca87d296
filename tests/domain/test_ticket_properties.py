"""Properties of the Ticket aggregate over arbitrary sequences of changes."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from domain.errors import InvalidStatusTransition, InvalidValue
from domain.tickets import Ticket, TicketChanges, TicketPriority, TicketStatus
from tests.fakes import T0

statuses = st.sampled_from(list(TicketStatus))
valid_changes = st.builds(
    TicketChanges,
    title=st.sampled_from(["Alpha", "Beta", "  Alpha  "]),
    priority=st.sampled_from([p.value for p in TicketPriority]),
    tags=st.sampled_from([None, "a", "a, b", ["B", "a"]]),
    category=st.sampled_from([None, "", "billing"]),
    assignee_id=st.sampled_from([None, 1, 2]),
)
# A change that sets only some fields: drop each field with probability 1/2.
partial_changes = st.builds(
    lambda change, keep: TicketChanges(
        **{k: v for k, v in change.given().items() if keep.get(k, False)}
    ),
    valid_changes,
    st.fixed_dictionaries(
        {k: st.booleans() for k in ("title", "priority", "tags", "category", "assignee_id")}
    ),
)
any_change = st.one_of(
    partial_changes,
    statuses.map(lambda s: TicketChanges(status=s.value)),
    st.builds(TicketChanges, status=statuses.map(str), title=st.sampled_from(["Alpha", "Z"])),
    # refused values
    st.just(TicketChanges(status="archived")),
    st.just(TicketChanges(priority="p0", title="Valid")),
    st.just(TicketChanges(title="   ")),
    st.just(TicketChanges(tags=["x" * 41])),
    st.just(TicketChanges(content="\x00")),
)


def new_ticket(status: TicketStatus) -> Ticket:
    return Ticket.open(title="Alpha", content="Body", requester_id=1, now=T0, status=status)


@given(statuses, st.lists(statuses, max_size=30))
def test_resolved_at_is_set_exactly_while_solved(start, moves):
    ticket = new_ticket(start)
    assert (ticket.resolved_at is not None) == ticket.status.is_resolved
    now = T0
    for target in moves:
        now += timedelta(minutes=1)
        if target == ticket.status or ticket.status.can_become(target):
            was_solved, stamp = ticket.status.is_resolved, ticket.resolved_at
            ticket.change_status(target, now)
            assert ticket.status is target
            if target.is_resolved and not was_solved:
                assert ticket.resolved_at == now
            elif target.is_resolved:
                assert ticket.resolved_at == stamp  # resolved -> closed keeps the stamp
        assert (ticket.resolved_at is not None) == ticket.status.is_resolved


@given(statuses, st.lists(any_change, max_size=25))
def test_version_grows_with_every_effective_change_and_never_otherwise(start, changes):
    ticket = new_ticket(start)
    now = T0
    for change in changes:
        now += timedelta(seconds=1)
        version, updated_at = ticket.version, ticket.updated_at
        try:
            changed = ticket.apply(change, now)
        except (InvalidValue, InvalidStatusTransition):
            changed = set()
        if changed:
            assert ticket.version == version + 1
            assert ticket.updated_at == now > updated_at
        else:
            assert (ticket.version, ticket.updated_at) == (version, updated_at)


refusable_change = st.one_of(
    any_change.filter(lambda c: "status" not in c.given()),
    st.builds(
        TicketChanges, status=statuses.map(str), title=st.just("Changed"), tags=st.just("changed")
    ),
)


@given(statuses, st.lists(any_change, max_size=10), refusable_change)
def test_a_refused_change_leaves_the_ticket_unchanged(start, history, change):
    ticket = new_ticket(start)
    now = T0
    for earlier in history:
        now += timedelta(seconds=1)
        with contextlib.suppress(InvalidValue, InvalidStatusTransition):
            ticket.apply(earlier, now)
    before = vars(ticket).copy()
    try:
        ticket.apply(change, now + timedelta(seconds=1))
    except (InvalidValue, InvalidStatusTransition):
        assert vars(ticket) == before
    else:
        assume(False)  # only refused changes are of interest here


@given(statuses, partial_changes)
def test_applying_the_same_change_twice_changes_nothing_the_second_time(start, change):
    ticket = new_ticket(start)
    ticket.apply(change, T0 + timedelta(seconds=1))
    before = vars(ticket).copy()
    assert ticket.apply(change, T0 + timedelta(seconds=2)) == set()
    assert vars(ticket) == before
