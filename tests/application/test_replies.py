from __future__ import annotations

import pytest

from application.errors import NotFound
from application.use_cases.post_reply import PostReply
from application.use_cases.update_ticket import UpdateTicket
from domain.access import AccessDenied
from domain.errors import InvalidValue, TicketClosed
from domain.tickets import TicketChanges


async def test_post_reply_stores_the_reply(helpdesk, clock):
    requester, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(requester)
    moment = clock.current
    reply = await helpdesk.post_reply(PostReply(ticket.id, "  On my way  "), actor=agent)
    assert reply.id is not None
    assert (reply.ticket_id, reply.author_id, reply.content, reply.internal, reply.created_at) == (
        ticket.id,
        agent.id,
        "On my way",
        False,
        moment,
    )
    (stored,) = await helpdesk.list_replies(ticket.id)
    assert (stored.id, stored.content, stored.created_at) == (reply.id, "On my way", moment)


async def test_a_reply_does_not_change_the_ticket(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    await helpdesk.reply(ticket, requester)
    stored = await helpdesk.get_ticket(ticket.id)
    assert (stored.version, stored.updated_at) == (1, ticket.updated_at)


async def test_a_closed_ticket_refuses_replies_and_stores_nothing(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, status="closed")
    with pytest.raises(TicketClosed):
        await helpdesk.reply(ticket, requester)
    assert helpdesk.stored_state().replies == {}

    await helpdesk.update_ticket(UpdateTicket(ticket.id, TicketChanges(status="open")))
    assert await helpdesk.reply(ticket, requester, "Reopened, thanks")


async def test_a_resolved_ticket_still_takes_replies(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester, status="resolved")
    assert await helpdesk.reply(ticket, requester, "Still broken")


async def test_the_author_is_always_the_actor(helpdesk):
    requester, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(requester)
    mine = await helpdesk.post_reply(PostReply(ticket.id, "from me"), actor=requester)
    theirs = await helpdesk.post_reply(PostReply(ticket.id, "note", internal=True), actor=agent)
    assert (mine.author_id, theirs.author_id) == (requester.id, agent.id)


async def test_a_customer_writes_no_internal_notes_and_stores_nothing(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    with pytest.raises(AccessDenied):
        await helpdesk.post_reply(PostReply(ticket.id, "psst", internal=True), actor=requester)
    assert helpdesk.stored_state().replies == {}


async def test_a_customer_cannot_reply_on_another_customers_ticket(helpdesk):
    owner, stranger = await helpdesk.user(), await helpdesk.user()
    ticket = await helpdesk.ticket(owner)
    with pytest.raises(NotFound) as error:  # not "forbidden": ids reveal nothing
        await helpdesk.reply(ticket, stranger, "hello")
    assert (error.value.kind, error.value.identifier) == ("ticket", ticket.id)
    assert helpdesk.stored_state().replies == {}


async def test_a_reply_to_an_unknown_ticket_is_not_found(helpdesk):
    author = await helpdesk.agent()
    with pytest.raises(NotFound) as error:
        await helpdesk.post_reply(PostReply(404, "hi"), actor=author)
    assert error.value.kind == "ticket"


@pytest.mark.parametrize("content", ["", "   ", "x" * 20_001, "a\x00b"])
async def test_invalid_reply_content_is_refused(helpdesk, content):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    with pytest.raises(InvalidValue) as error:
        await helpdesk.reply(ticket, requester, content)
    assert [p.field for p in error.value.problems] == ["content"]
    assert helpdesk.stored_state().replies == {}


async def test_the_conversation_is_chronological_and_notes_are_hidden_from_customers(helpdesk):
    requester, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(requester)
    other = await helpdesk.ticket(requester)
    first = await helpdesk.reply(ticket, requester, "It broke")
    note = await helpdesk.reply(ticket, agent, "Known issue, see KB-12", internal=True)
    await helpdesk.reply(other, agent, "Elsewhere")
    answer = await helpdesk.reply(ticket, agent, "Fixed now")
    assert first.created_at < note.created_at < answer.created_at

    everything = await helpdesk.list_replies(ticket.id, actor=agent)
    public = await helpdesk.list_replies(ticket.id, actor=requester)

    assert [r.id for r in everything] == [first.id, note.id, answer.id]
    assert [r.internal for r in everything] == [False, True, False]
    assert [r.id for r in public] == [first.id, answer.id]


async def test_listing_replies_of_an_unknown_ticket_is_not_found(helpdesk):
    with pytest.raises(NotFound):
        await helpdesk.list_replies(8)


async def test_a_ticket_without_replies_has_an_empty_conversation(helpdesk):
    requester = await helpdesk.user()
    ticket = await helpdesk.ticket(requester)
    assert await helpdesk.list_replies(ticket.id) == []
