"""`astratickets kb ingest|reindex` and the sample knowledge base, on SQLite + embedded Chroma."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import CliRunner

from entrypoints.cli import main
from entrypoints.container import build_container
from entrypoints.knowledge_cli import SAMPLE_KB, load_sample_kb_if_empty, read_document
from entrypoints.settings import Settings


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "EMBEDDING_MODEL": "hashing",
        "VECTOR_STORE_PATH": str(tmp_path / "vectors"),
        "DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    return values


def test_ingest_files_and_folders_then_reindex(env: dict[str, str], tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "Refund Policy.md").write_text("# Refunds\n\nWithin 30 days.", encoding="utf-8")
    (docs / "page.html").write_text("<title>Page</title><p>Hello</p>", encoding="utf-8")
    (docs / "ignored.pdf").write_bytes(b"%PDF")
    single = tmp_path / "notes.txt"
    single.write_text("Plain notes.", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["kb", "ingest", str(docs), str(single)])
    assert first.exit_code == 0, first.output
    assert "3 document(s) written, 0 unchanged" in first.output
    again = runner.invoke(main, ["kb", "ingest", str(docs), str(single)])
    assert "0 document(s) written, 3 unchanged" in again.output
    reindex = runner.invoke(main, ["kb", "reindex"])
    assert reindex.exit_code == 0, reindex.output
    assert "kb_main: 3 chunks (0 embedded again)" in reindex.output
    assert "tickets: 0 indexed" in reindex.output
    unknown = runner.invoke(main, ["kb", "reindex", "--collection", "nope"])
    assert unknown.exit_code != 0 and "no collection 'nope'" in unknown.output


def test_read_document_takes_the_title_from_the_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "How To_Reset.md"
    path.write_text("# Reset your password\n\nSteps here.", encoding="utf-8")
    document = read_document(path)
    assert (document.id, document.title, document.text) == (
        "how-to_reset",
        "Reset your password",
        "Steps here.",
    )


def test_the_sample_knowledge_base_loads_once(tmp_path: Path) -> None:
    from adapters.sql.migrate import upgrade_database

    url = f"sqlite:///{tmp_path / 'sample.db'}"
    upgrade_database(url)
    settings = Settings(
        database_url=url,
        embedding_model="hashing",
        vector_store_path="memory://",
        data_dir=tmp_path,
    )
    container = build_container(settings)

    async def twice() -> tuple[str, str]:
        try:
            return (
                await load_sample_kb_if_empty(container),
                await load_sample_kb_if_empty(container),
            )
        finally:
            await container.health_probe().close()

    first, second = asyncio.run(twice())
    articles = len(list(SAMPLE_KB.glob("*.md")))
    assert articles >= 15
    assert first == f"knowledge base: loaded {articles} sample articles into 'kb_main'"
    assert second == "knowledge base: already has documents"
