"""GET /api/tickets/{id}/activity: who did what to a ticket, in order, for staff only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.http.api import Api, assert_problem, when


def _entries(api: Api, ticket_id: int) -> list[tuple[str, int | None, dict[str, Any]]]:
    return [(e["action"], e["actor_id"], e["details"]) for e in api.activity(ticket_id)]


def test_the_log_records_every_change_with_its_actor_in_order(api: Api) -> None:
    customer = api.account()
    agent = api.account("agent")
    ticket = customer.ticket(title="VPN down", tags="vpn")

    agent.patch(ticket["id"], status="in_progress", priority="high", assignee_id=agent.me["id"])
    agent.patch(ticket["id"], priority="high")  # no change, no entry
    reply = customer.reply(ticket["id"], "Still down")
    note = agent.reply(ticket["id"], "Router firmware", internal=True)
    response = api.client.put(f"/api/tickets/{ticket['id']}", json={"tags": ["vpn", "router"]})
    assert response.status_code == 200
    deleted = agent.client.delete(f"/api/tickets/{ticket['id']}/replies/{note['id']}")
    assert deleted.status_code == 204

    log = api.activity(ticket["id"])

    assert [(e["action"], e["actor_id"], e["details"]) for e in log] == [
        ("created", customer.me["id"], {"status": "open", "priority": "medium"}),
        (
            "updated",
            agent.me["id"],
            {
                "assignee_id": {"from": None, "to": agent.me["id"]},
                "priority": {"from": "medium", "to": "high"},
                "status": {"from": "open", "to": "in_progress"},
            },
        ),
        ("replied", customer.me["id"], {"reply_id": reply["id"]}),
        ("note_added", agent.me["id"], {"reply_id": note["id"]}),
        ("updated", api.me["id"], {"tags": {"from": ["vpn"], "to": ["vpn", "router"]}}),
        (
            "reply_deleted",
            agent.me["id"],
            {
                "reply_id": note["id"],
                "author_id": agent.me["id"],
                "internal": True,
                "content": "Router firmware",
            },
        ),
    ]
    assert {e["ticket_id"] for e in log} == {ticket["id"]}
    assert len({e["id"] for e in log}) == len(log)
    times = [when(e["created_at"]) for e in log]
    assert times == sorted(times)
    assert agent.activity(ticket["id"]) == log


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        ({"title": "Changed", "assignee_id": 999999}, {}, 422),
        ({"title": "Changed", "status": "pending"}, {}, 409),  # closed -> pending
        ({"title": "Changed"}, {"If-Match": '"1"'}, 412),
        ({"title": "Changed", "priority": "asap"}, {}, 422),
    ],
)
def test_a_refused_update_writes_no_activity(api: Api, body, headers, status) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"])
    api.patch(ticket["id"], status="closed")
    before = api.activity(ticket["id"])
    assert [e["action"] for e in before] == ["created", "updated"]

    response = api.client.patch(f"/api/tickets/{ticket['id']}", json=body, headers=headers)

    assert_problem(response, status)
    assert api.activity(ticket["id"]) == before
    assert api.get_ticket(ticket["id"])["title"] == ticket["title"]


def test_refused_replies_write_no_activity(api: Api) -> None:
    customer = api.account()
    ticket = api.ticket(customer.me["id"])
    before = api.activity(ticket["id"])
    url = f"/api/tickets/{ticket['id']}/replies"
    assert_problem(customer.client.post(url, json={"content": "x", "internal": True}), 403)
    assert_problem(customer.client.post(url, json={"content": "  "}), 422)
    assert_problem(api.client.delete(f"{url}/999999"), 404)
    assert api.activity(ticket["id"]) == before


def test_customers_may_not_read_the_log_even_of_their_own_ticket(api: Api) -> None:
    customer = api.account()
    ticket = customer.ticket()
    problem = assert_problem(customer.client.get(f"/api/tickets/{ticket['id']}/activity"), 403)
    assert "agent" in problem["detail"]


def test_the_log_of_an_unknown_or_deleted_ticket_is_404(api: Api) -> None:
    requester = api.user()
    ticket = api.ticket(requester["id"])
    assert api.client.delete(f"/api/tickets/{ticket['id']}").status_code == 204
    assert_problem(api.client.get(f"/api/tickets/{ticket['id']}/activity"), 404)
    assert_problem(api.client.get("/api/tickets/999999/activity"), 404)


def test_the_log_survives_its_actors_account(api: Api) -> None:
    requester = api.user()
    agent = api.account("agent")
    ticket = api.ticket(requester["id"])
    agent.patch(ticket["id"], priority="urgent")
    assert api.client.delete(f"/api/users/{agent.me['id']}").status_code == 204

    (_, updated) = api.activity(ticket["id"])

    assert updated["actor_id"] is None
    assert updated["details"] == {"priority": {"from": "medium", "to": "urgent"}}
