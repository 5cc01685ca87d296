"""Status transitions and the resolved_at stamp."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import InvalidStatusTransition, InvalidValue
from domain.tickets import TicketChanges, TicketStatus
from tests.builders import a_ticket
from tests.fakes import T0

S = TicketStatus
ALLOWED = {
    (S.OPEN, S.IN_PROGRESS),
    (S.OPEN, S.PENDING),
    (S.OPEN, S.RESOLVED),
    (S.OPEN, S.CLOSED),
    (S.IN_PROGRESS, S.OPEN),
    (S.IN_PROGRESS, S.PENDING),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.IN_PROGRESS, S.CLOSED),
    (S.PENDING, S.OPEN),
    (S.PENDING, S.IN_PROGRESS),
    (S.PENDING, S.RESOLVED),
    (S.PENDING, S.CLOSED),
    (S.RESOLVED, S.OPEN),
    (S.RESOLVED, S.IN_PROGRESS),
    (S.RESOLVED, S.CLOSED),
    (S.CLOSED, S.OPEN),
}
PAIRS = [(a, b) for a in S for b in S if a != b]
LATER = T0 + timedelta(hours=1)


def test_the_transition_table():
    assert {(a, b) for a, b in PAIRS if a.can_become(b)} == ALLOWED
    assert set(S.CLOSED.allowed_next()) == {S.OPEN}


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED), ids=lambda s: s.value)
def test_an_allowed_move_changes_the_status_and_bumps_the_version(current, target):
    ticket = a_ticket(1, status=current)
    assert ticket.change_status(target.value, LATER) is True
    assert ticket.status is target
    assert ticket.version == 2
    assert ticket.updated_at == LATER


@pytest.mark.parametrize(("current", "target"), sorted(set(PAIRS) - ALLOWED), ids=lambda s: s.value)
def test_a_forbidden_move_is_refused_and_changes_nothing(current, target):
    ticket = a_ticket(1, status=current)
    before = vars(ticket).copy()
    with pytest.raises(InvalidStatusTransition) as error:
        ticket.change_status(target, LATER)
    assert vars(ticket) == before
    assert (error.value.current, error.value.requested) == (current.value, target.value)
    assert error.value.allowed == [s.value for s in current.allowed_next()]


@pytest.mark.parametrize("target", [S.IN_PROGRESS, S.PENDING, S.RESOLVED])
def test_a_closed_ticket_can_only_be_reopened(target):
    ticket = a_ticket(1, status="closed")
    with pytest.raises(InvalidStatusTransition):
        ticket.change_status(target, LATER)
    assert ticket.change_status("open", LATER)
    assert ticket.status is S.OPEN


@pytest.mark.parametrize("status", list(S), ids=str)
def test_setting_the_current_status_again_is_not_a_change(status):
    ticket = a_ticket(1, status=status)
    before = vars(ticket).copy()
    assert ticket.change_status(status, LATER) is False
    assert ticket.apply(TicketChanges(status=status.value), LATER) == set()
    assert vars(ticket) == before


def test_an_unknown_status_is_an_invalid_value_not_a_transition():
    ticket = a_ticket(1)
    with pytest.raises(InvalidValue) as error:
        ticket.change_status("archived", LATER)
    assert [p.field for p in error.value.problems] == ["status"]
    assert ticket.status is S.OPEN and ticket.version == 1


@pytest.mark.parametrize("status", [S.RESOLVED, S.CLOSED], ids=str)
def test_opening_a_ticket_as_solved_stamps_resolved_at(status):
    assert a_ticket(1, status=status, now=T0).resolved_at == T0


@pytest.mark.parametrize("status", [S.OPEN, S.IN_PROGRESS, S.PENDING], ids=str)
def test_opening_a_working_ticket_leaves_resolved_at_empty(status):
    assert a_ticket(1, status=status).resolved_at is None


@pytest.mark.parametrize("working", [S.OPEN, S.IN_PROGRESS, S.PENDING], ids=str)
@pytest.mark.parametrize("solved", [S.RESOLVED, S.CLOSED], ids=str)
def test_entering_a_solved_status_from_a_working_one_stamps_resolved_at(working, solved):
    ticket = a_ticket(1, status=working)
    ticket.change_status(solved, LATER)
    assert ticket.resolved_at == LATER


def test_closing_a_resolved_ticket_keeps_the_original_stamp():
    ticket = a_ticket(1)
    ticket.change_status("resolved", LATER)
    ticket.change_status("closed", LATER + timedelta(days=2))
    assert ticket.resolved_at == LATER
    assert ticket.updated_at == LATER + timedelta(days=2)


@pytest.mark.parametrize(
    ("solved", "reopened"),
    [(S.RESOLVED, S.OPEN), (S.RESOLVED, S.IN_PROGRESS), (S.CLOSED, S.OPEN)],
    ids=str,
)
def test_reopening_clears_resolved_at(solved, reopened):
    ticket = a_ticket(1, status=solved)
    ticket.change_status(reopened, LATER)
    assert ticket.resolved_at is None


def test_moves_between_working_statuses_leave_resolved_at_empty():
    ticket = a_ticket(1)
    for status in (S.IN_PROGRESS, S.PENDING, S.OPEN, S.PENDING):
        ticket.change_status(status, LATER)
        assert ticket.resolved_at is None


def test_solved_statuses():
    assert {s for s in S if s.is_resolved} == {S.RESOLVED, S.CLOSED}
