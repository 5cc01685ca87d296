"""Rows written straight into a migrated database, bypassing the repositories (as a backup
restore or another tool would): what the database itself must cope with."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

AT = "2026-01-01 00:00:00.000000"


def insert_raw_tickets(connection: Any, tickets: dict[int, tuple[str, str]]) -> None:
    """A customer (id 1) and the tickets id -> (title, content), open, medium priority."""
    connection.execute(
        text(
            "INSERT INTO users (id, email, name, created_at, role, active)"
            f" VALUES (1, 'a@example.com', 'A', '{AT}', 'customer', 1)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO tickets (id, title, content, status, priority, requester_id,"
            " created_at, updated_at, version) VALUES (:id, :title, :content, 'open', 2, 1,"
            f" '{AT}', '{AT}', 1)"
        ),
        [{"id": i, "title": title, "content": content} for i, (title, content) in tickets.items()],
    )
