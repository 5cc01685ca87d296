"""`astratickets export` / `import`: a full backup that restores to exactly the same data.

A helpdesk is used through its HTTP API on SQLite (accounts, tickets with tags,
replies and internal notes, a status history, a rating, knowledge documents, a
failed sign-in), exported, imported into a new database — SQLite, PostgreSQL
and MariaDB, so it is also the way to move between them — and exported again:
the two exports hold the same rows, byte for byte. The restored database keeps
working: new rows get new ids, never one of the restored ones.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from adapters.sql.backup import BackupError, export_database, import_database
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.ticket_text_index import INDEX
from adapters.sql.unit_of_work import SqlUnitOfWorkFactory
from application.queries import TicketQuery
from entrypoints.cli import main
from tests.builders import a_user
from tests.http.servers import fresh_api, running_server, settings_for

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
FILLED_TABLES = {
    "users",
    "tickets",
    "ticket_tags",
    "replies",
    "ticket_activity",
    "satisfaction_ratings",
    "login_throttle",
    "kb_collections",
    "kb_documents",
    "kb_chunks",
}


@pytest.fixture(scope="module")
def source_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database with a little of everything, made through the API."""
    folder = tmp_path_factory.mktemp("backup-source")
    url = f"sqlite:///{folder / 'source.db'}"
    upgrade_database(url)
    with running_server(settings_for(url, folder)) as server:
        admin = fresh_api(server)
        agent = admin.account("agent", name="Agnes Agent")
        customer = admin.account("customer", name="Carl Client — ünïcödé ✓")
        ticket = customer.ticket(title="Card declined", content="<script>alert(1)</script> 💳")
        agent.reply(ticket["id"], "Checking with the bank.")
        agent.reply(ticket["id"], "Internal: fraud flag?", internal=True)
        agent.patch(ticket["id"], status="resolved", tags=["billing", "card"], category="billing")
        rated = customer.client.post(
            f"/api/tickets/{ticket['id']}/satisfaction", json={"score": 4, "comment": "ok"}
        )
        assert rated.status_code == 201, rated.text
        doomed = customer.ticket(title="Never mind", content="Wrong button.")
        assert admin.client.delete(f"/api/tickets/{doomed['id']}").status_code == 204
        ingested = admin.client.post(
            "/api/kb/ingest",
            json={"documents": [{"title": "Refunds", "text": "# Refunds\n\nWithin 14 days."}]},
        )
        assert ingested.status_code == 201, ingested.text
        refused = admin.client.post(
            "/api/auth/token", json={"email": "nobody@example.com", "password": "wrong"}
        )
        assert refused.status_code == 401
    return url


async def _export(url: str) -> tuple[dict, list[str]]:
    engine = create_engine(url, pool_size=1)
    try:
        out = io.StringIO()
        await export_database(engine, out, now=NOW)
    finally:
        await engine.dispose()
    header, *rows = out.getvalue().splitlines()
    return json.loads(header), rows


async def _import(url: str, text: str):
    engine = create_engine(url, pool_size=1)
    try:
        return await import_database(engine, io.StringIO(text))
    finally:
        await engine.dispose()


def _as_text(header: dict, rows: list[str]) -> str:
    return "\n".join([json.dumps(header), *rows]) + "\n"


async def test_the_export_holds_every_kind_of_record(source_database: str) -> None:
    header, rows = await _export(source_database)

    assert header["format"] == "astratickets-export" and header["version"] == 1
    filled = {name for name, count in header["tables"].items() if count}
    assert filled >= FILLED_TABLES
    assert len(rows) == sum(header["tables"].values())
    assert any("<script>alert(1)</script> 💳" in row for row in rows)  # verbatim
    assert any('"password_hash":"$argon2id$' in row for row in rows)


