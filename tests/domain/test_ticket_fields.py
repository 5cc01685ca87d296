"""Field rules of a ticket: bounds, trimming, NUL, enums, and all problems reported at once."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from domain.tickets import Tags, Ticket, TicketChanges, TicketPriority, TicketStatus
from domain.tickets.ticket import CATEGORY_MAX_LENGTH, CONTENT_MAX_LENGTH, TITLE_MAX_LENGTH
from tests.builders import a_ticket
from tests.fakes import T0


def problem_fields(error: pytest.ExceptionInfo[InvalidValue]) -> list[str]:
    return [p.field for p in error.value.problems]


def test_a_new_ticket_has_sensible_defaults():
    ticket = Ticket.open(title="  Printer  ", content="\tOn fire\n", requester_id=3, now=T0)
    assert ticket.title == "Printer"
    assert ticket.content == "On fire"
    assert ticket.status is TicketStatus.OPEN
    assert ticket.priority is TicketPriority.MEDIUM
    assert ticket.tags == Tags()
    assert ticket.category is None and ticket.assignee_id is None
    assert ticket.created_at == ticket.updated_at == T0
    assert ticket.resolved_at is None
    assert ticket.version == 1
    assert ticket.id is None


@pytest.mark.parametrize(
    ("field", "limit"), [("title", TITLE_MAX_LENGTH), ("content", CONTENT_MAX_LENGTH)]
)
def test_text_fields_accept_up_to_their_limit(field, limit):
    assert (TITLE_MAX_LENGTH, CONTENT_MAX_LENGTH) == (200, 20_000)
    ticket = a_ticket(1, **{field: "é" * limit})
    assert len(getattr(ticket, field)) == limit
    # surrounding white space does not count
    ticket = a_ticket(1, **{field: "  " + "x" * limit + "\n"})
    assert len(getattr(ticket, field)) == limit


@pytest.mark.parametrize(
    ("field", "limit"), [("title", TITLE_MAX_LENGTH), ("content", CONTENT_MAX_LENGTH)]
)
def test_text_fields_refuse_one_more_than_their_limit(field, limit):
    with pytest.raises(InvalidValue) as error:
        a_ticket(1, **{field: "x" * (limit + 1)})
    assert problem_fields(error) == [field]
    assert str(limit) in error.value.problems[0].message


@pytest.mark.parametrize("field", ["title", "content"])
@pytest.mark.parametrize("blank", ["", " ", "\n\t  ", "\u2003"])
def test_text_fields_refuse_blank_text(field, blank):
    with pytest.raises(InvalidValue) as error:
        a_ticket(1, **{field: blank})
    assert problem_fields(error) == [field]


@pytest.mark.parametrize("field", ["title", "content", "category"])
def test_nul_characters_are_refused(field):
    with pytest.raises(InvalidValue) as error:
        a_ticket(1, **{field: "bad\x00text"})
    assert problem_fields(error) == [field]
    assert "NUL" in error.value.problems[0].message


@pytest.mark.parametrize("field", ["title", "content"])
def test_text_must_be_a_string(field):
    with pytest.raises(InvalidValue) as error:
        a_ticket(1, **{field: 42})
    assert problem_fields(error) == [field]


def test_category_is_trimmed_and_blank_means_none():
    assert a_ticket(1, category="  billing ").category == "billing"
    assert a_ticket(1, category="   ").category is None
    assert a_ticket(1, category="").category is None
    assert a_ticket(1, category=None).category is None
    assert len(a_ticket(1, category="c" * CATEGORY_MAX_LENGTH).category) == 100
    with pytest.raises(InvalidValue) as error:
        a_ticket(1, category="c" * (CATEGORY_MAX_LENGTH + 1))
    assert problem_fields(error) == ["category"]


@pytest.mark.parametrize("field", ["status", "priority"])
def test_unknown_enum_values_are_refused_naming_the_choices(field):
    with pytest.raises(InvalidValue) as error:
        a_ticket(1, **{field: "HIGH" if field == "priority" else "Open"})
    assert problem_fields(error) == [field]
    assert "one of" in error.value.problems[0].message


def test_enum_values_are_accepted_as_strings_or_members():
    assert a_ticket(1, priority="urgent", status="pending").priority is TicketPriority.URGENT
    assert a_ticket(1, status=TicketStatus.PENDING).status is TicketStatus.PENDING


def test_every_problem_of_a_new_ticket_is_reported_together():
    with pytest.raises(InvalidValue) as error:
        Ticket.open(
            title="",
            content="x" * 20_001,
            requester_id=1,
            now=T0,
            status="nope",
            priority="whatever",
            tags=["ok", "t" * 41],
            category="bad\x00",
        )
    assert problem_fields(error) == ["title", "content", "status", "priority", "tags", "category"]
    message = str(error.value)
    for field in ("title", "content", "status", "priority", "tags", "category"):
        assert f"{field}:" in message


def test_every_problem_of_a_change_is_reported_together_and_nothing_changes():
    ticket = a_ticket(1, title="Keep me", tags="keep")
    before = vars(ticket).copy()
    with pytest.raises(InvalidValue) as error:
        ticket.apply(
            TicketChanges(
                title="   ",
                content="ok content",
                status="done",
                priority="p0",
                tags="a" * 50,
                category="c" * 101,
            ),
            T0,
        )
    assert problem_fields(error) == ["title", "status", "priority", "tags", "category"]
    assert vars(ticket) == before


def test_priorities_rank_by_urgency():
    ranks = [
        p.rank
        for p in (
            TicketPriority.LOW,
            TicketPriority.MEDIUM,
            TicketPriority.HIGH,
            TicketPriority.URGENT,
        )
    ]
    assert ranks == [1, 2, 3, 4]
    assert all(TicketPriority.from_rank(p.rank) is p for p in TicketPriority)
