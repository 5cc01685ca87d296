"""Inserting many rows at once and learning their ids, fast on every database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection


async def insert_returning_ids(
    connection: AsyncConnection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert `rows` (batched multi-row INSERTs) and return their new ids, in row order.

    PostgreSQL: SQLAlchemy's ordered "insertmanyvalues", which matches ids to rows
    itself. SQLite and MariaDB would run that one row at a time; there each
    multi-row INSERT hands out increasing auto-increment ids in the order of its
    rows and the batches run in order, so the returned ids, sorted, are the rows'.
    """
    if not rows:
        return []
    ordered = connection.dialect.name == "postgresql"
    result = await connection.execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=ordered), list(rows)
    )
    ids = list(result.scalars())
    return ids if ordered else sorted(ids)
