"""Who may do what with tickets, replies and accounts (domain/access.py), per use case."""

from __future__ import annotations

import pytest

from application.errors import NotFound
from application.queries import TicketQuery, UserQuery
from application.use_cases.delete_reply import DeleteReply
from application.use_cases.delete_ticket import DeleteTicket
from application.use_cases.open_ticket import OpenTicket
from application.use_cases.update_ticket import UpdateTicket
from domain.access import AccessDenied
from domain.errors import InvalidValue
from domain.tickets import TicketChanges, TicketStatus


@pytest.fixture
async def people(helpdesk):
    return {
        "agent": await helpdesk.agent(),
        "ada": await helpdesk.user("Ada"),
        "bob": await helpdesk.user("Bob"),
    }


# --- opening -------------------------------------------------------------------------------


@pytest.mark.parametrize("requester", ["none", "self"])
async def test_a_customer_opens_tickets_for_themself(helpdesk, people, requester):
    ada = people["ada"]
    command = OpenTicket(
        title="Broken", content="It is", requester_id=None if requester == "none" else ada.id
    )
    ticket = await helpdesk.open_ticket(command, actor=ada)
    assert (ticket.requester_id, ticket.status) == (ada.id, TicketStatus.OPEN)


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"requester_id": "bob"}, "themselves"),
        ({"status": "in_progress"}, "status"),
        ({"category": "billing"}, "category"),
        ({"assignee_id": "agent"}, "assignee_id"),
        ({"status": "closed", "category": "x"}, "status, category"),
    ],
)
async def test_a_customer_may_not_route_their_ticket(helpdesk, people, fields, named):
    values = {k: people[v].id if k.endswith("_id") else v for k, v in fields.items()}
    with pytest.raises(AccessDenied) as error:
        await helpdesk.open_ticket(
            OpenTicket(title="t", content="c", **values), actor=people["ada"]
        )
    assert named in str(error.value)
    assert helpdesk.stored_state().tickets == {}


async def test_staff_must_name_the_requester(helpdesk, people):
    with pytest.raises(InvalidValue) as error:
        await helpdesk.open_ticket(OpenTicket(title="t", content="c"), actor=people["agent"])
    assert [p.field for p in error.value.problems] == ["requester_id"]


# --- reading -------------------------------------------------------------------------------


async def test_a_customer_lists_only_their_own_tickets_whatever_the_filter(helpdesk, people):
    ada, bob = people["ada"], people["bob"]
    mine = [await helpdesk.ticket(ada), await helpdesk.ticket(ada)]
    await helpdesk.ticket(bob)

    for query in (TicketQuery(), TicketQuery(requester_id=ada.id)):
        page = await helpdesk.list_tickets(query, actor=ada)
        assert sorted(t.id for t in page.items) == [t.id for t in mine]
        assert page.total == 2
    snooping = await helpdesk.list_tickets(TicketQuery(requester_id=bob.id), actor=ada)
    assert (snooping.items, snooping.total) == ([], 0)
    everyone = await helpdesk.list_tickets(TicketQuery(), actor=people["agent"])
    assert everyone.total == 3


async def test_another_customers_ticket_does_not_exist_for_a_customer(helpdesk, people):
    ticket = await helpdesk.ticket(people["bob"])
    for read in (helpdesk.get_ticket, helpdesk.list_replies):
        with pytest.raises(NotFound) as error:
            await read(ticket.id, actor=people["ada"])
        assert (error.value.kind, error.value.identifier) == ("ticket", ticket.id)
    assert (await helpdesk.get_ticket(ticket.id, actor=people["bob"])).id == ticket.id
    assert (await helpdesk.get_ticket(ticket.id, actor=people["agent"])).id == ticket.id


async def test_customers_see_only_their_own_account(helpdesk, people):
    ada, bob = people["ada"], people["bob"]
    assert (await helpdesk.get_user(ada.id, actor=ada)).id == ada.id
    with pytest.raises(NotFound):
        await helpdesk.get_user(bob.id, actor=ada)
    assert (await helpdesk.get_user(bob.id, actor=people["agent"])).id == bob.id
    with pytest.raises(AccessDenied):
        await helpdesk.list_users(UserQuery(), actor=ada)
    assert (await helpdesk.list_users(UserQuery(), actor=people["agent"])).total == 3


# --- staff-only work -----------------------------------------------------------------------


async def test_customers_cannot_change_delete_or_audit_even_their_own_ticket(helpdesk, people):
    ada = people["ada"]
    ticket = await helpdesk.ticket(ada)
    reply = await helpdesk.reply(ticket, ada, "mine")
    before = helpdesk.stored_state()
    attempts = [
        helpdesk.update_ticket(UpdateTicket(ticket.id, TicketChanges(title="x")), actor=ada),
        helpdesk.delete_ticket(DeleteTicket(ticket.id), actor=ada),
        helpdesk.delete_reply(DeleteReply(ticket.id, reply.id), actor=ada),
        helpdesk.list_activity(ticket.id, actor=ada),
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied):
            await attempt
    assert helpdesk.stored_state() is before  # nothing was committed


async def test_agents_work_every_ticket(helpdesk, people):
    agent = people["agent"]
    ticket = await helpdesk.ticket(people["bob"])
    note = await helpdesk.reply(ticket, agent, "internal", internal=True)
    changed = await helpdesk.update_ticket(
        UpdateTicket(ticket.id, TicketChanges(assignee_id=agent.id)), actor=agent
    )
    assert changed.assignee_id == agent.id
    await helpdesk.delete_reply(DeleteReply(ticket.id, note.id), actor=agent)
    assert len(await helpdesk.list_activity(ticket.id, actor=agent)) == 4
    await helpdesk.delete_ticket(DeleteTicket(ticket.id), actor=agent)
    assert helpdesk.stored_state().tickets == {}


async def test_a_reply_is_deleted_only_from_its_own_ticket(helpdesk, people):
    agent = people["agent"]
    ticket, other = await helpdesk.ticket(people["ada"]), await helpdesk.ticket(people["bob"])
    reply = await helpdesk.reply(ticket, agent, "stays")
    with pytest.raises(NotFound):
        await helpdesk.delete_reply(DeleteReply(other.id, reply.id), actor=agent)
    with pytest.raises(NotFound):
        await helpdesk.delete_reply(DeleteReply(ticket.id, reply.id + 99), actor=agent)
    assert list(helpdesk.stored_state().replies) == [reply.id]
