from __future__ import annotations

from datetime import timedelta

import pytest

from application.errors import NotFound, ReferenceNotFound, StaleVersion
from application.queries import PageRequest, TicketQuery, TicketSort
from application.use_cases.delete_ticket import DeleteTicket
from application.use_cases.open_ticket import OpenTicket
from application.use_cases.update_ticket import UpdateTicket, UpdateTicketHandler
from domain.errors import InvalidStatusTransition, InvalidValue
from domain.tickets import TicketChanges, TicketPriority, TicketStatus
from tests.application.conftest import SYSTEM_ADMIN
from tests.builders import ticket_fields
from tests.fakes import T0, RivalWriter

# --- open ----------------------------------------------------------------------------------


async def test_open_stores_the_ticket_as_given(helpdesk):
    requester, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(
        requester,
        title=" VPN down ",
        content="Since 9am",
        priority="urgent",
        tags="Network, VPN, network",
        category="network",
        assignee_id=agent.id,
    )
    assert ticket.id is not None
    assert (ticket.title, ticket.priority, ticket.tags.values, ticket.assignee_id) == (
        "VPN down",
        TicketPriority.URGENT,
        ("network", "vpn"),
        agent.id,
    )
    assert ticket.version == 1
    assert ticket.created_at == ticket.updated_at > T0  # stamped by the clock
    assert ticket_fields(await helpdesk.get_ticket(ticket.id)) == ticket_fields(ticket)


async def test_open_as_resolved_stamps_resolved_at(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, status="resolved")
    assert ticket.resolved_at == ticket.created_at


async def test_open_with_an_unknown_requester_names_the_field(helpdesk):
    with pytest.raises(ReferenceNotFound) as error:
        await helpdesk.open_ticket(OpenTicket(title="t", content="c", requester_id=77))
    assert (error.value.field, error.value.kind, error.value.identifier) == (
        "requester_id",
        "user",
        77,
    )
    assert helpdesk.stored_state().tickets == {}


async def test_open_with_an_unknown_assignee_names_the_field(helpdesk):
    requester = await helpdesk.user()
    with pytest.raises(ReferenceNotFound) as error:
        await helpdesk.ticket(requester, assignee_id=requester.id + 100)
    assert error.value.field == "assignee_id"
    assert error.value.identifier == requester.id + 100
    assert helpdesk.stored_state().tickets == {}


async def test_open_with_invalid_fields_reports_them_all_and_stores_nothing(helpdesk):
    requester = await helpdesk.user()
    with pytest.raises(InvalidValue) as error:
        await helpdesk.ticket(requester, title="", priority="asap", tags=["x" * 41])
    assert [p.field for p in error.value.problems] == ["title", "priority", "tags"]
    assert helpdesk.stored_state().tickets == {}


async def test_get_an_unknown_ticket_is_not_found(helpdesk):
    with pytest.raises(NotFound) as error:
        await helpdesk.get_ticket(5)
    assert (error.value.kind, error.value.identifier) == ("ticket", 5)


# --- update --------------------------------------------------------------------------------


async def test_update_changes_only_the_given_fields(helpdesk, clock):
    requester, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(requester, title="Old", tags="a", category="c")
    clock.advance(timedelta(hours=1))
    updated = await helpdesk.update_ticket(
        UpdateTicket(ticket.id, TicketChanges(status="in_progress", assignee_id=agent.id))
    )
    stored = await helpdesk.get_ticket(ticket.id)
    assert ticket_fields(stored) == ticket_fields(updated)
    assert (stored.status, stored.assignee_id, stored.version) == (
        TicketStatus.IN_PROGRESS,
        agent.id,
        2,
    )
    assert (stored.title, stored.tags.values, stored.category) == ("Old", ("a",), "c")
    assert stored.updated_at >= ticket.created_at + timedelta(hours=1)


async def test_an_update_that_changes_nothing_keeps_the_version(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, title="Same", tags="a, b")
    result = await helpdesk.update_ticket(
        UpdateTicket(ticket.id, TicketChanges(title=" Same ", tags=["A", "b"]), expected_version=1)
    )
    assert result.version == 1
    assert ticket_fields(await helpdesk.get_ticket(ticket.id)) == ticket_fields(ticket)


