"""The activity log: every change to a ticket, by whom, in order; nothing for refusals."""

from __future__ import annotations

import pytest

from application.errors import NotFound, ReferenceNotFound, StaleVersion
from application.use_cases.delete_reply import DeleteReply
from application.use_cases.delete_ticket import DeleteTicket
from application.use_cases.update_ticket import UpdateTicket
from domain.errors import InvalidStatusTransition
from domain.tickets import TicketChanges


def _log(entries):
    return [(e.action.value, e.actor_id, e.details) for e in entries]


async def test_the_log_records_who_did_what_in_order(helpdesk):
    customer, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(customer, by=customer, tags="a")
    await helpdesk.update_ticket(
        UpdateTicket(ticket.id, TicketChanges(status="in_progress", tags="b, a", title="New")),
        actor=agent,
    )
    await helpdesk.update_ticket(UpdateTicket(ticket.id, TicketChanges(title="New")), actor=agent)
    reply = await helpdesk.reply(ticket, customer, "Thanks")
    note = await helpdesk.reply(ticket, agent, "Psst", internal=True)
    await helpdesk.delete_reply(DeleteReply(ticket.id, note.id), actor=agent)

    entries = await helpdesk.list_activity(ticket.id, actor=agent)

    assert _log(entries) == [
        ("created", customer.id, {"status": "open", "priority": "medium"}),
        (
            "updated",
            agent.id,
            {
                "status": {"from": "open", "to": "in_progress"},
                "tags": {"from": ["a"], "to": ["b", "a"]},
                "title": {"from": "Printer on fire", "to": "New"},
            },
        ),
        ("replied", customer.id, {"reply_id": reply.id}),
        ("note_added", agent.id, {"reply_id": note.id}),
        (
            "reply_deleted",
            agent.id,
            {"reply_id": note.id, "author_id": agent.id, "internal": True, "content": "Psst"},
        ),
    ]
    times = [e.created_at for e in entries]
    assert times == sorted(times)
    assert {e.ticket_id for e in entries} == {ticket.id}


async def test_assignments_and_clearing_are_logged_with_both_values(helpdesk):
    customer, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(customer, category="net")
    await helpdesk.update_ticket(
        UpdateTicket(ticket.id, TicketChanges(assignee_id=agent.id, category=None))
    )
    (_, updated) = await helpdesk.list_activity(ticket.id)
    assert updated.details == {
        "assignee_id": {"from": None, "to": agent.id},
        "category": {"from": "net", "to": None},
    }


@pytest.mark.parametrize(
    ("changes", "version", "error"),
    [
        (TicketChanges(title="y", assignee_id=999), None, ReferenceNotFound),
        (TicketChanges(title="y", status="open"), 1, StaleVersion),
        (TicketChanges(title="y", status="pending"), None, InvalidStatusTransition),
    ],
)
async def test_a_refused_update_logs_nothing(helpdesk, changes, version, error):
    customer = await helpdesk.user()
    ticket = await helpdesk.ticket(customer)
    await helpdesk.update_ticket(UpdateTicket(ticket.id, TicketChanges(status="closed")))
    before = _log(await helpdesk.list_activity(ticket.id))
    assert len(before) == 2

    with pytest.raises(error):
        await helpdesk.update_ticket(UpdateTicket(ticket.id, changes, expected_version=version))

    assert _log(await helpdesk.list_activity(ticket.id)) == before


async def test_the_log_goes_with_its_ticket(helpdesk):
    customer = await helpdesk.user()
    ticket = await helpdesk.ticket(customer)
    await helpdesk.delete_ticket(DeleteTicket(ticket.id))
    with pytest.raises(NotFound):
        await helpdesk.list_activity(ticket.id)
    assert helpdesk.stored_state().activity == {}
