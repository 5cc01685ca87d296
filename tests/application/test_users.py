from __future__ import annotations

import pytest

from application.errors import EmailAlreadyRegistered, NotFound, UserStillReferenced
from application.queries import PageRequest, UserQuery
from application.use_cases.register_user import RegisterUser
from domain.errors import InvalidValue
from tests.fakes import T0


async def test_register_stores_a_normalised_user(helpdesk):
    user = await helpdesk.register_user(RegisterUser(email=" Ada@Example.COM ", name=" Ada "))
    assert user.id is not None
    assert (user.email.value, user.name, user.created_at) == ("ada@example.com", "Ada", T0)
    stored = await helpdesk.get_user(user.id)
    assert (stored.id, stored.email, stored.name) == (user.id, user.email, "Ada")


async def test_register_refuses_an_email_already_registered_in_another_case(helpdesk):
    first = await helpdesk.user(email="grace@navy.mil")
    with pytest.raises(EmailAlreadyRegistered) as error:
        await helpdesk.register_user(RegisterUser(email="GRACE@Navy.Mil ", name="Impostor"))
    assert error.value.email == "grace@navy.mil"
    listed = await helpdesk.list_users(UserQuery())
    assert [u.id for u in listed.items] == [first.id]


async def test_register_refuses_invalid_input_and_stores_nothing(helpdesk):
    with pytest.raises(InvalidValue) as error:
        await helpdesk.register_user(RegisterUser(email="not-an-email", name=""))
    assert [p.field for p in error.value.problems] == ["email", "name"]
    assert helpdesk.stored_state().users == {}


async def test_get_user_of_an_unknown_id_is_not_found(helpdesk):
    with pytest.raises(NotFound) as error:
        await helpdesk.get_user(404)
    assert (error.value.kind, error.value.identifier) == ("user", 404)


async def test_list_users_filters_by_ids_and_text_and_pages(helpdesk):
    grace = await helpdesk.user("Grace Hopper", "grace@navy.mil")
    alan = await helpdesk.user("Alan Turing", "alan@bletchley.uk")
    ada = await helpdesk.user("Ada Lovelace", "ada@hopper-fans.org")
    edsger = await helpdesk.user("Edsger Dijkstra", "ewd@utexas.edu")

    everyone = await helpdesk.list_users(UserQuery())
    assert [u.id for u in everyone.items] == [grace.id, alan.id, ada.id, edsger.id]

    by_ids = await helpdesk.list_users(UserQuery(ids=(edsger.id, grace.id, 999)))
    assert [u.id for u in by_ids.items] == [grace.id, edsger.id] and by_ids.total == 2

    # name or e-mail, any case
    hopper = await helpdesk.list_users(UserQuery(text="HOPPER"))
    assert [u.id for u in hopper.items] == [grace.id, ada.id]
    assert [u.id for u in (await helpdesk.list_users(UserQuery(text="utexas"))).items] == [
        edsger.id
    ]
    both = await helpdesk.list_users(UserQuery(text="hopper", ids=(ada.id, alan.id)))
    assert [u.id for u in both.items] == [ada.id]

    second = await helpdesk.list_users(UserQuery(page=PageRequest(page=2, page_size=3)))
    assert [u.id for u in second.items] == [edsger.id]
    assert (second.total, second.last_page) == (4, 2)


async def test_delete_user_without_history(helpdesk):
    user = await helpdesk.user()
    await helpdesk.delete_user(user.id)
    with pytest.raises(NotFound):
        await helpdesk.get_user(user.id)


async def test_delete_unknown_user_is_not_found(helpdesk):
    with pytest.raises(NotFound):
        await helpdesk.delete_user(12345)


async def test_a_requester_cannot_be_deleted(helpdesk):
    requester = await helpdesk.user()
    await helpdesk.ticket(requester)
    await helpdesk.ticket(requester)
    with pytest.raises(UserStillReferenced) as error:
        await helpdesk.delete_user(requester.id)
    assert error.value.user_id == requester.id
    assert "2 ticket(s) and 0 reply(ies)" in str(error.value)
    assert await helpdesk.get_user(requester.id)


async def test_a_reply_author_cannot_be_deleted(helpdesk):
    requester, agent = await helpdesk.user(), await helpdesk.agent()
    ticket = await helpdesk.ticket(requester)
    await helpdesk.reply(ticket, agent, internal=True)
    with pytest.raises(UserStillReferenced) as error:
        await helpdesk.delete_user(agent.id)
    assert "0 ticket(s) and 1 reply(ies)" in str(error.value)
    assert await helpdesk.get_user(agent.id)


async def test_deleting_an_assignee_unassigns_their_tickets_and_nothing_else(helpdesk):
    requester, agent, other = await helpdesk.user(), await helpdesk.user(), await helpdesk.user()
    mine = await helpdesk.ticket(requester, assignee_id=agent.id)
    theirs = await helpdesk.ticket(requester, assignee_id=other.id)
    await helpdesk.delete_user(agent.id)
    assert (await helpdesk.get_ticket(mine.id)).assignee_id is None
    assert (await helpdesk.get_ticket(theirs.id)).assignee_id == other.id
    with pytest.raises(NotFound):
        await helpdesk.get_user(agent.id)
