"""Knowledge-base documents and chunks, and the names and values they may carry."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import FieldProblem, InvalidValue

TITLE_MAX_LENGTH = 300
METADATA_MAX_KEYS = 32
METADATA_KEY_MAX_LENGTH = 64
METADATA_VALUE_MAX_LENGTH = 1_000
RESERVED_METADATA_PREFIX = "_"

MetadataValue = str | int | float | bool
Metadata = dict[str, MetadataValue]

_COLLECTION = re.compile(r"[a-z0-9](?:[a-z0-9_-]{1,61})[a-z0-9]")
_DOCUMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_METADATA_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")


def collection_name(raw: object, field_name: str = "collection") -> str:
    """3..63 lower-case letters, digits, `_` or `-`, starting and ending with a letter or digit."""
    if not isinstance(raw, str) or not _COLLECTION.fullmatch(raw):
        raise InvalidValue.single(
            field_name,
            "must be 3..63 lower-case letters, digits, '_' or '-', "
            "starting and ending with a letter or digit",
        )
    return raw


def document_id(raw: object, field_name: str = "id") -> str:
    """1..128 letters, digits, '.', '_' or '-', starting with a letter or digit."""
    if not isinstance(raw, str) or not _DOCUMENT_ID.fullmatch(raw):
        raise InvalidValue.single(
            field_name,
            "must be 1..128 letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    return raw


def new_document_id() -> str:
    return uuid.uuid4().hex


def metadata(raw: object, field_name: str = "metadata") -> Metadata:
    """Flat metadata: up to 32 keys, each value a string, number or boolean.

    Keys starting with '_' are reserved for the system. Strings hold at most
    1,000 characters; numbers must be finite.
    """
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InvalidValue.single(field_name, "must be an object of keys and values")
    problems: list[FieldProblem] = []
    if len(raw) > METADATA_MAX_KEYS:
        problems.append(FieldProblem(field_name, f"at most {METADATA_MAX_KEYS} keys"))
    clean: Metadata = {}
    for key, value in raw.items():
        where = f"{field_name}.{key}"
        if (
            not isinstance(key, str)
            or len(key) > METADATA_KEY_MAX_LENGTH
            or not _METADATA_KEY.fullmatch(key)
        ):
            problems.append(
                FieldProblem(
                    where,
                    "keys are 1..64 letters, digits, '_', '.' or '-' and start with a letter",
                )
            )
            continue
        if isinstance(value, bool | int):
            if not isinstance(value, bool) and abs(value) >= 2**63:
                problems.append(FieldProblem(where, "must fit in 64 bits"))
                continue
            clean[key] = value
        elif isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                problems.append(FieldProblem(where, "must be a finite number"))
                continue
            clean[key] = value
        elif isinstance(value, str):
            if len(value) > METADATA_VALUE_MAX_LENGTH or "\x00" in value:
                problems.append(
                    FieldProblem(where, f"must be at most {METADATA_VALUE_MAX_LENGTH} characters")
                )
                continue
            clean[key] = value
        else:
            problems.append(FieldProblem(where, "must be a string, number or boolean"))
    if problems:
        raise InvalidValue(problems)
    return clean


def content_hash(*parts: object) -> str:
    """A stable SHA-256 of the given parts (JSON-encoded with sorted keys)."""
    encoded = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    """A document as submitted, validated: what ingestion turns into a stored Document."""

    id: str
    title: str
    text: str
    metadata: Metadata
    source: str | None = None

    @classmethod
    def of(
        cls,
        *,
        text: object,
        id: object = None,
        title: object = None,
        metadata_: object = None,
        source: str | None = None,
        max_chars: int,
        field_prefix: str = "",
    ) -> DocumentDraft:
        problems: list[FieldProblem] = []

        def check(fn, *args):  # type: ignore[no-untyped-def]
            try:
                return fn(*args)
            except InvalidValue as error:
                problems.extend(error.problems)
                return None

        ident = new_document_id() if id is None else check(document_id, id, f"{field_prefix}id")
        clean_title = ""
        if title is not None:
            if not isinstance(title, str) or len(title) > TITLE_MAX_LENGTH or "\x00" in title:
                problems.append(
                    FieldProblem(f"{field_prefix}title", f"at most {TITLE_MAX_LENGTH} characters")
                )
            else:
                clean_title = " ".join(title.split())
        body = ""
        if not isinstance(text, str) or not text.strip():
            problems.append(FieldProblem(f"{field_prefix}text", "must not be empty"))
        elif "\x00" in text:
            problems.append(FieldProblem(f"{field_prefix}text", "must not contain NUL characters"))
        elif len(text) > max_chars:
            problems.append(
                FieldProblem(
                    f"{field_prefix}text",
                    f"must be at most {max_chars} characters (got {len(text)})",
                )
            )
        else:
            body = text.strip()
        meta = check(metadata, metadata_, f"{field_prefix}metadata") or {}
        if problems:
            raise InvalidValue(problems)
        return cls(id=ident, title=clean_title, text=body, metadata=meta, source=source)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a document that is embedded and searched on its own.

    `title` and `section` (the Markdown heading path) travel with every chunk so
    a match can always say where it came from; `embedding_text` carries them too.
    """

    id: str
    document_id: str
    position: int
    title: str
    section: str
    text: str

    @property
    def embedding_text(self) -> str:
        heading = " > ".join(part for part in (self.title, self.section) if part)
        return f"{heading}\n\n{self.text}" if heading else self.text


@dataclass
class Document:
    """A stored knowledge-base document: the source of truth its chunks are cut from."""

    collection: str
    id: str
    title: str
    text: str
    metadata: Metadata
    content_hash: str
    chunk_count: int
    created_at: datetime
    updated_at: datetime
    source: str | None = None
    chunks: list[Chunk] = field(default_factory=list)
