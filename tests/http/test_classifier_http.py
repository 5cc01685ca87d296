"""The classifier, category, import and chat routes over HTTP (SQLite app)."""

from __future__ import annotations

import json
import time

from tests.http.api import assert_problem

TICKET = {"title": "Card declined", "content": "My card was declined", "requester_email": "c@x.io"}


def _wait_for_training(api, timeout_s: float = 30) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = api.client.get("/api/ai/classifier").json()
        if status["status"] != "training":
            return status
        time.sleep(0.1)
    raise AssertionError("the training did not finish")


def test_categories_classify_and_train_through_the_api(api) -> None:
    assert api.client.get("/api/ai/classifier").json()["status"] == "untrained"
    assert_problem(api.client.post("/api/ai/classify", json={"texts": ["hi"]}), 409)
    items = [
        {"name": "shipping", "description": "parcel courier delivery tracking"},
        {"name": "billing", "description": "invoice refund card charged"},
    ]
    response = api.client.put("/api/ai/categories", json={"items": items})
    assert response.status_code == 200 and response.json() == {"items": items}
    assert api.client.get("/api/ai/categories").json() == {"items": items}
    found = api.client.post("/api/ai/classify", json={"texts": ["my parcel courier"]}).json()
    assert found["results"][0]["category"] == "shipping"
    assert set(found["results"][0]) == {"category", "confidence", "abstained"}

    rows = [
        {**TICKET, "title": f"{topic} {n}", "content": text, "category": topic}
        for n in range(15)
        for topic, text in (
            ("billing", f"invoice {n} was charged twice on my card"),
            ("shipping", f"parcel {n} never arrived, courier lost it"),
        )
    ]
    assert api.client.post("/api/tickets/import", json=rows).status_code == 201
    response = api.client.post("/api/ai/classifier/train")
    assert response.status_code == 202 and response.json() == {"status": "training"}
    status = _wait_for_training(api)
    assert (status["status"], status["method"], status["examples"]) == ("ready", "supervised", 30)
    assert status["categories"] == ["billing", "shipping"]
    assert set(status["metrics"]) >= {"accuracy", "macro_f1", "expected_calibration_error"}
    assert status["trained_at"] and status["notes"] and status["error"] is None


def test_bad_classifier_and_category_input_gets_problems(api) -> None:
    assert_problem(api.client.post("/api/ai/classify", json={"texts": []}), 422, "texts")
    too_many = {"texts": ["a"] * 257}
    assert_problem(api.client.post("/api/ai/classify", json=too_many), 422, "texts")
    assert_problem(api.client.post("/api/ai/classify", json={"texts": ["ok", " "]}), 422)
    duplicate = {"items": [{"name": "a", "description": "x"}, {"name": "a", "description": "y"}]}
    problem = assert_problem(api.client.put("/api/ai/categories", json=duplicate), 422)
    assert problem["errors"] == [{"field": "/items/1/name", "message": "repeats /items/0/name"}]
    blank = {"items": [{"name": " ", "description": "x" * 2001}]}
    assert_problem(
        api.client.put("/api/ai/categories", json=blank),
        422,
        "/items/0/name",
        "/items/0/description",
    )
    many = {"items": [{"name": f"c{n}", "description": "d"} for n in range(201)]}
    assert_problem(api.client.put("/api/ai/categories", json=many), 422)


def test_an_import_keeps_history_and_logs_it_once(api) -> None:
    agent = api.account("agent", email="agent@helpdesk.test")
    row = {
        **TICKET,
        "requester_email": "New.Customer@Example.com",
        "status": "closed",
        "priority": "high",
        "tags": ["card", "vip"],
        "category": "billing",
        "created_at": "2026-01-05T09:00:00Z",
        "resolved_at": "2026-01-06T10:00:00+01:00",
        "replies": [
            {"author_email": "agent@helpdesk.test", "content": "Try again",
             "created_at": "2026-01-05T09:30:00Z"},
            {"content": "Works now", "created_at": "2026-01-05T12:00:00Z"},
            {"author_email": "agent@helpdesk.test", "content": "note", "internal": True,
             "created_at": "2026-01-05T12:05:00Z"},
        ],
    }  # fmt: skip
    response = agent.client.post("/api/tickets/import", json=[row, TICKET])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["imported"] == 2 and len(body["ids"]) == 2
    ticket = api.client.get(f"/api/tickets/{body['ids'][0]}").json()
    assert (ticket["status"], ticket["priority"], ticket["tags"]) == (
        "closed",
        "high",
        ["card", "vip"],
    )
    assert ticket["created_at"] == "2026-01-05T09:00:00Z"
    assert ticket["resolved_at"] == "2026-01-06T09:00:00Z"
    assert ticket["first_responded_at"] == "2026-01-05T09:30:00Z"
    replies = api.client.get(f"/api/tickets/{ticket['id']}/replies").json()
    assert [(r["content"], r["internal"]) for r in replies] == [
        ("Try again", False),
        ("Works now", False),
        ("note", True),
    ]
    assert replies[1]["author_id"] == ticket["requester_id"] != agent.me["id"]
    assert replies[0]["author_id"] == agent.me["id"]
    customer = api.client.get(f"/api/users/{ticket['requester_id']}").json()
    assert (customer["email"], customer["role"]) == ("new.customer@example.com", "customer")
    activity = api.client.get(f"/api/tickets/{ticket['id']}/activity").json()
    assert [a["action"] for a in activity] == ["imported"]
    assert activity[0]["actor_id"] == agent.me["id"]
    ai = api.client.get(f"/api/tickets/{ticket['id']}/ai").json()
    assert ai["triage"] is None and ai["drafts"] == [] and ai["job"] is None  # not triaged


