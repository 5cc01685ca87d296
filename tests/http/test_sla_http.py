"""SLA fields and filter, SLA policies and satisfaction ratings over HTTP."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.http.api import Api, assert_problem, when
from tests.http.servers import running_server, settings_for


def test_tickets_carry_their_sla_clocks(api: Api) -> None:
    agent, customer = api.account("agent"), api.account()
    ticket = customer.ticket(priority="high")
    opened = when(ticket["created_at"])
    assert when(ticket["first_response_due_at"]) == opened + timedelta(hours=4)
    assert when(ticket["resolution_due_at"]) == opened + timedelta(hours=24)
    assert ticket["first_responded_at"] is None and ticket["resolution_paused_at"] is None

    customer.reply(ticket["id"], "Hello?")
    agent.reply(ticket["id"], "Note", internal=True)
    assert api.get_ticket(ticket["id"])["first_responded_at"] is None
    answer = agent.reply(ticket["id"], "Looking into it")
    assert answer["ai_assisted"] is False
    answered = api.get_ticket(ticket["id"])
    assert answered["first_responded_at"] == answer["created_at"]
    assert answered["version"] == ticket["version"]

    paused = agent.patch(ticket["id"], status="pending")
    assert paused["resolution_paused_at"] == paused["updated_at"]
    api.clock.advance(timedelta(hours=2))
    resumed = agent.patch(ticket["id"], status="open")
    stood_still = when(resumed["updated_at"]) - when(paused["updated_at"])
    assert when(resumed["resolution_due_at"]) == opened + timedelta(hours=24) + stood_still


def test_the_sla_filter(api: Api) -> None:
    customer = api.account()
    late = customer.ticket(priority="urgent")
    soon = customer.ticket(priority="high")
    fine = customer.ticket(priority="low")
    api.clock.advance(timedelta(hours=3, minutes=30))  # urgent answer due after 1h, high after 4h

    def listed(state: str, caller: Api = api) -> list[int]:
        return [t["id"] for t in caller.all_pages("/api/tickets", sla=state)]

    assert listed("breached") == [late["id"]]
    assert listed("at_risk") == [soon["id"]]
    assert listed("ok") == [fine["id"]]
    assert listed("breached", customer) == [late["id"]]
    assert listed("breached", api.account()) == []
    assert_problem(api.client.get("/api/tickets", params={"sla": "late"}), 422, "sla")


def editable(answer: dict[str, Any]) -> dict[str, Any]:
    """A policy as GET answers it, as a PUT body (without the read-only at-risk window)."""
    return {key: value for key, value in answer.items() if key != "at_risk_minutes"}


def test_sla_policies_are_read_by_staff_and_set_by_admins(api: Api) -> None:
    agent = api.account("agent")
    policy = editable(agent.client.get("/api/sla/policies").json())
    assert policy["targets"]["urgent"] == {
        "first_response_minutes": 60,
        "resolution_minutes": 240,
        "business_hours": False,
    }
    assert policy["business_hours"] is None
    assert_problem(api.account().client.get("/api/sla/policies"), 403)

    policy["targets"]["low"] = {
        "first_response_minutes": 120,
        "resolution_minutes": 600,
        "business_hours": True,
    }
    policy["business_hours"] = {
        "timezone": "Europe/Berlin",
        "week": {
            "monday": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]
        },
    }
    assert_problem(agent.client.put("/api/sla/policies", json=policy), 403)
    saved = api.client.put("/api/sla/policies", json=policy)
    assert saved.status_code == 200, saved.text
    assert saved.json()["business_hours"]["week"]["monday"][1] == {"start": "13:00", "end": "17:00"}
    assert agent.client.get("/api/sla/policies").json() == saved.json()


def test_bad_sla_policies_are_refused_whole(api: Api) -> None:
    answer = api.client.get("/api/sla/policies").json()
    policy = editable(answer)
    bad_hours = {**policy, "business_hours": {"timezone": "Mars/Base", "week": {}}}
    assert_problem(api.client.put("/api/sla/policies", json=bad_hours), 422, "business_hours")
    needs_hours = {
        **policy,
        "targets": {
            **policy["targets"],
            "high": {**policy["targets"]["high"], "business_hours": True},
        },
    }
    assert_problem(
        api.client.put("/api/sla/policies", json=needs_hours), 422, "targets.high.business_hours"
    )
    zero = {
        **policy,
        "targets": {
            **policy["targets"],
            "low": {"first_response_minutes": 0, "resolution_minutes": 1},
        },
    }
    assert_problem(api.client.put("/api/sla/policies", json=zero), 422)
    missing = {"targets": {"urgent": policy["targets"]["urgent"]}}
    assert_problem(api.client.put("/api/sla/policies", json=missing), 422)
    assert api.client.get("/api/sla/policies").json() == answer


def test_the_policy_answers_carry_the_servers_at_risk_window(api: Api) -> None:
    answer = api.account("agent").client.get("/api/sla/policies").json()
    assert answer["at_risk_minutes"] == 60  # SLA_AT_RISK_MINUTES by default
    saved = api.client.put("/api/sla/policies", json=editable(answer))
    assert saved.status_code == 200, saved.text
    assert saved.json() == answer
    # A setting of the server, not of the policy: a PUT may not carry it, even unchanged.
    refused = api.client.put("/api/sla/policies", json={**editable(answer), "at_risk_minutes": 60})
    assert_problem(refused, 422, "at_risk_minutes")


def test_the_at_risk_window_is_the_configured_one(tmp_path: Path) -> None:
    settings = settings_for("memory://", tmp_path, sla_at_risk_minutes=25)
    with running_server(settings) as server:
        admin = server.api_for_admin()  # memory storage: the app made the admin at start-up
        answer = admin.client.get("/api/sla/policies").json()
        assert answer["at_risk_minutes"] == 25
        saved = admin.client.put("/api/sla/policies", json=editable(answer))
        assert saved.status_code == 200, saved.text
        assert saved.json()["at_risk_minutes"] == 25


def test_the_requester_rates_each_resolution_once(api: Api) -> None:
    agent, customer, stranger = api.account("agent"), api.account(), api.account()
    ticket = customer.ticket()
    path = f"/api/tickets/{ticket['id']}/satisfaction"
    assert_problem(customer.client.post(path, json={"score": 5}), 409)
    agent.patch(ticket["id"], status="resolved")
    assert_problem(customer.client.post(path, json={"score": 6}), 422, "score")
    assert_problem(stranger.client.post(path, json={"score": 5}), 404)
    assert_problem(agent.client.post(path, json={"score": 5}), 403)
    first = customer.client.post(path, json={"score": 4, "comment": "Fast, thanks"})
    assert first.status_code == 201, first.text
    assert_problem(customer.client.post(path, json={"score": 1}), 409)

    agent.patch(ticket["id"], status="open")
    reopened = customer.client.get(path).json()
    assert reopened["current"] is None and [r["score"] for r in reopened["history"]] == [4]
    resolved = agent.patch(ticket["id"], status="closed")
    second = customer.client.post(path, json={"score": 2})
    assert second.status_code == 201, second.text
    assert second.json()["resolved_at"] == resolved["resolved_at"]
    seen = agent.client.get(path).json()
    assert seen["current"] == second.json()
    assert [r["score"] for r in seen["history"]] == [4, 2]
    assert_problem(stranger.client.get(path), 404)
    assert [e["action"] for e in api.activity(ticket["id"])].count("rated") == 2
