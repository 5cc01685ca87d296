"""Every knowledge-base endpoint over HTTP, and its errors (in-memory storage, hashing embedder)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.http.api import Api, assert_problem
from tests.http.servers import running_server, settings_for

ARTICLES = [
    {
        "id": "password-reset",
        "title": "Reset a forgotten password",
        "text": "# Reset\n\nOpen the sign-in page and choose Forgot password.",
        "metadata": {"lang": "en"},
    },
    {"id": "refunds", "title": "Refund policy", "text": "Refunds go to the original card."},
    {"id": "shipping", "title": "Shipping", "text": "Parcels arrive in 3 to 5 days."},
]


@pytest.fixture(scope="module")
def admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    data = tmp_path_factory.mktemp("kb-http")
    settings = settings_for(
        "memory://",
        data,
        embedding_model="hashing",
        vector_store_path="memory://",
        kb_max_document_bytes=2048,
        kb_max_documents_per_call=5,
    )
    with running_server(settings) as server:
        yield server.api_for_admin()  # memory storage: the app made the admin at start-up


@pytest.fixture
def collection() -> str:
    return f"kb-{uuid.uuid4().hex[:10]}"


def ingest(admin: Api, collection: str, documents: list[dict[str, Any]] = ARTICLES, **extra: Any):  # type: ignore[no-untyped-def]
    return admin.client.post(
        "/api/kb/ingest", json={"collection": collection, "documents": documents, **extra}
    )


def test_ingest_returns_chunk_ids_and_is_idempotent(admin: Api, collection: str) -> None:
    response = ingest(admin, collection)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["collection"] == collection
    assert [d["status"] for d in body["documents"]] == ["created"] * 3
    assert len(body["inserted_ids"]) == 3 and body["inserted_ids"][0].startswith("password-reset#")
    again = ingest(admin, collection).json()
    assert [d["status"] for d in again["documents"]] == ["unchanged"] * 3
    assert again["inserted_ids"] == body["inserted_ids"]


def test_search_returns_matches_best_first(admin: Api, collection: str) -> None:
    ingest(admin, collection)
    response = admin.client.post(
        "/api/kb/search",
        json={"collection": collection, "query": "forgot password", "n_results": 2},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["query"] == "forgot password"
    best = body["matches"][0]
    assert best["document_id"] == "password-reset" and best["title"] == "Reset a forgotten password"
    assert best["section"] == "Reset" and "Forgot password" in best["content"]
    assert set(best) == {
        *("id", "document_id", "title", "section", "content", "score", "metadata"),
        "similarity",
    }
    assert best["metadata"] == {"lang": "en"}
    assert 0 < best["similarity"] <= 1
    assert len(body["matches"]) <= 2
    filtered = admin.client.post(
        "/api/kb/search",
        json={"collection": collection, "query": "refund", "where": {"lang": "en"}},
    ).json()
    assert {m["document_id"] for m in filtered["matches"]} == {"password-reset"}


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"query": "  "}, 422, "query"),
        ({"query": "ok", "n_results": 0}, 422, "n_results"),
        ({"query": "ok", "n_results": 51}, 422, "n_results"),
        ({"query": "ok", "where": {"lang": {"$regex": "x"}}}, 422, "where"),
        ({"query": "ok", "collection": "Bad Name"}, 422, "collection"),
        ({"query": "ok", "surprise": 1}, 422, "surprise"),
    ],
)
def test_bad_searches_get_problem_details(
    admin: Api, collection: str, body: dict[str, Any], status: int, field: str
) -> None:
    ingest(admin, collection)
    response = admin.client.post("/api/kb/search", json={"collection": collection, **body})
    assert_problem(response, status, field)


def test_unknown_collection_is_404(admin: Api) -> None:
    response = admin.client.post(
        "/api/kb/search", json={"collection": "no-such-kb", "query": "hello"}
    )
    assert_problem(response, 404)
    assert_problem(admin.client.get("/api/kb/documents", params={"collection": "no-such-kb"}), 404)


def test_the_tickets_index_is_never_reachable_through_the_kb_api(admin: Api) -> None:
    """Its entries are customers' tickets: searching, suggesting or listing it is refused."""
    admin.client.post(
        "/api/tickets",
        json={"title": "My card was stolen", "content": "card stolen", "requester_id": 1},
    )
    search = admin.client.post("/api/kb/search", json={"collection": "tickets", "query": "card"})
    assert_problem(search, 422, "collection")
    suggest = admin.client.get(
        "/api/kb/suggest", params={"q": "card stolen", "collection": "tickets"}
    )
    assert_problem(suggest, 422, "collection")
    listing = admin.client.get("/api/kb/documents", params={"collection": "tickets"})
    assert_problem(listing, 422, "collection")


def test_ingest_errors(admin: Api, collection: str) -> None:
    too_big = ingest(admin, collection, [{"text": "x" * 3000}])
    assert_problem(too_big, 413, "documents[0].text")
    too_many = ingest(admin, collection, [{"text": f"doc {n}"} for n in range(6)])
    assert_problem(too_many, 422, "documents")
    assert_problem(ingest(admin, collection, [{"text": " "}]), 422, "documents[0].text")
    assert_problem(ingest(admin, collection, [{"text": "a", "id": "no spaces"}]), 422)
    assert_problem(ingest(admin, collection, [{"text": "a"}], max_chars=50), 422, "max_chars")
    assert_problem(ingest(admin, collection, [{"text": "a", "metadata": {"k": [1]}}]), 422)


