"""On SQLite, the tickets whose text may contain a search text, found in an FTS5 index.

Migration 0010 keeps `tickets_fts`, an FTS5 trigram index over `tickets.title` and
`tickets.content`, in step with every write to `tickets`. The search itself stays the
LIKE of `contains_text`, over the product's Unicode-aware `lower()` (Python's
`str.lower`); the index only narrows the rows that LIKE looks at, so it must hold
EVERY ticket that LIKE would match: a candidate too many costs a LIKE, one too few is a
wrong result.

The trigram tokenizer folds case itself, one code point to one code point, by SQLite's
own tables, which are older than Python's: it leaves, for instance, Georgian Mtavruli,
Cherokee and Osage capitals, and 'İ' (which `lower()` makes two code points, 'i' and a
combining dot), as they are. A text that contains the lowered form of such a character
may then match a ticket through `lower()` but not through the index. So the phrases
asked of the index are the pieces of the lowered search text between such characters
(an 'i' at a piece's end may be the first half of a lowered 'İ', so it is left off),
each at least three characters long (the trigram index cannot find shorter ones). Every
ticket that contains the whole text contains every piece, in the index's folding as
well: the index is asked for all of them, each an FTS5 string (in double quotes, a double
quote doubled: nothing else in it has a meaning). When no piece is long enough, there is
no index condition and `q` scans, as it does for one- and two-character texts. Whether
the page, besides the count, is read through the index is the repository's choice
(`SqlTicketRepository._walking_is_cheaper`).

Which characters fold differently is worked out once per process, by asking SQLite's
tokenizer how it folds each character that `lower()` changes (`_folding_differences`),
so a newer Python or SQLite cannot make the index miss tickets.
"""

from __future__ import annotations

import functools
import sqlite3
import sys

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table

from adapters.sql.limits import storable_text
from adapters.sql.tables import tickets

INDEX = "tickets_fts"
"""The FTS5 table of migration 0010; not declared in the metadata (it exists on SQLite only)."""

SQLITE_ONLY_TABLES = frozenset(
    {INDEX, *(f"{INDEX}_{shadow}" for shadow in ("data", "idx", "docsize", "config"))}
)
"""The index and the shadow tables FTS5 keeps it in: Alembic's comparisons leave them out
(`adapters.sql.schema.compared_by_alembic`)."""

SQLITE_ONLY_TRIGGERS = frozenset(
    {"tickets_fts_after_insert", "tickets_fts_after_delete", "tickets_fts_after_update"}
)

TRIGRAM = 3
_index = table(INDEX, column("rowid"))


@functools.cache
def _folding_differences() -> tuple[frozenset[str], frozenset[str]]:
    """Characters of a lowered text where a ticket's text may be folded otherwise in the index.

    First: characters that anywhere may be `lower()` of a character that the index folds
    otherwise. Second: characters that may be so only at the end of a piece: the first of
    several that `lower()` makes of one character (the others are in the first set).
    """
    changed = [
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if not "\ud800" <= c <= "\udfff" and c.lower() != c
    ]
    # `lower()` writes a capital sigma as a final sigma at a word's end: both forms count.
    lowerings = {c: {c.lower(), ("a" + c).lower()[1:]} for c in changed}
    probed = sorted(set(changed) | {x for forms in lowerings.values() for f in forms for x in f})
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
        connection.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance')")
        connection.executemany(
            "INSERT INTO probe(rowid, x) VALUES (?, ?)", [(ord(c), c * TRIGRAM) for c in probed]
        )
        terms = connection.execute("SELECT doc, term FROM probe_terms").fetchall()
    finally:
        connection.close()
    folded = {chr(doc): term[0] for doc, term in terms}  # each character as the index folds it
    anywhere: set[str] = set()
    at_end: set[str] = set()
    for c, forms in lowerings.items():
        for form in forms:
            if "".join(folded[x] for x in form) == folded[c]:
                continue
            if len(form) == 1:
                anywhere.add(form)
            else:
                at_end.add(form[0])
                anywhere.update(form[1:])
    return frozenset(anywhere), frozenset(at_end - anywhere)


def index_phrases(text: str) -> list[str]:
    """The pieces of lowered `text` that every ticket containing `text` has in the index."""
    anywhere, at_end = _folding_differences()
    pieces: list[str] = []
    piece: list[str] = []
    for character in [*text.lower(), None]:
        if character is not None and character not in anywhere:
            piece.append(character)
            continue
        if piece and piece[-1] in at_end:
            piece.pop()
        if len(piece) >= TRIGRAM:
            pieces.append("".join(piece))
        piece = []
    return pieces


def _fts5_string(phrase: str) -> str:
    """`phrase` as an FTS5 string: in double quotes, where only a double quote is special."""
    return '"' + phrase.replace('"', '""') + '"'


def index_query(text: str) -> str | None:
    """The FTS5 query for the tickets that may contain `text`; None where the index cannot
    help (no piece of three characters) or `text` cannot be stored (no ticket has it)."""
    if not storable_text(text):
        return None
    phrases = index_phrases(text)
    if not phrases:
        return None
    return " AND ".join(_fts5_string(phrase) for phrase in dict.fromkeys(phrases))


def _matches(query: str) -> ColumnElement[bool]:
    return literal_column(INDEX).op("MATCH")(query)


def indexed_candidates(query: str) -> ColumnElement[bool]:
    """`tickets.id IN (the tickets the index finds)`: only beside `contains_text`, which decides."""
    return tickets.c.id.in_(select(_index.c.rowid).where(_matches(query)))


def indexed_count(query: str, at_most: int) -> Select[tuple[int]]:
    """How many tickets the index finds (at least as many as contain the text), counting
    no further than `at_most`."""
    found = select(_index.c.rowid).where(_matches(query)).limit(at_most).subquery()
    return select(func.count()).select_from(found)
