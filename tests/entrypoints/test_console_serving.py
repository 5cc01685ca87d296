from pathlib import Path

import pytest
from litestar.testing import TestClient

from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.http.api import SECRET_KEY
from tests.http.servers import LIGHT_KNOWLEDGE_BASE, cheap_container


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><div id=root>console</div>")
    (tmp_path / "assets" / "app-1234.js").write_text("console.log('hi')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    return tmp_path


def client_for(dist: Path) -> TestClient:
    settings = Settings(
        database_url="memory://",
        console_dist=dist,
        secret_key=SECRET_KEY,
        data_dir=dist.parent,
        **LIGHT_KNOWLEDGE_BASE,
    )
    return TestClient(create_app(cheap_container(settings)))


def test_index_and_deep_links_serve_the_single_page_app(dist: Path) -> None:
    with client_for(dist) as client:
        for path in ("/", "/tickets", "/tickets/42", "/users/7"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "console" in response.text
            assert response.headers["content-type"].startswith("text/html")


def test_hashed_assets_are_served_with_a_long_cache(dist: Path) -> None:
    with client_for(dist) as client:
        response = client.get("/assets/app-1234.js")
        assert response.status_code == 200
        assert "immutable" in response.headers["cache-control"]
        assert client.get("/favicon.svg").status_code == 200


def test_missing_files_and_unknown_api_paths_are_404_not_the_app(dist: Path) -> None:
    with client_for(dist) as client:
        assert client.get("/assets/missing.js").status_code == 404
        response = client.get("/api/nothing-here")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")


def test_paths_cannot_escape_the_console_folder(dist: Path) -> None:
    (dist.parent / "secret.txt").write_text("top secret")
    with client_for(dist) as client:
        response = client.get("/..%2Fsecret.txt")
        assert "top secret" not in response.text


def test_without_a_built_console_the_root_says_how_to_build_it(tmp_path: Path) -> None:
    with client_for(tmp_path / "nowhere") as client:
        response = client.get("/")
        assert response.status_code == 200
        assert "make run" in response.text
        api = client.get("/api/tickets")  # the API is there, behind sign-in
        assert api.status_code == 401
        assert api.headers["content-type"].startswith("application/problem+json")