@pytest.mark.parametrize(
    "target",
    ["sqlite_url", pytest.param("postgres_url", marks=pytest.mark.postgres),
     pytest.param("mariadb_url", marks=pytest.mark.mariadb)],
)  # fmt: skip
async def test_export_import_export_gives_the_same_rows(
    source_database: str, target: str, request: pytest.FixtureRequest
) -> None:
    header, rows = await _export(source_database)
    target_url = request.getfixturevalue(target)

    summary = await _import(target_url, _as_text(header, rows))
    again_header, again_rows = await _export(target_url)

    assert summary.total == len(rows)
    assert again_header["tables"] == header["tables"]
    assert again_rows == rows


async def test_a_restored_database_hands_out_new_ids(
    source_database: str, postgres_url: str
) -> None:
    header, rows = await _export(source_database)
    await _import(postgres_url, _as_text(header, rows))
    restored_ids = [json.loads(r)["row"]["id"] for r in rows if '"table":"users"' in r]

    engine = create_engine(postgres_url, pool_size=1)
    try:
        async with SqlUnitOfWorkFactory(engine)() as uow:
            user = a_user()
            await uow.users.add(user)
            await uow.commit()
    finally:
        await engine.dispose()

    assert user.id is not None and user.id > max(restored_ids)


async def test_a_restore_into_sqlite_fills_the_ticket_text_index(
    source_database: str, sqlite_url: str
) -> None:
    """The import writes tickets by plain INSERTs; the triggers of migration 0010 index them."""
    header, rows = await _export(source_database)
    await _import(sqlite_url, _as_text(header, rows))

    engine = create_engine(sqlite_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            await connection.execute(
                text(f"INSERT INTO {INDEX}({INDEX}, rank) VALUES ('integrity-check', 1)")
            )
        async with SqlUnitOfWorkFactory(engine)(read_only=True) as uow:
            page = await uow.tickets.list(TicketQuery(text="DECLINED"))
    finally:
        await engine.dispose()
    assert [t.title for t in page.items] == ["Card declined"]


async def test_import_refuses_a_database_that_is_not_empty(
    source_database: str, sqlite_url: str
) -> None:
    header, rows = await _export(source_database)
    await _import(sqlite_url, _as_text(header, rows))

    with pytest.raises(BackupError, match="not empty"):
        await _import(sqlite_url, _as_text(header, rows))


async def test_import_refuses_another_schema_revision_and_garbage(
    source_database: str, sqlite_url: str
) -> None:
    header, rows = await _export(source_database)

    with pytest.raises(BackupError, match="schema revision"):
        await _import(sqlite_url, _as_text({**header, "schema_revision": "0001"}, rows))
    with pytest.raises(BackupError, match="no header"):
        await _import(sqlite_url, "hello\n")
    with pytest.raises(BackupError, match="line 3"):
        await _import(sqlite_url, _as_text(header, [rows[0], '{"table": "nope", "row": {}}']))
    assert (await _export(sqlite_url))[0]["tables"] == dict.fromkeys(header["tables"], 0)


async def test_a_truncated_export_lands_nothing(source_database: str, sqlite_url: str) -> None:
    header, rows = await _export(source_database)

    with pytest.raises(BackupError, match="incomplete"):
        await _import(sqlite_url, _as_text(header, rows[:-3]))

    assert (await _export(sqlite_url))[0]["tables"] == dict.fromkeys(header["tables"], 0)


def test_the_cli_exports_to_a_file_and_imports_it(
    source_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "backup.jsonl"
    runner = CliRunner()
    monkeypatch.setenv("DATABASE_URL", source_database)
    exported = runner.invoke(main, ["export", "--output", str(backup)])
    assert exported.exit_code == 0, exported.output

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'restored.db'}")
    imported = runner.invoke(main, ["import", str(backup)])

    assert imported.exit_code == 0, imported.output
    lines = backup.read_text(encoding="utf-8").splitlines()
    assert f"imported {len(lines) - 1} rows" in imported.output
    again = runner.invoke(main, ["import", str(backup)])
    assert again.exit_code != 0 and "not empty" in again.output