async def test_update_with_the_current_version_applies(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    result = await helpdesk.update_ticket(
        UpdateTicket(ticket.id, TicketChanges(priority="low"), expected_version=1)
    )
    assert result.version == 2
    again = await helpdesk.update_ticket(
        UpdateTicket(ticket.id, TicketChanges(priority="high"), expected_version=2)
    )
    assert (again.version, again.priority) == (3, TicketPriority.HIGH)


async def test_update_with_a_stale_version_is_refused_and_changes_nothing(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, title="Original")
    await helpdesk.update_ticket(UpdateTicket(ticket.id, TicketChanges(priority="low")))
    before = ticket_fields(await helpdesk.get_ticket(ticket.id))

    with pytest.raises(StaleVersion) as error:
        await helpdesk.update_ticket(
            UpdateTicket(ticket.id, TicketChanges(title="Mine"), expected_version=1)
        )
    assert (error.value.expected, error.value.current) == (1, 2)
    assert ticket_fields(await helpdesk.get_ticket(ticket.id)) == before


async def test_update_of_an_unknown_ticket_is_not_found(helpdesk):
    with pytest.raises(NotFound):
        await helpdesk.update_ticket(UpdateTicket(9, TicketChanges(title="x")))


async def test_assigning_an_unknown_user_is_refused_and_changes_nothing(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    with pytest.raises(ReferenceNotFound) as error:
        await helpdesk.update_ticket(
            UpdateTicket(ticket.id, TicketChanges(title="New", assignee_id=requester.id + 50))
        )
    assert error.value.field == "assignee_id"
    assert ticket_fields(await helpdesk.get_ticket(ticket.id)) == ticket_fields(ticket)


async def test_unassigning_needs_no_user(helpdesk):
    requester, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(requester, assignee_id=agent.id)
    result = await helpdesk.update_ticket(UpdateTicket(ticket.id, TicketChanges(assignee_id=None)))
    assert result.assignee_id is None and result.version == 2


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (TicketChanges(title="New", status="pending"), InvalidStatusTransition),
        (TicketChanges(title="New", priority="meh"), InvalidValue),
    ],
)
async def test_refused_changes_store_nothing(helpdesk, changes, error):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, status="closed")
    with pytest.raises(error):
        await helpdesk.update_ticket(UpdateTicket(ticket.id, changes))
    assert ticket_fields(await helpdesk.get_ticket(ticket.id)) == ticket_fields(ticket)


async def test_without_a_version_a_lost_race_is_retried_on_the_latest_version(helpdesk, clock):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, title="Original", priority="low")
    rival = RivalWriter(helpdesk.uow, clock, TicketChanges(title="Rival's title"))
    update = UpdateTicketHandler(rival, clock)

    result = await update(UpdateTicket(ticket.id, TicketChanges(priority="urgent")), SYSTEM_ADMIN)

    assert rival.committed == 1
    stored = await helpdesk.get_ticket(ticket.id)
    assert (stored.title, stored.priority, stored.version) == (
        "Rival's title",
        TicketPriority.URGENT,
        3,
    )
    assert ticket_fields(result) == ticket_fields(stored)


async def test_without_a_version_the_retry_gives_up_after_three_lost_races(helpdesk, clock):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, title="Original")
    rival = RivalWriter(
        helpdesk.uow, clock, *(TicketChanges(title=f"Rival {i}") for i in range(1, 5))
    )
    update = UpdateTicketHandler(rival, clock)

    with pytest.raises(StaleVersion):
        await update(UpdateTicket(ticket.id, TicketChanges(priority="urgent")), SYSTEM_ADMIN)

    assert rival.committed == 3
    stored = await helpdesk.get_ticket(ticket.id)
    assert (stored.title, stored.priority, stored.version) == ("Rival 3", TicketPriority.MEDIUM, 4)


