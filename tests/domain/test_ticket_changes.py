"""Partial changes: what counts as a change, version and updated_at, and replies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import InvalidStatusTransition, InvalidValue, TicketClosed
from domain.tickets import UNSET, Tags, TicketChanges, TicketPriority
from domain.tickets.reply import REPLY_MAX_LENGTH
from tests.builders import a_ticket
from tests.fakes import T0

LATER = T0 + timedelta(minutes=10)


def test_only_given_fields_change():
    ticket = a_ticket(
        1, title="Old", content="Body", priority="low", tags="a", category="x", assignee_id=7
    )
    changed = ticket.apply(TicketChanges(priority="high"), LATER)
    assert changed == {"priority"}
    assert ticket.priority is TicketPriority.HIGH
    assert (
        ticket.title,
        ticket.content,
        ticket.tags.values,
        ticket.category,
        ticket.assignee_id,
    ) == ("Old", "Body", ("a",), "x", 7)


def test_given_distinguishes_unset_from_none():
    assert TicketChanges().given() == {}
    assert TicketChanges(category=None, assignee_id=None).given() == {
        "category": None,
        "assignee_id": None,
    }
    assert repr(UNSET) == "UNSET"


def test_none_clears_the_optional_fields():
    ticket = a_ticket(1, tags="a, b", category="x", assignee_id=7)
    changed = ticket.apply(TicketChanges(tags=None, category=None, assignee_id=None), LATER)
    assert changed == {"tags", "category", "assignee_id"}
    assert (ticket.tags, ticket.category, ticket.assignee_id) == (Tags(), None, None)


def test_every_effective_change_is_reported_bumps_the_version_once_and_stamps_updated_at():
    ticket = a_ticket(1)
    changed = ticket.apply(
        TicketChanges(
            title="New",
            content="New body",
            status="in_progress",
            priority="urgent",
            tags="x",
            category="c",
            assignee_id=2,
        ),
        LATER,
    )
    assert changed == {"title", "content", "status", "priority", "tags", "category", "assignee_id"}
    assert ticket.version == 2
    assert ticket.updated_at == LATER
    assert ticket.created_at == T0


def test_a_change_to_the_same_values_is_no_change():
    ticket = a_ticket(
        1, title="Same", content="Body", priority="high", tags="a, b", category="cat", assignee_id=4
    )
    before = vars(ticket).copy()
    changed = ticket.apply(
        TicketChanges(
            title="  Same ",  # equal once trimmed
            content="Body",
            status="open",
            priority="high",
            tags=" A ,b, a",  # equal once normalised
            category="cat ",
            assignee_id=4,
        ),
        LATER,
    )
    assert changed == set()
    assert vars(ticket) == before


def test_blank_category_equals_no_category():
    ticket = a_ticket(1)
    assert ticket.apply(TicketChanges(category="   "), LATER) == set()
    assert ticket.version == 1


def test_reordering_tags_is_a_change():
    ticket = a_ticket(1, tags="a, b")
    assert ticket.apply(TicketChanges(tags="b, a"), LATER) == {"tags"}
    assert ticket.tags.values == ("b", "a")


def test_updated_at_never_moves_backwards():
    ticket = a_ticket(1, now=T0)
    ticket.apply(TicketChanges(title="Earlier clock"), T0 - timedelta(hours=1))
    assert ticket.version == 2
    assert ticket.updated_at == T0


def test_a_refused_transition_discards_the_other_valid_changes():
    ticket = a_ticket(1, status="closed", title="Keep")
    before = vars(ticket).copy()
    with pytest.raises(InvalidStatusTransition):
        ticket.apply(TicketChanges(title="Changed", status="pending"), LATER)
    assert vars(ticket) == before


def test_an_invalid_value_discards_the_other_valid_changes():
    ticket = a_ticket(1, title="Keep")
    before = vars(ticket).copy()
    with pytest.raises(InvalidValue):
        ticket.apply(TicketChanges(title="Changed", status="resolved", priority="nope"), LATER)
    assert vars(ticket) == before


# --- replies -------------------------------------------------------------------------------


def stored_ticket(**fields):
    ticket = a_ticket(1, **fields)
    ticket.id = 99
    return ticket


@pytest.mark.parametrize("internal", [False, True])
def test_a_reply_belongs_to_the_ticket_and_keeps_its_flag(internal):
    ticket = stored_ticket()
    reply = ticket.reply(
        author_id=5, content="  Have you tried turning it off?\n", internal=internal, now=LATER
    )
    assert (reply.ticket_id, reply.author_id, reply.internal, reply.created_at) == (
        99,
        5,
        internal,
        LATER,
    )
    assert reply.content == "Have you tried turning it off?"
    assert reply.id is None


def test_replying_does_not_change_the_ticket():
    ticket = stored_ticket()
    before = vars(ticket).copy()
    ticket.reply(author_id=5, content="hi", internal=False, now=LATER)
    assert vars(ticket) == before


@pytest.mark.parametrize("status", ["open", "in_progress", "pending", "resolved"])
def test_any_ticket_but_a_closed_one_takes_replies(status):
    assert stored_ticket(status=status).reply(author_id=1, content="x", internal=False, now=T0)


def test_a_closed_ticket_refuses_replies_until_reopened():
    ticket = stored_ticket(status="closed")
    with pytest.raises(TicketClosed, match="99"):
        ticket.reply(author_id=1, content="hello?", internal=False, now=T0)
    ticket.change_status("open", LATER)
    assert ticket.reply(author_id=1, content="hello?", internal=False, now=T0)


def test_reply_content_bounds():
    ticket = stored_ticket()
    assert REPLY_MAX_LENGTH == 20_000
    assert len(ticket.reply(author_id=1, content="r" * 20_000, internal=False, now=T0).content) == (
        20_000
    )
    for bad in ("", "   ", "r" * 20_001, "nul\x00"):
        with pytest.raises(InvalidValue) as error:
            ticket.reply(author_id=1, content=bad, internal=False, now=T0)
        assert [p.field for p in error.value.problems] == ["content"]


def test_an_unsaved_ticket_cannot_be_replied_to():
    with pytest.raises(ValueError, match="stored"):
        a_ticket(1).reply(author_id=1, content="x", internal=False, now=T0)
