"""The console's API types must be what openapi-typescript makes of today's API."""

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from entrypoints.cli import main

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "frontend" / "node_modules" / ".bin" / "openapi-typescript"
COMMITTED = REPO / "frontend" / "src" / "api" / "schema.d.ts"


def test_committed_console_types_match_the_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not GENERATOR.exists():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("frontend/node_modules is missing: run `make install-frontend`")
        pytest.skip("frontend/node_modules is missing (make install-frontend)")
    document = tmp_path / "openapi.json"
    monkeypatch.chdir(tmp_path)  # building the app resolves a development key under ./var
    result = CliRunner().invoke(main, ["openapi", "--output", str(document)])
    assert result.exit_code == 0, result.output
    generated = tmp_path / "schema.d.ts"
    subprocess.run(
        [str(GENERATOR), str(document), "--output", str(generated)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert generated.read_text() == COMMITTED.read_text(), (
        "frontend/src/api/schema.d.ts is out of date with the API: "
        "run `npm --prefix frontend run gen:api` and commit the result"
    )
