"""The pipeline through the real litellm path, against an OpenAI-compatible stub on loopback.

Model strings of three providers are routed to LLM_API_BASE; timeouts, server
errors, rate limits and malformed answers end as a retry and then an extractive
fallback draft, never as a failed ticket; the key never reaches a response or a log.
"""

from __future__ import annotations

import pytest

from tests.ai.openai_stub import OpenAIStub
from tests.ai.pipeline_app import ai_when_finished, pipeline_api
from tests.ai.test_litellm_model import litellm_module, logs  # noqa: F401  (fixtures)

KEY = "sk-pipeline-SECRET-9f8e7d6c5b4a"
KB_TEXT = "# Reset your password\n\n1. Open Settings.\n2. Choose Security, then Reset password.\n"


@pytest.fixture
def stub():
    with OpenAIStub() as server:
        server.state.reply = "Hello Ada, open Settings and choose Security [1]."
        yield server


def _llm(stub: OpenAIStub, model: str, **more) -> dict:
    return {
        "llm_model": model,
        "llm_api_base": stub.base_url,
        "llm_api_key": KEY,
        "llm_timeout_s": 2.0,
        "llm_max_retries": 0,
        "job_max_attempts": 2,
        **more,
    }


def _ticket(api) -> dict:
    api.client.post(
        "/api/kb/ingest", json={"documents": [{"id": "reset", "title": "Reset", "text": KB_TEXT}]}
    )
    customer = api.account(name="Ada")
    response = customer.client.post(
        "/api/tickets", json={"title": "Password", "content": "How do I reset my password?"}
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(
    ("model", "sent_as"),
    [
        ("openai/gpt-4o-mini", "gpt-4o-mini"),
        ("deepseek/deepseek-chat", "deepseek-chat"),
        ("dashscope/qwen-plus", "qwen-plus"),
    ],
)
def test_each_provider_is_routed_to_the_configured_base(
    sqlite_url, tmp_path, stub, model, sent_as
) -> None:
    with pipeline_api(sqlite_url, tmp_path, **_llm(stub, model)) as api:
        ticket = _ticket(api)
        ai = ai_when_finished(api, ticket["id"])
    (draft,) = ai["drafts"]
    assert (draft["status"], draft["model"], draft["fallback_reason"]) == ("pending", model, None)
    assert draft["text"] == "Hello Ada, open Settings and choose Security [1]."
    assert draft["citations"][0]["document_id"] == "reset"
    assert (draft["prompt_tokens"], draft["completion_tokens"]) == (11, 7)
    (request,) = stub.state.requests
    assert request.path.endswith("/chat/completions")
    assert request.body["model"] == sent_as
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["authorization"] == f"Bearer {KEY}"
    user_text = "\n".join(m["content"] for m in request.body["messages"])
    assert "How do I reset my password?" in user_text and "Open Settings." in user_text


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        ("slow", "did not answer within 2 s"),
        ("500", "internal trouble"),
        ("429", "rate-limiting"),
        ("malformed", ""),
        ("no-choices", "has no message"),
        ("empty", "is empty"),
    ],
)
def test_a_failing_model_is_retried_then_the_draft_falls_back(
    sqlite_url, tmp_path, stub, behaviour, reason
) -> None:
    stub.state.behaviour = behaviour
    stub.state.slow_seconds = 5.0
    with pipeline_api(sqlite_url, tmp_path, **_llm(stub, "openai/gpt-4o-mini")) as api:
        ticket = _ticket(api)
        assert api.get_ticket(ticket["id"])["id"] == ticket["id"]  # the ticket is fine
        ai = ai_when_finished(api, ticket["id"])
    assert ai["job"]["status"] == "done" and ai["job"]["attempts"] == 2
    (draft,) = ai["drafts"]
    assert (draft["status"], draft["model"], draft["attempts"]) == ("pending", "extractive", 2)
    assert draft["fallback_reason"] and reason.lower() in draft["fallback_reason"].lower()
    assert "[1]" in draft["text"]  # the extractive draft still cites the KB
    assert len(stub.state.requests) == 2  # one call per attempt: the job was retried


