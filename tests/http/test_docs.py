"""Health check, Swagger UI and the OpenAPI document."""

from __future__ import annotations

from tests.http.api import Api

ROUTES = {
    "/health": {"get"},
    "/api/auth/token": {"post"},
    "/api/auth/signup": {"post"},
    "/api/auth/me": {"get"},
    "/api/users": {"get", "post"},
    "/api/users/{user_id}": {"get", "patch", "delete"},
    "/api/tickets": {"get", "post"},
    "/api/tickets/{ticket_id}": {"get", "put", "patch", "delete"},
    "/api/tickets/{ticket_id}/replies": {"get", "post"},
    "/api/tickets/{ticket_id}/replies/{reply_id}": {"delete"},
    "/api/tickets/{ticket_id}/activity": {"get"},
    "/api/tickets/{ticket_id}/satisfaction": {"get", "post"},
    "/api/sla/policies": {"get", "put"},
    "/api/stats/dashboard": {"get"},
    "/api/stats/dashboard.csv": {"get"},
}


def test_health_says_ok(api: Api) -> None:
    response = api.anonymous().client.get("/health")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert isinstance(body["version"], str)


def test_docs_lead_to_the_swagger_ui(api: Api) -> None:
    response = api.anonymous().client.get("/docs", follow_redirects=True)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "swagger" in response.text.lower()


def test_the_openapi_document_lists_every_route(api: Api) -> None:
    response = api.anonymous().client.get("/schema/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    paths = {path.rstrip("/") or "/": ops for path, ops in document["paths"].items()}
    for path, methods in ROUTES.items():
        assert path in paths, (path, sorted(paths))
        assert methods <= set(paths[path]), (path, sorted(paths[path]))


def test_the_openapi_document_describes_problems_and_list_headers(api: Api) -> None:
    document = api.client.get("/schema/openapi.json").json()
    paths = {path.rstrip("/"): ops for path, ops in document["paths"].items()}

    listing = paths["/api/tickets"]["get"]
    assert {"X-Total-Count", "Link"} <= set(listing["responses"]["200"].get("headers", {}))
    names = {p["name"] for p in listing["parameters"]}
    assert {"page", "page_size", "status", "priority", "requester_id", "assignee_id"} <= names
    assert {"tag", "category", "q", "sort"} <= names
    patch = paths["/api/tickets/{ticket_id}"]["patch"]
    assert "application/problem+json" in patch["responses"]["412"]["content"]
    assert "If-Match" in {p["name"] for p in patch["parameters"]}


def test_the_openapi_document_says_how_to_sign_in(api: Api) -> None:
    document = api.anonymous().client.get("/schema/openapi.json").json()
    paths = {path.rstrip("/"): ops for path, ops in document["paths"].items()}

    (scheme,) = document["components"]["securitySchemes"].values()
    assert scheme["type"] == "oauth2"
    assert scheme["flows"]["password"]["tokenUrl"] == "/api/auth/token"
    assert document["security"], "signing in is the default for every operation"
    for public in (paths["/health"]["get"], paths["/api/auth/token"]["post"]):
        assert public["security"] == [{}], public
    for protected in (paths["/api/tickets"]["get"], paths["/api/users/{user_id}"]["patch"]):
        assert "security" not in protected or protected["security"] != [{}]
        assert "application/problem+json" in protected["responses"]["401"]["content"]
    assert "429" in paths["/api/auth/token"]["post"]["responses"]