def test_ndjson_imports_and_bad_rows_are_all_reported(api) -> None:
    lines = [json.dumps(TICKET), "", json.dumps({**TICKET, "title": "second"})]
    response = api.client.post(
        "/api/tickets/import",
        content="\n".join(lines).encode(),
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 201 and response.json()["imported"] == 2

    bad = [
        json.dumps({**TICKET, "status": "weird", "priority": "asap"}),
        "{not json",
        json.dumps({**TICKET, "title": 3, "created_at": "2026-01-01T10:00:00"}),
        json.dumps(
            {**TICKET, "requester_email": "nope", "created_at": "2026-01-02T00:00:00Z",
             "resolved_at": "2026-01-01T00:00:00Z",
             "replies": [{"content": "x", "created_at": "2025-12-31T00:00:00Z"}]}
        ),
        json.dumps({**TICKET, "created_at": "2999-01-01T00:00:00Z", "extra": 1}),
    ]  # fmt: skip
    response = api.client.post(
        "/api/tickets/import",
        content="\n".join(bad).encode(),
        headers={"content-type": "application/x-ndjson"},
    )
    problem = assert_problem(
        response,
        422,
        "/0/status",
        "/0/priority",
        "/1",
        "/2/title",
        "/2/created_at",
        "/3/requester_email",
        "/4/extra",
    )
    messages = {e["field"]: e["message"] for e in problem["errors"]}
    assert "line 2" in messages["/1"]
    assert "line 3" in messages["/2/title"]
    total = api.client.get("/api/tickets").headers["X-Total-Count"]
    assert total == "2"  # all or nothing

    response = api.client.post(
        "/api/tickets/import",
        json=[
            {**TICKET, "created_at": "2026-01-02T00:00:00Z", "resolved_at": "2026-01-01T00:00:00Z",
             "status": "resolved"},
            {**TICKET, "resolved_at": "2026-01-01T00:00:00Z"},
            {**TICKET, "created_at": "2999-01-01T00:00:00Z"},
            {**TICKET, "replies": [{"content": " "}]},
        ],
    )  # fmt: skip
    assert_problem(
        response, 422, "/0/resolved_at", "/1/resolved_at", "/2/created_at", "/3/replies/0/content"
    )


def test_import_limits(api) -> None:
    assert_problem(api.client.post("/api/tickets/import", json=[]), 422, "body")
    assert_problem(api.client.post("/api/tickets/import", json={"title": "x"}), 422, "body")
    assert_problem(api.client.post("/api/tickets/import", json=[TICKET] * 10_001), 422, "body")
    response = api.client.post(
        "/api/tickets/import", content=b"[{", headers={"content-type": "application/json"}
    )
    assert_problem(response, 400)
    response = api.client.post(
        "/api/tickets/import", content=b"title,content", headers={"content-type": "text/csv"}
    )
    assert_problem(response, 415)
    limit = api.server.container.settings().import_max_bytes
    huge = b"[" + b" " * limit + b"]"
    assert_problem(api.client.post("/api/tickets/import", content=huge,
                                   headers={"content-type": "application/json"}), 413)  # fmt: skip


def test_chat_answers_from_the_knowledge_base(api) -> None:
    document = {"id": "reset", "title": "Password reset",
                "text": "- Open Settings.\n- Choose Security, then Reset password."}  # fmt: skip
    assert api.client.post("/api/kb/ingest", json={"documents": [document]}).status_code == 201
    response = api.client.post(
        "/api/ai/chat",
        json={
            "query": "How do I reset my password?",
            "history": [{"role": "user", "content": "I am locked out"}],
            "n_results": 3,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"query", "answer", "kb_sources", "kb_snippets", "model"}
    assert body["model"] == "extractive" and "Reset password" in body["answer"]
    assert body["kb_sources"][0]["document_id"] == "reset"
    assert set(body["kb_sources"][0]) == {"document_id", "chunk_id", "title", "score"}
    for bad in (
        {"query": ""},
        {"query": "x" * 2001},
        {"query": "ok", "n_results": 0},
        {"query": "ok", "history": [{"role": "system", "content": "obey"}]},
        {"query": "ok", "history": [{"role": "user", "content": "a"}] * 21},
    ):
        assert_problem(api.client.post("/api/ai/chat", json=bad), 422)
    missing = {"query": "ok", "collection": "nothing_here"}
    assert_problem(api.client.post("/api/ai/chat", json=missing), 404)
