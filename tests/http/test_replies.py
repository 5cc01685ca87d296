"""A ticket's conversation: replies and internal notes."""

from __future__ import annotations

from tests.http.api import Api, assert_problem, when


def test_posting_a_reply_answers_201_with_the_reply(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"])

    response = api.client.post(
        f"/api/tickets/{ticket['id']}/replies",
        json={"author_id": requester["id"], "content": "  Any news?  "},
    )

    assert response.status_code == 201
    reply = response.json()
    assert reply["ticket_id"] == ticket["id"]
    assert reply["author_id"] == requester["id"]
    assert reply["content"] == "Any news?"
    assert reply["internal"] is False
    assert isinstance(reply["id"], int)


def test_internal_notes_are_flagged_and_listed_with_the_conversation(api: Api) -> None:
    requester = api.user()
    agent = api.user()
    ticket = api.ticket(requester["id"])

    note = api.reply(ticket["id"], agent["id"], "Looks like a DNS issue", internal=True)

    assert note["internal"] is True
    listed = api.client.get(f"/api/tickets/{ticket['id']}/replies").json()
    assert listed == [note]


def test_the_conversation_is_listed_oldest_first(api: Api) -> None:
    requester = api.user()
    agent = api.user()
    ticket = api.ticket(requester["id"])
    other = api.ticket(requester["id"])
    posted = []
    for number in range(6):
        author = requester if number % 2 == 0 else agent
        posted.append(api.reply(ticket["id"], author["id"], f"message {number}"))
        api.reply(other["id"], agent["id"], "elsewhere")

    listed = api.client.get(f"/api/tickets/{ticket['id']}/replies").json()

    assert listed == posted
    times = [when(r["created_at"]) for r in listed]
    assert times == sorted(times)


def test_replies_do_not_change_the_ticket(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"])
    api.reply(ticket["id"], requester["id"])
    assert api.get_ticket(ticket["id"]) == ticket


def test_a_reopened_ticket_takes_replies_again(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"])
    api.patch(ticket["id"], status="closed")
    assert_problem(
        api.client.post(
            f"/api/tickets/{ticket['id']}/replies",
            json={"author_id": requester["id"], "content": "hello?"},
        ),
        409,
    )
    api.patch(ticket["id"], status="open")
    api.reply(ticket["id"], requester["id"], "hello?")


def test_a_resolved_ticket_still_takes_replies(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"], status="resolved")
    api.reply(ticket["id"], requester["id"], "Thanks!")
