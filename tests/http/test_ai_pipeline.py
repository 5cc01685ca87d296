"""The AI pipeline over HTTP, on SQLite: a new ticket is triaged and drafted in the
background; agents read, accept, edit, reject and regenerate; the dashboard counts it."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import pytest

from tests.ai.pipeline_app import ai_when_finished, pipeline_api
from tests.http.api import assert_problem

KB_ARTICLE = (
    "# Reset your password\n\n"
    "1. Open Settings and choose Security.\n"
    "2. Click Reset password and follow the link in the e-mail.\n"
)


@pytest.fixture
def api(sqlite_url, tmp_path):
    with pipeline_api(sqlite_url, tmp_path) as api:
        yield api


def _ingest(api) -> None:
    response = api.client.post(
        "/api/kb/ingest",
        json={"documents": [{"id": "reset", "title": "Reset your password", "text": KB_ARTICLE}]},
    )
    assert response.status_code == 201, response.text


def _customer_ticket(api, **fields):
    customer = api.account(name="Ada")
    body = {"title": "Cannot log in", "content": "I forgot my password, how do I reset it?"}
    body.update(fields)
    response = customer.client.post("/api/tickets", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_new_ticket_shows_triage_and_a_cited_draft_within_a_second(api) -> None:
    _ingest(api)
    started = time.monotonic()
    ticket = _customer_ticket(api, title="URGENT: cannot log in")
    ai = ai_when_finished(api, ticket["id"])
    assert time.monotonic() - started < 1.0
    assert ai["ticket_id"] == ticket["id"]
    assert ai["job"]["status"] == "done" and ai["job"]["attempts"] == 1
    triage = ai["triage"]
    assert triage["ticket_version"] == ticket["version"] and triage["category"] is None
    assert triage["priority"]["value"] == "high" and triage["priority"]["source"] == "rules"
    assert [t["value"] for t in triage["tags"]] == ["login"]
    (draft,) = ai["drafts"]
    assert draft["status"] == "pending" and draft["model"] == "extractive"
    assert draft["text"].startswith("Hello Ada") and "[1]" in draft["text"]
    assert draft["citations"][0]["document_id"] == "reset"
    assert draft["citations"][0]["marker"] == 1 and draft["citations"][0]["snippet"]
    listed = api.client.get(f"/api/tickets/{ticket['id']}/drafts").json()
    assert listed == {"items": ai["drafts"]}
    actions = [entry["action"] for entry in api.activity(ticket["id"])]
    assert actions == ["created", "ai_triaged", "ai_drafted"]


def test_accepting_a_draft_sends_it_as_an_ai_assisted_reply(api) -> None:
    ticket = _customer_ticket(api)
    (draft,) = ai_when_finished(api, ticket["id"])["drafts"]
    url = f"/api/tickets/{ticket['id']}/drafts/{draft['id']}"
    response = api.client.post(f"{url}/accept", json={})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["draft"]["status"] == "accepted" and body["draft"]["changed_share"] == 0.0
    assert body["draft"]["reply_id"] == body["reply"]["id"]
    assert body["draft"]["decided_by"] == api.me["id"]
    assert body["reply"]["content"] == draft["text"] and body["reply"]["ai_assisted"] is True
    replies = api.client.get(f"/api/tickets/{ticket['id']}/replies").json()
    assert [r["id"] for r in replies] == [body["reply"]["id"]]
    assert_problem(api.client.post(f"{url}/accept", json={}), 409)
    assert_problem(api.client.post(f"{url}/reject", json={"reason": "late"}), 409)
    actions = [entry["action"] for entry in api.activity(ticket["id"])]
    assert actions[-2:] == ["replied", "ai_draft_accepted"]


def test_an_edited_draft_records_the_share_changed(api) -> None:
    ticket = _customer_ticket(api)
    (draft,) = ai_when_finished(api, ticket["id"])["drafts"]
    edited = draft["text"].replace("Hello Ada", "Dear Ada, thanks for waiting")
    response = api.client.post(
        f"/api/tickets/{ticket['id']}/drafts/{draft['id']}/accept",
        json={"text": edited, "public": False},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["draft"]["status"] == "edited" and 0 < body["draft"]["changed_share"] < 0.5
    assert body["reply"]["content"] == edited and body["reply"]["internal"] is True


def test_rejecting_a_draft_needs_a_reason(api) -> None:
    ticket = _customer_ticket(api)
    (draft,) = ai_when_finished(api, ticket["id"])["drafts"]
    url = f"/api/tickets/{ticket['id']}/drafts/{draft['id']}/reject"
    assert_problem(api.client.post(url, json={}), 422, "reason")
    assert_problem(api.client.post(url, json={"reason": ""}), 422, "reason")
    assert_problem(api.client.post(url, json={"reason": "   "}), 422, "reason")
    assert_problem(api.client.post(url, json={"reason": "x" * 1001}), 422, "reason")
    assert_problem(api.client.post(url, json={"reason": "no", "why": 1}), 422, "why")
    response = api.client.post(url, json={"reason": "Wrong product"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "rejected"
    assert response.json()["reject_reason"] == "Wrong product"


def test_bad_review_requests_are_clear_problems(api) -> None:
    ticket = _customer_ticket(api)
    other = _customer_ticket(api)
    (draft,) = ai_when_finished(api, ticket["id"])["drafts"]
    accept = f"/api/tickets/{ticket['id']}/drafts/{draft['id']}/accept"
    assert_problem(api.client.post(accept, json={"text": ""}), 422, "text")
    assert_problem(api.client.post(accept, json={"text": "x" * 20_001}), 422, "text")
    assert_problem(api.client.post(accept, json={"public": "yes"}), 422, "public")
    assert_problem(
        api.client.post(accept, content=b"{", headers={"content-type": "application/json"}), 400
    )
    wrong_ticket = f"/api/tickets/{other['id']}/drafts/{draft['id']}/accept"
    assert_problem(api.client.post(wrong_ticket, json={}), 404)
    assert_problem(
        api.client.post(f"/api/tickets/{ticket['id']}/drafts/999999/accept", json={}), 404
    )
    assert_problem(api.client.get("/api/tickets/999999/ai"), 404)
    assert_problem(api.client.get("/api/tickets/999999/drafts"), 404)
    assert_problem(api.client.post("/api/ai/tickets/999999/suggest"), 404)


def test_suggest_runs_now_and_adds_a_draft(api) -> None:
    _ingest(api)
    ticket = _customer_ticket(api)
    ai_when_finished(api, ticket["id"])
    response = api.client.post(f"/api/ai/tickets/{ticket['id']}/suggest")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ticket_id"] == ticket["id"] and body["draft_id"] == body["draft"]["id"]
    assert body["ai_reply"] == body["draft"]["text"] and body["citations"]
    assert body["category"] is None and body["abstained"] is True
    assert body["suggested_priority"] == "high" and body["suggested_tags"] == ["login"]
    assert body["kb_snippets"] and "Settings" in " ".join(body["kb_snippets"])
    assert (
        body["triage"]["id"]
        == api.client.get(f"/api/tickets/{ticket['id']}/ai").json()["triage"]["id"]
    )
    drafts = api.client.get(f"/api/tickets/{ticket['id']}/drafts").json()["items"]
    assert drafts[0]["id"] == body["draft_id"] and len(drafts) == 2


def test_customers_get_nothing_of_the_ai(api) -> None:
    customer = api.account()
    response = customer.client.post("/api/tickets", json={"title": "Hi", "content": "Help"})
    ticket_id = response.json()["id"]
    for method, url in (
        ("GET", f"/api/tickets/{ticket_id}/ai"),
        ("GET", f"/api/tickets/{ticket_id}/drafts"),
        ("POST", f"/api/ai/tickets/{ticket_id}/suggest"),
        ("GET", "/api/ai/provider"),
    ):
        assert_problem(customer.client.request(method, url), 403)


def test_the_provider_is_shown_to_admins_without_a_key(api) -> None:
    response = api.client.get("/api/ai/provider")
    assert response.status_code == 200
    assert response.json() == {
        "model": "extractive",
        "api_base": None,
        "fallback_models": [],
        "timeout_s": 30.0,
        "max_retries": 2,
        "key_configured": False,
    }
    agent = api.account("agent")
    assert_problem(agent.client.get("/api/ai/provider"), 403)


def test_the_dashboard_counts_the_pipelines_work(api) -> None:
    ticket = _customer_ticket(api)
    (draft,) = ai_when_finished(api, ticket["id"])["drafts"]
    api.client.post(f"/api/tickets/{ticket['id']}/drafts/{draft['id']}/accept", json={})
    today = datetime.now(UTC).date().isoformat()
    response = api.client.get("/api/stats/dashboard", params={"from": today, "to": today})
    assert response.status_code == 200, response.text
    ai = response.json()["ai"]
    assert ai["triage"]["triaged"] == 1 and ai["triage"]["abstained"] == 1
    assert ai["drafts"]["decided"] == 1 and ai["drafts"]["accepted"] == 1
    assert ai["drafts"]["sent"] == 1 and ai["drafts"]["mean_changed_pct"] == 0.0
    assert ai["first_response_with_draft"]["count"] == 1


class BrokenQueue:
    async def enqueue(self, kind, payload, *, key):
        raise ConnectionError("the queue is down")

    async def send_owed(self, kind, payload, *, key):
        raise ConnectionError("the queue is down")

    async def close(self) -> None:
        pass


def test_a_broken_queue_never_fails_ticket_creation(sqlite_url, tmp_path, caplog) -> None:
    logger = logging.getLogger("astratickets.ai")  # the app's logging does not propagate
    logger.addHandler(caplog.handler)
    with pipeline_api(sqlite_url, tmp_path, job_queue=BrokenQueue()) as api:
        ticket = _customer_ticket(api)
        assert api.get_ticket(ticket["id"])["title"] == "Cannot log in"
        ai = api.client.get(f"/api/tickets/{ticket['id']}/ai").json()
        assert (ai["triage"], ai["drafts"]) == (None, [])
        # the job was recorded with the ticket: the queue's recovery will run it
        assert (ai["job"]["status"], ai["job"]["attempts"]) == ("queued", 0)
        # an agent can still ask for a draft on demand
        response = api.client.post(f"/api/ai/tickets/{ticket['id']}/suggest")
        assert response.status_code == 200, response.text
    logger.removeHandler(caplog.handler)
    assert "could not queue the AI triage of ticket 1: ConnectionError" in caplog.text


def test_triage_on_creation_can_be_turned_off(sqlite_url, tmp_path) -> None:
    with pipeline_api(sqlite_url, tmp_path, ai_triage_on_create=False) as api:
        ticket = _customer_ticket(api)
        time.sleep(0.2)
        ai = api.client.get(f"/api/tickets/{ticket['id']}/ai").json()
        assert ai["job"] is None and ai["drafts"] == []
