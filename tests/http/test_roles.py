"""What customers, agents and admins may do, over HTTP (domain/access.py's rules).

A refused request is a problem and changes nothing (compared with the admin's
snapshot of everything).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.http.api import PASSWORD, Api, assert_problem


@pytest.fixture
def desk(api: Api) -> dict[str, Any]:
    """Two customers with a ticket each (the first also with an internal note), an agent."""
    ada, bob = api.account(name="Ada"), api.account(name="Bob")
    agent = api.account("agent", name="Agent")
    ada_ticket = ada.ticket(title="Ada's printer")
    bob_ticket = bob.ticket(title="Bob's laptop")
    public = agent.reply(ada_ticket["id"], "Have you tried turning it off and on?")
    note = agent.reply(ada_ticket["id"], "Ada's third printer this year", internal=True)
    return {
        "ada": ada,
        "bob": bob,
        "agent": agent,
        "ada_ticket": ada_ticket,
        "bob_ticket": bob_ticket,
        "public": public,
        "note": note,
    }


def _refused(api: Api, response, status: int = 403) -> None:
    assert_problem(response, status)


# --- customers and tickets -----------------------------------------------------------------


@pytest.mark.parametrize("requester", ["omitted", "self"])
def test_a_customers_ticket_is_their_own(api: Api, desk, requester: str) -> None:
    ada = desk["ada"]
    body: dict[str, Any] = {"title": "Mine", "content": "c", "priority": "high", "tags": "x"}
    if requester == "self":
        body["requester_id"] = ada.me["id"]

    response = ada.client.post("/api/tickets", json=body)

    assert response.status_code == 201, response.text
    ticket = response.json()
    assert (ticket["requester_id"], ticket["status"]) == (ada.me["id"], "open")
    assert (ticket["priority"], ticket["tags"]) == ("high", ["x"])
    assert api.get_ticket(ticket["id"]) == ticket


@pytest.mark.parametrize(
    "fields",
    [
        {"requester_id": "bob"},
        {"requester_id": "agent"},
        {"status": "in_progress"},
        {"status": "closed"},
        {"category": "billing"},
        {"assignee_id": "agent"},
        {"assignee_id": "ada"},
    ],
)
def test_a_customer_may_not_route_a_ticket_or_file_it_for_others(api: Api, desk, fields) -> None:
    body = {"title": "t", "content": "c"}
    body.update({k: desk[v].me["id"] if k.endswith("_id") else v for k, v in fields.items()})
    before = api.snapshot()

    response = desk["ada"].client.post("/api/tickets", json=body)

    problem = assert_problem(response, 403)
    assert "customers" in problem["detail"]
    assert api.snapshot() == before


def test_staff_file_tickets_for_anyone_and_must_say_for_whom(api: Api, desk) -> None:
    agent = desk["agent"]
    ticket = agent.ticket(desk["bob"].me["id"], status="in_progress", assignee_id=agent.me["id"])
    assert (ticket["requester_id"], ticket["assignee_id"]) == (desk["bob"].me["id"], agent.me["id"])
    response = agent.client.post("/api/tickets", json={"title": "t", "content": "c"})
    assert_problem(response, 422, "requester_id")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"requester_id": "ada"},
        {"requester_id": "bob"},
        {"requester_id": "agent"},
        {"requester_id": "999999"},
        {"q": "printer laptop"},
        {"q": "laptop"},
        {"status": "open"},
    ],
)
def test_a_customer_lists_only_their_own_tickets_whatever_they_ask(
    api: Api, desk, params: dict[str, str]
) -> None:
    ada = desk["ada"]
    query = {k: str(desk[v].me["id"]) if v in desk else v for k, v in params.items()}
    response = ada.client.get("/api/tickets", params=query)

    assert response.status_code == 200
    listed = response.json()
    assert all(t["requester_id"] == ada.me["id"] for t in listed), listed
    assert response.headers["X-Total-Count"] == str(len(listed))
    if params in ({}, {"requester_id": "ada"}, {"status": "open"}):
        assert [t["id"] for t in listed] == [desk["ada_ticket"]["id"]]
    staff_view = api.client.get("/api/tickets").json()
    assert len(staff_view) == 2


def test_another_customers_ticket_does_not_exist_for_a_customer(api: Api, desk) -> None:
    ada, bob_ticket = desk["ada"], desk["bob_ticket"]
    before = api.snapshot()
    for method, path, body in [
        ("GET", "/api/tickets/{id}", None),
        ("GET", "/api/tickets/{id}/replies", None),
        ("POST", "/api/tickets/{id}/replies", {"content": "me too"}),
    ]:
        url = path.format(id=bob_ticket["id"])
        theirs = ada.client.request(method, url, json=body)
        missing = ada.client.request(method, path.format(id=999999), json=body)
        assert_problem(theirs, 404)
        assert_problem(missing, 404)
        assert theirs.json()["detail"].replace(str(bob_ticket["id"]), "N") == missing.json()[
            "detail"
        ].replace("999999", "N"), "a foreign ticket must look exactly like a missing one"
    assert api.snapshot() == before


def test_customers_never_see_internal_notes(desk) -> None:
    ada, agent = desk["ada"], desk["agent"]
    url = f"/api/tickets/{desk['ada_ticket']['id']}/replies"
    assert ada.client.get(url).json() == [desk["public"]]
    assert agent.client.get(url).json() == [desk["public"], desk["note"]]


def test_a_customer_cannot_write_an_internal_note(api: Api, desk) -> None:
    before = api.snapshot()
    url = f"/api/tickets/{desk['ada_ticket']['id']}/replies"
    _refused(api, desk["ada"].client.post(url, json={"content": "psst", "internal": True}))
    assert api.snapshot() == before


@pytest.mark.parametrize("someone", ["bob", "agent", "admin"])
def test_nobody_replies_in_someone_elses_name(api: Api, desk, someone: str) -> None:
    other_id = api.me["id"] if someone == "admin" else desk[someone].me["id"]
    url = f"/api/tickets/{desk['ada_ticket']['id']}/replies"
    before = api.snapshot()
    for author in (desk["ada"], desk["agent"]):
        if author.me["id"] == other_id:
            continue
        response = author.client.post(url, json={"content": "hi", "author_id": other_id})
        _refused(api, response)
    assert api.snapshot() == before


def test_customers_do_not_see_other_accounts(api: Api, desk) -> None:
    ada = desk["ada"]
    assert ada.client.get(f"/api/users/{ada.me['id']}").json() == ada.me
    for other in (desk["bob"].me["id"], desk["agent"].me["id"], api.me["id"]):
        assert_problem(ada.client.get(f"/api/users/{other}"), 404)
    _refused(api, ada.client.get("/api/users"))


# --- creating accounts ---------------------------------------------------------------------


def test_agents_add_customers_without_a_password(api: Api, desk) -> None:
    agent = desk["agent"]
    response = agent.client.post("/api/users", json={"email": "walk-in@example.com", "name": "W"})
    assert response.status_code == 201
    assert response.json()["role"] == "customer"
    ticket = agent.ticket(response.json()["id"])  # so that they can file a ticket for them
    assert ticket["requester_id"] == response.json()["id"]


@pytest.mark.parametrize(
    "extra",
    [
        {"role": "agent"},
        {"role": "admin"},
        {"password": PASSWORD},
        {"role": "customer", "password": PASSWORD},
    ],
)
def test_agents_add_no_staff_and_set_no_passwords(api: Api, desk, extra) -> None:
    before = api.snapshot()
    body = {"email": "new@example.com", "name": "New", **extra}
    _refused(api, desk["agent"].client.post("/api/users", json=body))
    _refused(api, desk["ada"].client.post("/api/users", json=body))
    assert api.snapshot() == before


def test_admins_add_any_role_with_a_password(api: Api) -> None:
    for role in ("customer", "agent", "admin"):
        user = api.user(f"{role}@example.com", role=role, password=PASSWORD)
        assert user["role"] == role
        assert api.sign_in(f"{role}@example.com", PASSWORD).me == user


def test_a_weak_password_for_a_new_account_is_422(api: Api) -> None:
    body = {"email": "new@example.com", "name": "New", "role": "agent", "password": "secret"}
    assert_problem(api.client.post("/api/users", json=body), 422, "password")


# --- changing accounts ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["ada", "agent"])
def test_everyone_changes_their_own_name(api: Api, desk, who: str) -> None:
    account = desk[who]
    url = f"/api/users/{account.me['id']}"
    response = account.client.patch(url, json={"name": " Renamed "})
    assert response.status_code == 200, response.text
    assert response.json() == {**account.me, "name": "Renamed"}
    assert api.sign_in(account.me["email"], PASSWORD).me["name"] == "Renamed"


@pytest.mark.parametrize("who", ["ada", "agent", "admin"])
def test_nobody_sets_their_own_password_through_patch(api: Api, desk, who: str) -> None:
    """That is POST /api/auth/password, with the current one (tests/http/test_own_password.py)."""
    account = api if who == "admin" else desk[who]
    before = api.snapshot()
    response = account.client.patch(
        f"/api/users/{account.me['id']}", json={"name": "Renamed", "password": "new passphrase"}
    )
    problem = assert_problem(response, 403)
    assert "POST /api/auth/password" in problem["detail"]
    assert api.snapshot() == before


@pytest.mark.parametrize("change", [{"role": "admin"}, {"role": "customer"}, {"active": False}])
@pytest.mark.parametrize("who", ["ada", "agent"])
def test_nobody_but_admins_changes_roles_or_the_active_flag(api: Api, desk, who, change) -> None:
    before = api.snapshot()
    account = desk[who]
    _refused(api, account.client.patch(f"/api/users/{account.me['id']}", json=change))
    assert api.snapshot() == before


def test_other_accounts_are_forbidden_to_agents_and_invisible_to_customers(api: Api, desk) -> None:
    before = api.snapshot()
    target = f"/api/users/{desk['bob'].me['id']}"
    _refused(api, desk["agent"].client.patch(target, json={"name": "Hacked"}))
    _refused(api, desk["ada"].client.patch(target, json={"name": "Hacked"}), 404)
    _refused(api, desk["agent"].client.delete(target))
    assert api.snapshot() == before


def test_admins_change_roles_and_deactivate_accounts(api: Api, desk) -> None:
    bob = desk["bob"]
    url = f"/api/users/{bob.me['id']}"
    assert api.client.patch(url, json={"role": "agent"}).json()["role"] == "agent"
    assert bob.client.get("/api/users").status_code == 200  # staff from the next request
    assert api.client.patch(url, json={"active": False}).json()["active"] is False
    assert bob.client.get("/api/auth/me").status_code == 401
    anonymous = api.anonymous().client
    refused = anonymous.post(
        "/api/auth/token", data={"username": bob.me["email"], "password": PASSWORD}
    )
    assert refused.status_code == 401
    assert api.client.patch(url, json={"active": True}).json()["active"] is True
    assert api.sign_in(bob.me["email"], PASSWORD).me["role"] == "agent"


@pytest.mark.parametrize("change", [{"role": "agent"}, {"role": "customer"}, {"active": False}])
def test_the_last_active_admin_cannot_be_demoted_or_deactivated(api: Api, change) -> None:
    url = f"/api/users/{api.me['id']}"
    before = api.snapshot()
    problem = assert_problem(api.client.patch(url, json=change), 409)
    assert "last active admin" in problem["detail"]
    assert api.snapshot() == before

    second = api.account("admin")
    assert api.client.patch(url, json=change).status_code == 200
    assert_problem(second.client.patch(f"/api/users/{second.me['id']}", json=change), 409)


def test_the_last_active_admin_cannot_be_deleted(api: Api) -> None:
    url = f"/api/users/{api.me['id']}"
    assert_problem(api.client.delete(url), 409)
    second = api.account("admin")
    assert second.client.delete(url).status_code == 204
    assert_problem(second.client.delete(f"/api/users/{second.me['id']}"), 409)
