"""A ticket's conversation: replies and internal notes, written by the signed-in account."""

from __future__ import annotations

from tests.http.api import Api, assert_problem, when


def test_posting_a_reply_answers_201_with_the_reply(api: Api) -> None:
    requester = api.account()
    ticket = api.ticket(requester.me["id"])

    response = requester.client.post(
        f"/api/tickets/{ticket['id']}/replies", json={"content": "  Any news?  "}
    )

    assert response.status_code == 201
    reply = response.json()
    assert reply["ticket_id"] == ticket["id"]
    assert reply["author_id"] == requester.me["id"]
    assert reply["content"] == "Any news?"
    assert reply["internal"] is False
    assert isinstance(reply["id"], int)


def test_the_author_is_whoever_is_signed_in(api: Api) -> None:
    requester = api.account()
    ticket = api.ticket(requester.me["id"])

    by_admin = api.reply(ticket["id"], "From the admin")
    named_self = requester.reply(ticket["id"], "Me", author_id=requester.me["id"])

    assert by_admin["author_id"] == api.me["id"]
    assert named_self["author_id"] == requester.me["id"]


def test_internal_notes_are_flagged_and_listed_for_staff_only(api: Api) -> None:
    requester = api.account()
    agent = api.account("agent")
    ticket = api.ticket(requester.me["id"])
    public = requester.reply(ticket["id"], "Help!")

    note = agent.reply(ticket["id"], "Looks like a DNS issue", internal=True)

    assert note["internal"] is True
    assert note["author_id"] == agent.me["id"]
    for staff in (api, agent):
        assert staff.client.get(f"/api/tickets/{ticket['id']}/replies").json() == [public, note]
    assert requester.client.get(f"/api/tickets/{ticket['id']}/replies").json() == [public]


def test_the_conversation_is_listed_oldest_first(api: Api) -> None:
    requester = api.account()
    agent = api.account("agent")
    ticket = api.ticket(requester.me["id"])
    other = api.ticket(requester.me["id"])
    posted = []
    for number in range(6):
        author = requester if number % 2 == 0 else agent
        posted.append(author.reply(ticket["id"], f"message {number}"))
        agent.reply(other["id"], "elsewhere")

    listed = api.client.get(f"/api/tickets/{ticket['id']}/replies").json()

    assert listed == posted
    assert [r["author_id"] for r in listed] == [requester.me["id"], agent.me["id"]] * 3
    times = [when(r["created_at"]) for r in listed]
    assert times == sorted(times)


def test_replies_do_not_change_the_ticket(api: Api) -> None:
    requester = api.account()
    ticket = api.ticket(requester.me["id"])
    requester.reply(ticket["id"])
    api.reply(ticket["id"], "note", internal=True)
    assert api.get_ticket(ticket["id"]) == ticket


def test_a_reopened_ticket_takes_replies_again(api: Api) -> None:
    requester = api.account()
    ticket = api.ticket(requester.me["id"])
    api.patch(ticket["id"], status="closed")
    assert_problem(
        requester.client.post(f"/api/tickets/{ticket['id']}/replies", json={"content": "hello?"}),
        409,
    )
    api.patch(ticket["id"], status="open")
    requester.reply(ticket["id"], "hello?")


def test_a_resolved_ticket_still_takes_replies(api: Api) -> None:
    requester = api.account()
    ticket = api.ticket(requester.me["id"], status="resolved")
    requester.reply(ticket["id"], "Thanks!")


def test_staff_delete_a_reply_from_its_own_ticket_only(api: Api) -> None:
    requester = api.account()
    ticket = api.ticket(requester.me["id"])
    other = api.ticket(requester.me["id"])
    kept = requester.reply(ticket["id"], "stays")
    doomed = api.reply(ticket["id"], "typo", internal=True)

    assert_problem(api.client.delete(f"/api/tickets/{other['id']}/replies/{doomed['id']}"), 404)
    response = api.client.delete(f"/api/tickets/{ticket['id']}/replies/{doomed['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert api.client.get(f"/api/tickets/{ticket['id']}/replies").json() == [kept]
    assert_problem(api.client.delete(f"/api/tickets/{ticket['id']}/replies/{doomed['id']}"), 404)
