import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from entrypoints.cli import main


def test_db_upgrade_creates_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "cli.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    tables = {row[0] for row in sqlite3.connect(database).execute("select name from sqlite_master")}
    assert {"users", "tickets", "ticket_tags", "replies", "alembic_version"} <= tables
    again = CliRunner().invoke(main, ["db", "upgrade"])
    assert again.exit_code == 0, again.output


def test_a_bad_setting_is_a_usage_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "oracle://nobody@nowhere/db")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 2
    assert "DATABASE_URL" in result.output


def test_openapi_prints_the_api_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # building the app resolves a development key under ./var
    output = tmp_path / "openapi.json"
    result = CliRunner().invoke(main, ["openapi", "--output", str(output)])
    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text())
    assert "/api/tickets" in document["paths"]
    assert "Ticket" in document["components"]["schemas"]