async def test_with_a_version_a_lost_race_is_not_retried(helpdesk, clock):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, title="Original")
    rival = RivalWriter(helpdesk.uow, clock, TicketChanges(title="Rival"), TicketChanges(title="2"))
    update = UpdateTicketHandler(rival, clock)

    with pytest.raises(StaleVersion) as error:
        await update(
            UpdateTicket(ticket.id, TicketChanges(title="Mine"), expected_version=1), SYSTEM_ADMIN
        )

    assert (error.value.expected, error.value.current) == (1, 2)
    assert rival.committed == 1
    stored = await helpdesk.get_ticket(ticket.id)
    assert (stored.title, stored.version) == ("Rival", 2)


async def test_a_retry_checks_the_rules_against_the_latest_version(helpdesk, clock):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    rival = RivalWriter(helpdesk.uow, clock, TicketChanges(status="closed"))
    update = UpdateTicketHandler(rival, clock)

    with pytest.raises(InvalidStatusTransition):  # open -> pending was fine; closed -> pending not
        await update(UpdateTicket(ticket.id, TicketChanges(status="pending")), SYSTEM_ADMIN)
    stored = await helpdesk.get_ticket(ticket.id)
    assert (stored.status, stored.version) == (TicketStatus.CLOSED, 2)


# --- delete --------------------------------------------------------------------------------


async def test_delete_takes_the_conversation_with_it(helpdesk):
    requester, agent = await helpdesk.user(), await helpdesk.agent()
    doomed = await helpdesk.ticket(requester)
    kept = await helpdesk.ticket(requester)
    await helpdesk.reply(doomed, agent, "one")
    await helpdesk.reply(doomed, agent, "note", internal=True)
    kept_reply = await helpdesk.reply(kept, agent, "stays")

    await helpdesk.delete_ticket(DeleteTicket(doomed.id))

    with pytest.raises(NotFound):
        await helpdesk.get_ticket(doomed.id)
    with pytest.raises(NotFound):
        await helpdesk.list_replies(doomed.id)
    assert [r.id for r in await helpdesk.list_replies(kept.id)] == [kept_reply.id]
    assert [r.ticket_id for r in helpdesk.stored_state().replies.values()] == [kept.id]


async def test_once_their_tickets_are_gone_a_requester_can_be_deleted(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    await helpdesk.reply(ticket, requester)
    await helpdesk.delete_ticket(DeleteTicket(ticket.id))
    await helpdesk.delete_user(requester.id)
    assert helpdesk.stored_state().users == {}


async def test_delete_with_a_stale_version_deletes_nothing(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    await helpdesk.update_ticket(UpdateTicket(ticket.id, TicketChanges(title="Changed")))
    with pytest.raises(StaleVersion):
        await helpdesk.delete_ticket(DeleteTicket(ticket.id, expected_version=1))
    assert (await helpdesk.get_ticket(ticket.id)).title == "Changed"
    await helpdesk.delete_ticket(DeleteTicket(ticket.id, expected_version=2))
    assert helpdesk.stored_state().tickets == {}


async def test_delete_of_an_unknown_ticket_is_not_found(helpdesk):
    with pytest.raises(NotFound):
        await helpdesk.delete_ticket(DeleteTicket(31))


# --- list ----------------------------------------------------------------------------------


async def test_list_tickets_filters_sorts_and_pages(helpdesk):
    alice, bob = await helpdesk.user(), await helpdesk.user()
    a1 = await helpdesk.ticket(alice, priority="low")
    b1 = await helpdesk.ticket(bob, priority="urgent")
    a2 = await helpdesk.ticket(alice, priority="urgent")
    a3 = await helpdesk.ticket(alice, priority="high")

    newest_first = await helpdesk.list_tickets(TicketQuery(requester_id=alice.id))
    assert [t.id for t in newest_first.items] == [a3.id, a2.id, a1.id]

    by_urgency = await helpdesk.list_tickets(
        TicketQuery(sort=TicketSort.PRIORITY_DESC, page=PageRequest(1, 3))
    )
    assert [t.id for t in by_urgency.items] == [a2.id, b1.id, a3.id]
    assert (by_urgency.total, by_urgency.last_page) == (4, 2)
