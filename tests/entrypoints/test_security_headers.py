"""Browser protections: security headers on every response, CORS only for configured origins."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import TestClient

from entrypoints.http.app import create_app
from entrypoints.http.security_headers import API_DOCS_POLICY, CONSOLE_POLICY
from entrypoints.settings import Settings
from tests.http.api import SECRET_KEY
from tests.http.servers import LIGHT_KNOWLEDGE_BASE, cheap_container

ALLOWED_ORIGIN = "https://support.example.com"


def _client(tmp_path: Path, **overrides) -> TestClient:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><div id=root></div>")
    settings = Settings(
        database_url="memory://",
        console_dist=dist,
        secret_key=SECRET_KEY,
        data_dir=tmp_path,
        **LIGHT_KNOWLEDGE_BASE,
        **overrides,
    )
    return TestClient(create_app(cheap_container(settings)))


@pytest.fixture
def client(tmp_path: Path):
    with _client(tmp_path, cors_origins=(ALLOWED_ORIGIN,)) as client:
        yield client


def _directives(policy: str) -> dict[str, str]:
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in policy.split(";"))
    }


@pytest.mark.parametrize(
    "path", ["/", "/tickets/7", "/health", "/api/tickets", "/api/no-such-route", "/nowhere.js"]
)
def test_console_api_and_errors_carry_the_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path)

    assert response.headers["content-security-policy"] == CONSOLE_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


def test_the_console_policy_forbids_inline_script_eval_and_framing() -> None:
    directives = _directives(CONSOLE_POLICY)

    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in CONSOLE_POLICY
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_the_api_docs_get_the_policy_swagger_ui_needs(client: TestClient) -> None:
    response = client.get("/schema/swagger")

    assert response.status_code == 200
    assert response.headers["content-security-policy"] == API_DOCS_POLICY
    assert _directives(API_DOCS_POLICY)["frame-ancestors"] == "'none'"
    script_urls = [line for line in response.text.split('"') if line.endswith(".js")]
    cdn = _directives(API_DOCS_POLICY)["script-src"].split()[-1]
    assert script_urls and all(url.startswith(cdn) for url in script_urls)


def test_a_configured_origin_may_call_the_api_from_a_browser(client: TestClient) -> None:
    preflight = client.options(
        "/api/tickets",
        headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    simple = client.get("/health", headers={"Origin": ALLOWED_ORIGIN})

    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert simple.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "ETag" in simple.headers["access-control-expose-headers"]


def test_other_origins_get_no_cors_grant(client: TestClient) -> None:
    preflight = client.options(
        "/api/tickets",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    simple = client.get("/health", headers={"Origin": "https://evil.example"})

    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in simple.headers


def test_without_configured_origins_no_origin_is_granted(tmp_path: Path) -> None:
    with _client(tmp_path) as client:
        response = client.get("/health", headers={"Origin": ALLOWED_ORIGIN})

    assert "access-control-allow-origin" not in response.headers
