"""Users: register, list, read, change and delete (as the bootstrapped admin, mostly)."""

from __future__ import annotations

from tests.http.api import Api, assert_problem


def test_registering_answers_201_with_the_normalised_user(api: Api) -> None:
    response = api.client.post("/api/users", json={"email": "  Ada@Example.COM ", "name": " Ada "})

    assert response.status_code == 201
    user = response.json()
    assert user["email"] == "ada@example.com"
    assert user["name"] == "Ada"
    assert isinstance(user["id"], int)
    assert user["created_at"].endswith("Z") or "+" in user["created_at"]
    assert api.client.get(f"/api/users/{user['id']}").json() == user


def test_a_user_is_read_back_by_id_and_unknown_ids_are_404(api: Api) -> None:
    user = api.user(name="Grace Hopper")

    assert api.client.get(f"/api/users/{user['id']}").json() == user
    assert_problem(api.client.get(f"/api/users/{user['id'] + 1000}"), 404)


def test_the_user_list_is_paginated_with_total_and_links(api: Api) -> None:
    users = [api.me] + [api.user() for _ in range(4)]

    first = api.client.get("/api/users", params={"page_size": 2})
    assert first.status_code == 200
    assert first.headers["X-Total-Count"] == "5"
    assert [u["id"] for u in first.json()] == [u["id"] for u in users[:2]]
    assert set(first.links) == {"first", "next", "last"}

    last = api.client.get(first.links["last"]["url"])
    assert [u["id"] for u in last.json()] == [users[4]["id"]]
    assert set(last.links) == {"first", "prev", "last"}
    assert [u["id"] for u in api.all_pages("/api/users")] == [u["id"] for u in users]


def test_the_user_list_filters_by_text_and_by_ids(api: Api) -> None:
    ada = api.user("ada@example.com", "Ada Lovelace")
    grace = api.user("grace@navy.mil", "Grace Hopper")
    alan = api.user("alan@example.com", "Alan Turing")

    by_name = api.client.get("/api/users", params={"q": "hopper"})
    assert [u["id"] for u in by_name.json()] == [grace["id"]]
    by_email = api.client.get("/api/users", params={"q": "EXAMPLE.com"})
    assert [u["id"] for u in by_email.json()] == [ada["id"], alan["id"]]
    assert by_email.headers["X-Total-Count"] == "2"

    by_ids = api.client.get("/api/users", params={"ids": f"{alan['id']},{ada['id']},999"})
    assert [u["id"] for u in by_ids.json()] == [ada["id"], alan["id"]]
    assert by_ids.headers["X-Total-Count"] == "2"
    assert "ids=" in by_ids.links["first"]["url"]


def test_ids_that_are_not_a_list_of_numbers_are_422(api: Api) -> None:
    api.user()
    assert_problem(api.client.get("/api/users", params={"ids": "1,two"}), 422, "ids")
    too_many = ",".join(str(i) for i in range(1, 102))
    assert_problem(api.client.get("/api/users", params={"ids": too_many}), 422, "ids")


def test_the_user_endpoints_answer_with_and_without_a_trailing_slash(api: Api) -> None:
    created = api.client.post("/api/users/", json={"email": "slash@example.com", "name": "S"})
    assert created.status_code == 201
    listed = api.client.get("/api/users/")
    assert listed.status_code == 200
    assert [u["id"] for u in listed.json()] == [api.me["id"], created.json()["id"]]


def test_deleting_a_user_without_history_answers_204_and_forgets_them(api: Api) -> None:
    keeper = api.user()
    leaver = api.user()

    response = api.client.delete(f"/api/users/{leaver['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert_problem(api.client.get(f"/api/users/{leaver['id']}"), 404)
    assert [u["id"] for u in api.all_pages("/api/users")] == [api.me["id"], keeper["id"]]
    assert_problem(api.client.delete(f"/api/users/{leaver['id']}"), 404)


def test_tickets_merely_assigned_to_a_deleted_user_become_unassigned(api: Api) -> None:
    requester = api.user()
    agent = api.user()
    ticket = api.ticket(requester["id"], assignee_id=agent["id"])

    assert api.client.delete(f"/api/users/{agent['id']}").status_code == 204

    response = api.client.get(f"/api/tickets/{ticket['id']}")
    after = response.json()
    assert after["assignee_id"] is None
    assert after["version"] == ticket["version"] + 1
    assert response.headers["ETag"] == f'"{ticket["version"] + 1}"'
    unassigned = api.activity(ticket["id"])[-1]
    assert unassigned["actor_id"] == api.me["id"]
    assert (unassigned["action"], unassigned["details"]) == (
        "updated",
        {"assignee_id": {"from": agent["id"], "to": None}},
    )

    def rest(t: dict) -> dict:
        return {k: v for k, v in t.items() if k not in ("assignee_id", "version", "updated_at")}

    assert rest(after) == rest(ticket)


def test_a_user_who_requested_a_ticket_cannot_be_deleted(api: Api) -> None:
    requester = api.user()
    api.ticket(requester["id"])
    before = api.snapshot()

    problem = assert_problem(api.client.delete(f"/api/users/{requester['id']}"), 409)

    assert "ticket" in problem["detail"]
    assert api.snapshot() == before


def test_a_user_who_wrote_a_reply_cannot_be_deleted(api: Api) -> None:
    requester = api.user()
    agent = api.account("agent")
    ticket = api.ticket(requester["id"])
    agent.reply(ticket["id"], "noted", internal=True)
    before = api.snapshot()

    assert_problem(api.client.delete(f"/api/users/{agent.me['id']}"), 409)

    assert api.snapshot() == before


def test_every_test_starts_from_an_empty_helpdesk_with_fresh_ids(api: Api) -> None:
    assert api.snapshot() == {"users": [api.me], "tickets": [], "replies": {}, "activity": {}}
    assert (api.me["id"], api.me["role"], api.me["email"]) == (1, "admin", "root@helpdesk.test")
    user = api.user()
    assert user["id"] == 2
    assert api.ticket(user["id"])["id"] == 1