def test_a_job_that_keeps_failing_ends_as_a_failed_draft(sqlite_url, tmp_path, stub) -> None:
    """The KB is unreachable on every attempt: the draft is stored `failed`, with the reason,
    and the job is failed with its error; the ticket stays as it was."""
    with pipeline_api(
        sqlite_url, tmp_path, **_llm(stub, "openai/gpt-4o-mini", chroma_url="http://127.0.0.1:9")
    ) as api:
        customer = api.account(name="Ada")
        ticket = customer.client.post("/api/tickets", json={"title": "Hi", "content": "Help"})
        assert ticket.status_code == 201, ticket.text
        ai = ai_when_finished(api, ticket.json()["id"])
    assert ai["job"]["status"] == "failed" and ai["job"]["attempts"] == 2 and ai["job"]["error"]
    (draft,) = ai["drafts"]
    assert (draft["status"], draft["attempts"], draft["text"]) == ("failed", 2, "")
    assert draft["failure_reason"] == ai["job"]["error"]
    assert ai["triage"] is not None  # the triage was made and kept


def test_the_key_never_reaches_a_response_or_a_log(
    sqlite_url,
    tmp_path,
    stub,
    logs,  # noqa: F811  (the imported fixture)
) -> None:
    stub.state.behaviour = "401-echo"  # the provider quotes the key in its error
    with pipeline_api(sqlite_url, tmp_path, **_llm(stub, "openai/gpt-4o-mini")) as api:
        ticket = _ticket(api)
        ai = ai_when_finished(api, ticket["id"])
        bodies = [
            api.client.get(f"/api/tickets/{ticket['id']}/ai").text,
            api.client.get(f"/api/tickets/{ticket['id']}/drafts").text,
            api.client.post(f"/api/ai/tickets/{ticket['id']}/suggest").text,
            api.client.get(f"/api/tickets/{ticket['id']}/activity").text,
            api.client.get("/api/ai/provider").text,
            api.client.get("/schema/openapi.json").text,
        ]
    assert stub.state.requests, "the stub was called with the key"
    assert "credentials were refused" in ai["drafts"][0]["fallback_reason"]
    assert '"key_configured":true' in bodies[4].replace(" ", "")
    for body in bodies:
        assert KEY not in body and KEY[6:] not in body
    assert logs and not [line for line in logs if KEY in line or KEY[6:] in line]


FORBIDDEN_CHOICES = ("model", "api_base", "base_url", "api_key", "key", "provider")


def test_no_client_can_choose_the_provider_base_or_key(sqlite_url, tmp_path, stub) -> None:
    with pipeline_api(sqlite_url, tmp_path, **_llm(stub, "openai/gpt-4o-mini")) as api:
        ticket = _ticket(api)
        ai_when_finished(api, ticket["id"])
        evil = {"model": "openai/evil", "api_base": "http://127.0.0.1:1/v1", "api_key": "x"}
        response = api.client.post(
            f"/api/ai/tickets/{ticket['id']}/suggest", params=evil, json=evil
        )
        schema = api.client.get("/schema/openapi.json").json()
    assert response.status_code == 200, response.text
    assert response.json()["draft"]["model"] == "openai/gpt-4o-mini"
    assert [r.body["model"] for r in stub.state.requests] == ["gpt-4o-mini", "gpt-4o-mini"]
    for path, operations in schema["paths"].items():
        if not (path.startswith("/api/ai") or "draft" in path or path.endswith("/ai")):
            continue
        for operation in operations.values():
            names = {p["name"] for p in operation.get("parameters", [])}
            assert not names & set(FORBIDDEN_CHOICES), (path, names)
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                ref = media["schema"].get("$ref", "")
                properties = schema["components"]["schemas"].get(ref.split("/")[-1], {})
                assert not set(properties.get("properties", {})) & set(FORBIDDEN_CHOICES)
