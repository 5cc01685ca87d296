"""Cutting documents into chunks that respect their structure.

A document is read as Markdown: ATX headings (`# ...` to `###### ...`) open
sections, blank lines separate paragraphs, list items and lines stay whole,
and long paragraphs are cut between sentences (long sentences between
words). Pieces are packed into chunks of at most `max_chars` characters that
never cross a heading; each new chunk repeats the last sentences of the one
before, up to `overlap` characters, so that no passage loses its context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import InvalidValue
from domain.knowledge.documents import Chunk, content_hash

MIN_CHUNK_CHARS = 200
MAX_CHUNK_CHARS = 8_000
DEFAULT_CHUNK_CHARS = 1_000
DEFAULT_OVERLAP = 150

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=\S)")


@dataclass(frozen=True, slots=True)
class ChunkingPolicy:
    """How documents are cut: `max_chars` per chunk (200..8,000) and `overlap` (< half)."""

    max_chars: int = DEFAULT_CHUNK_CHARS
    overlap: int = DEFAULT_OVERLAP
    enabled: bool = True

    def __post_init__(self) -> None:
        if not MIN_CHUNK_CHARS <= self.max_chars <= MAX_CHUNK_CHARS:
            raise InvalidValue.single(
                "max_chars", f"must be between {MIN_CHUNK_CHARS} and {MAX_CHUNK_CHARS}"
            )
        if not 0 <= self.overlap <= self.max_chars // 2:
            raise InvalidValue.single(
                "overlap", f"must be between 0 and half of max_chars ({self.max_chars // 2})"
            )

    def fingerprint(self) -> list[object]:
        return [self.enabled, self.max_chars if self.enabled else 0, self.overlap]


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    joiner: str  # what separates it from the piece before: "\n\n", "\n" or " "


@dataclass(frozen=True, slots=True)
class _Section:
    path: str
    pieces: list[_Piece]


def _sections(text: str) -> list[_Section]:
    headings: list[tuple[int, str]] = []
    sections: list[_Section] = []
    current: list[str] = []

    def flush() -> None:
        pieces = _pieces("\n".join(current))
        if pieces:
            sections.append(_Section(" > ".join(h for _, h in headings), pieces))
        current.clear()

    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading:
            flush()
            level = len(heading.group(1))
            headings = [(lvl, h) for lvl, h in headings if lvl < level]
            headings.append((level, heading.group(2).strip()))
        else:
            current.append(line)
    flush()
    return sections


def _pieces(body: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    for paragraph in re.split(r"\n[ \t]*\n", body):
        lines = [line.rstrip() for line in paragraph.strip("\n").splitlines() if line.strip()]
        if not lines:
            continue
        joiner = "\n\n"
        is_list = any(_LIST_ITEM.match(line) for line in lines)
        units = lines if is_list else [" ".join(line.strip() for line in lines)]
        for unit in units:
            for number, sentence in enumerate(_SENTENCE_END.split(unit.strip())):
                if sentence:
                    pieces.append(_Piece(sentence, joiner if number == 0 else " "))
            joiner = "\n"
    return pieces


def _fit(piece: _Piece, limit: int) -> list[_Piece]:
    """Cut a piece longer than `limit` between words (or, failing that, anywhere)."""
    if len(piece.text) <= limit:
        return [piece]
    out: list[_Piece] = []
    current = ""
    for word in piece.text.split():
        while len(word) > limit:
            if current:
                out.append(_Piece(current, " "))
                current = ""
            out.append(_Piece(word[:limit], " "))
            word = word[limit:]
        if current and len(current) + 1 + len(word) > limit:
            out.append(_Piece(current, " "))
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(_Piece(current, " "))
    return [_Piece(out[0].text, piece.joiner), *out[1:]]


def _join(pieces: list[_Piece]) -> str:
    text = pieces[0].text
    for piece in pieces[1:]:
        text += piece.joiner + piece.text
    return text


def _pack(pieces: list[_Piece], max_chars: int, overlap: int) -> list[str]:
    chunks: list[str] = []
    window: list[_Piece] = []
    fresh = 0  # pieces in `window` not yet emitted in an earlier chunk
    for piece in (p for whole in pieces for p in _fit(whole, max_chars)):
        if window and len(_join([*window, piece])) > max_chars:
            if fresh:
                chunks.append(_join(window))
            carried: list[_Piece] = []
            for previous in reversed(window):
                if len(_join([previous, *carried])) > overlap:
                    break
                carried.insert(0, previous)
            while carried and len(_join([*carried, piece])) > max_chars:
                carried.pop(0)
            window, fresh = carried, 0
        window.append(piece)
        fresh += 1
    if window and fresh:
        chunks.append(_join(window))
    return chunks


def chunk_document(document_id: str, title: str, text: str, policy: ChunkingPolicy) -> list[Chunk]:
    """Cut a document into chunks, in reading order, each knowing its title and section."""
    if not policy.enabled:
        cut = [("", text.strip())]
    else:
        cut = [
            (section.path, chunk)
            for section in _sections(text)
            for chunk in _pack(section.pieces, policy.max_chars, policy.overlap)
        ]
    chunks = []
    for position, (section, body) in enumerate(cut):
        digest = content_hash(title, section, body, position)[:10]
        chunks.append(
            Chunk(
                id=f"{document_id}#{position}-{digest}",
                document_id=document_id,
                position=position,
                title=title,
                section=section,
                text=body,
            )
        )
    return chunks
