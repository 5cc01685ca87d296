"""Reading `POST /api/tickets/import` bodies: a JSON array, or NDJSON, of tickets.

Rules:
- `application/x-ndjson` (or `application/ndjson`, `application/jsonl`): one
  ticket per line; blank lines are skipped; tickets are numbered from 0 in the
  order of their lines, and a line that is not JSON is reported with its line
  number; any other JSON media type: one JSON array;
- the body is refused beyond IMPORT_MAX_BYTES (413), as it streams in;
- each ticket's type problems are reported at its JSON pointer (`/3/title`,
  `/3/replies/0/created_at`), together with the value problems the import use
  case finds, so one response lists them all.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import HTTPException

from application.use_cases.import_tickets import ImportTickets, ReplyRecord, TicketRecord
from domain.errors import FieldProblem, InvalidValue
from entrypoints.http.schemas.classifier import ImportTicketIn

NDJSON_TYPES = frozenset({"application/x-ndjson", "application/ndjson", "application/jsonl"})
_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_NAMED = re.compile(r"^Object (?P<kind>missing required|contains unknown) field `(?P<name>[^`]+)`$")


_NOT_JSON = object()


class ImportTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"an import may be at most {limit:,} bytes (IMPORT_MAX_BYTES)")


async def read_body(request: Request[Any, Any, Any], limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ImportTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ImportTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _pointer(path: str) -> str:
    """`.replies[0].created_at` -> `replies/0/created_at`."""
    return re.sub(r"\[(\d+)\]", r".\1", path).strip(".").replace(".", "/")


def _type_problem(prefix: str, error: msgspec.ValidationError, where: str) -> FieldProblem:
    found = _AT.match(str(error))
    assert found is not None
    message, path = found["message"], _pointer(found["path"] or "")
    named = _NAMED.match(message)
    if named:
        path = f"{path}/{named['name']}".strip("/")
        message = "is required" if named["kind"] == "missing required" else "is not a known field"
    return FieldProblem(f"{prefix}/{path}".rstrip("/"), f"{message}{where}")


def _type_problems(index: int, item: Any, line: int | None) -> list[FieldProblem]:
    """Every field of a ticket whose type is wrong, each at its pointer (msgspec stops at
    the first)."""
    where = f" (line {line})" if line is not None else ""
    if not isinstance(item, dict):
        return [FieldProblem(f"/{index}", f"must be a JSON object{where}")]
    problems = []
    fields = {f.encode_name: f for f in msgspec.structs.fields(ImportTicketIn)}
    for name in item.keys() - fields.keys():
        problems.append(FieldProblem(f"/{index}/{name}", f"is not a known field{where}"))
    for name, info in fields.items():
        if name not in item:
            if info.required:
                problems.append(FieldProblem(f"/{index}/{name}", f"is required{where}"))
            continue
        try:
            msgspec.convert(item[name], info.type)
        except msgspec.ValidationError as error:
            problems.append(_type_problem(f"/{index}/{name}", error, where))
    return problems


def _record(row: ImportTicketIn) -> TicketRecord:
    return TicketRecord(
        title=row.title,
        content=row.content,
        requester_email=row.requester_email,
        status=row.status,
        priority=row.priority,
        tags=row.tags,
        category=row.category,
        created_at=row.created_at,
        first_response_at=row.first_response_at,
        resolved_at=row.resolved_at,
        replies=tuple(
            ReplyRecord(r.content, r.author_email, r.internal, r.created_at) for r in row.replies
        ),
    )


def _rows(body: bytes, ndjson: bool) -> tuple[list[tuple[Any, int | None]], list[FieldProblem]]:
    """The decoded items with their line numbers (NDJSON), and the lines that are not JSON."""
    if not ndjson:
        try:
            items = msgspec.json.decode(body)
        except msgspec.DecodeError as error:
            detail = f"the body is not valid JSON: {error}"
            raise HTTPException(status_code=400, detail=detail) from None
        if not isinstance(items, list):
            raise InvalidValue.single("body", "must be a JSON array of tickets (or NDJSON)")
        return [(item, None) for item in items], []
    rows: list[tuple[Any, int | None]] = []
    problems = []
    for number, line in enumerate(body.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append((msgspec.json.decode(line), number))
        except msgspec.DecodeError as error:
            problems.append(
                FieldProblem(f"/{len(rows)}", f"line {number} is not valid JSON: {error}")
            )
            rows.append((_NOT_JSON, number))
    return rows, problems


def parse_import(body: bytes, media_type: str) -> ImportTickets:
    """The tickets of a body, each None where its problems are listed already."""
    ndjson = media_type in NDJSON_TYPES
    if not ndjson and media_type != "application/json" and not media_type.endswith("+json"):
        raise HTTPException(
            status_code=415,
            detail="send a JSON array (application/json) or NDJSON (application/x-ndjson)",
        )
    rows, problems = _rows(body, ndjson)
    records: list[TicketRecord | None] = []
    for index, (item, line) in enumerate(rows):
        if item is _NOT_JSON:  # already reported
            records.append(None)
            continue
        try:
            records.append(_record(msgspec.convert(item, ImportTicketIn)))
        except msgspec.ValidationError as error:
            found = _type_problems(index, item, line)
            problems.extend(found or [_type_problem(f"/{index}", error, "")])
            records.append(None)
    return ImportTickets(records, tuple(problems))
