"""KB_PASSAGE_MIN_SCORE over HTTP: suggestions and the knowledge chat show only passages
similar enough to the query; plain search shows everything it finds (hashing embedder)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from application.use_cases.chat_with_knowledge import NOTHING_FOUND
from tests.http.api import Api
from tests.http.servers import running_server, settings_for
from tests.knowledge.test_http import ARTICLES

FLOOR = 0.3  # on the hashing embedder's scale
UNRELATED = "my printer shows error 42"


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    settings = settings_for(
        "memory://", tmp_path_factory.mktemp("kb-floor-http"), kb_passage_min_score=FLOOR
    )
    with running_server(settings) as server:
        yield server.api_for_admin()


@pytest.fixture(scope="module")
def collection(admin: Api) -> str:
    name = f"kb-{uuid.uuid4().hex[:10]}"
    response = admin.client.post("/api/kb/ingest", json={"collection": name, "documents": ARTICLES})
    assert response.status_code == 201, response.text
    return name


def similarities(admin: Api, collection: str, query: str) -> dict[str, float]:
    """What plain search finds for `query`, unfiltered: each document's best similarity."""
    response = admin.client.post(
        "/api/kb/search", json={"collection": collection, "query": query, "n_results": 10}
    )
    assert response.status_code == 200, response.text
    found: dict[str, float] = {}
    for match in response.json()["matches"]:
        found.setdefault(match["document_id"], match["similarity"])
    return found


def suggest(api: Api, collection: str, q: str) -> list[dict[str, Any]]:
    response = api.client.get("/api/kb/suggest", params={"q": q, "collection": collection, "n": 3})
    assert response.status_code == 200, response.text
    return response.json()["suggestions"]


def test_an_unrelated_query_suggests_nothing_though_search_finds_articles(
    admin: Api, collection: str
) -> None:
    found = similarities(admin, collection, UNRELATED)
    assert set(found) == {"password-reset", "refunds", "shipping"}  # search shows all it finds
    assert max(found.values()) < FLOOR  # ... all below the floor
    customer = admin.account("customer")
    assert suggest(customer, collection, UNRELATED) == []
    assert suggest(admin, collection, UNRELATED) == []


def test_only_articles_clearing_the_floor_are_suggested(admin: Api, collection: str) -> None:
    found = similarities(admin, collection, "forgot password")
    assert found["password-reset"] >= FLOOR > max(found["refunds"], found["shipping"])
    customer = admin.account("customer")
    suggestions = suggest(customer, collection, "forgot password")
    assert [s["document_id"] for s in suggestions] == ["password-reset"]


def test_the_chat_cites_only_passages_clearing_the_floor(admin: Api, collection: str) -> None:
    def ask(query: str) -> dict[str, Any]:
        response = admin.client.post(
            "/api/ai/chat", json={"query": query, "collection": collection, "n_results": 3}
        )
        assert response.status_code == 200, response.text
        return response.json()

    nothing = ask(UNRELATED)
    assert (nothing["answer"], nothing["kb_sources"], nothing["kb_snippets"]) == (
        NOTHING_FOUND,
        [],
        [],
    )
    answered = ask("forgot password")
    assert [s["document_id"] for s in answered["kb_sources"]] == ["password-reset"]
    assert "Forgot password" in answered["answer"] and "[1]" in answered["answer"]