def test_documents_list_get_and_delete(admin: Api, collection: str) -> None:
    ingest(admin, collection)
    listing = admin.client.get(
        "/api/kb/documents", params={"collection": collection, "page_size": 2}
    )
    assert listing.status_code == 200, listing.text
    assert listing.headers["X-Total-Count"] == "3"
    assert 'rel="next"' in listing.headers["Link"]
    assert len(listing.json()) == 2 and "text" not in listing.json()[0]
    one = admin.client.get("/api/kb/documents/refunds", params={"collection": collection})
    assert one.status_code == 200
    assert one.json()["text"] == "Refunds go to the original card."
    assert [c["position"] for c in one.json()["chunks"]] == [0]
    assert_problem(
        admin.client.get("/api/kb/documents/nope", params={"collection": collection}), 404
    )
    gone = admin.client.delete("/api/kb/documents/refunds", params={"collection": collection})
    assert gone.status_code == 204
    assert_problem(
        admin.client.delete("/api/kb/documents/refunds", params={"collection": collection}), 404
    )


def test_delete_by_ids(admin: Api, collection: str) -> None:
    chunk_ids = ingest(admin, collection).json()["inserted_ids"]
    response = admin.client.post(
        "/api/kb/delete",
        json={"collection": collection, "ids": ["password-reset", chunk_ids[1], "nope"]},
    )
    assert response.status_code == 200 and response.json() == {"deleted": 2}
    assert_problem(
        admin.client.post("/api/kb/delete", json={"collection": collection, "ids": []}), 422
    )


def test_upload_markdown_text_and_html(admin: Api, collection: str, tmp_path: Path) -> None:
    files = {
        "file": (
            "help-page.html",
            b"<html><head><title>Help page</title><script>alert(1)</script></head>"
            b"<body><h1>Billing</h1><p>Pay by card &amp; bank.</p></body></html>",
            "text/html",
        )
    }
    response = admin.client.post(
        "/api/kb/documents/upload", files=files, data={"collection": collection}
    )
    assert response.status_code == 201, response.text
    doc_id = response.json()["documents"][0]["id"]
    stored = admin.client.get(f"/api/kb/documents/{doc_id}", params={"collection": collection})
    body = stored.json()
    assert body["title"] == "Help page" and body["source"] == "help-page.html"
    assert "alert" not in body["text"] and "Pay by card & bank." in body["text"]
    assert body["chunks"][0]["section"] == "Billing"
    markdown = admin.client.post(
        "/api/kb/documents/upload",
        files={"file": ("faq.md", b"# FAQ\n\nHello there.", "text/markdown")},
        data={"collection": collection, "id": "faq"},
    )
    assert markdown.status_code == 201 and markdown.json()["documents"][0]["id"] == "faq"


def test_upload_refusals(admin: Api, collection: str) -> None:
    def upload(name: str, content: bytes) -> Any:
        return admin.client.post(
            "/api/kb/documents/upload",
            files={"file": (name, content, "application/octet-stream")},
            data={"collection": collection},
        )

    assert_problem(upload("tool.exe", b"MZ"), 422, "file")
    assert_problem(upload("big.txt", b"x" * 3000), 413, "file")
    assert_problem(upload("latin1.txt", "caf\u00e9".encode("latin-1")), 422, "file")


def test_suggest_for_customers_typing(admin: Api, collection: str) -> None:
    ingest(admin, collection)
    response = admin.client.get(
        "/api/kb/suggest",
        params={"q": "how long until my parcel arrives", "collection": collection},
    )
    assert response.status_code == 200, response.text
    suggestions = response.json()["suggestions"]
    assert suggestions[0]["document_id"] == "shipping"
    assert set(suggestions[0]) == {"document_id", "title", "snippet", "score"}
    short = admin.client.get("/api/kb/suggest", params={"q": "hi", "collection": collection})
    assert short.json()["suggestions"] == []
    assert_problem(
        admin.client.get(
            "/api/kb/suggest", params={"q": "parcel", "n": 0, "collection": collection}
        ),
        422,
        "n",
    )


def test_similar_tickets(admin: Api) -> None:
    requester = admin.user()["id"] if hasattr(admin, "user") else admin.me["id"]
    first = admin.ticket(requester, title="Cannot reset password", content="Reset link missing")
    second = admin.ticket(requester, title="Password reset e-mail", content="No reset link")
    admin.ticket(requester, title="Invoice wrong", content="Wrong VAT number")
    admin.server.call(admin.server.container.ticket_indexer().drain)
    response = admin.client.get(f"/api/tickets/{first['id']}/similar", params={"n": 2})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ticket_id"] == first["id"]
    assert body["close_match"] == 0.0  # the test embedder's scale is nobody's: no floor
    assert body["similar"][0]["id"] == second["id"]
    assert first["id"] not in [s["id"] for s in body["similar"]]
    assert_problem(admin.client.get("/api/tickets/999999/similar"), 404)
    assert_problem(admin.client.get(f"/api/tickets/{first['id']}/similar", params={"n": 21}), 422)
