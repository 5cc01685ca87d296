"""Several processes share state only through the database, Redis and a Chroma server:
`serve --workers N` and `worker` refuse settings that would keep it per process."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from entrypoints.cli import main
from entrypoints.process_checks import several_api_processes_problem
from entrypoints.settings import Settings


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "VECTOR_STORE_PATH": "",
        "CHROMA_URL": "",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        **values,
    }


def test_several_api_processes_need_a_shared_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--workers", "2"], env=_env(tmp_path, DATABASE_URL="memory://")
    )
    assert result.exit_code == 2 and "needs a shared database" in result.output


def test_several_api_processes_need_a_chroma_server(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--workers", "2"], env=_env(tmp_path))
    assert result.exit_code == 2, result.output
    assert "--workers 2 needs a Chroma server: set CHROMA_URL" in result.output
    assert "safe for one process only" in result.output


def test_a_worker_beside_the_api_needs_a_chroma_server(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["worker"], env=_env(tmp_path))
    assert result.exit_code == 2 and "a worker needs a Chroma server" in result.output


def test_what_is_allowed(tmp_path: Path) -> None:
    sqlite = f"sqlite:///{tmp_path / 'db.sqlite'}"
    one = Settings(database_url="memory://", data_dir=tmp_path)
    assert several_api_processes_problem(one, 1) is None
    server = Settings(database_url=sqlite, chroma_url="http://127.0.0.1:8001")
    assert several_api_processes_problem(server, 4) is None
    # Vectors in each process's memory are a deliberate choice (tests, demos).
    own = Settings(database_url=sqlite, vector_store_path="memory://")
    assert several_api_processes_problem(own, 4) is None
