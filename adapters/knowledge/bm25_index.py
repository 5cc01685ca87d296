"""BM25 over a collection's chunks, held in process memory and kept up to date incrementally.

Words are lower-cased, stop words dropped and the rest stemmed (Snowball, via
PyStemmer when installed). The index keeps raw term frequencies and chunk
lengths, so adding and removing chunks never touches the rest of the index:

- a committed write hands its changes to `update` (chunks added, chunk ids
  removed): added chunks are tokenised off the event loop and appended, removed
  ones are marked dead. Changes are keyed by the collection revision they move
  from and to, and applied in that order, whatever order they arrive in;
- BM25 statistics (live chunk count, average length, document frequencies) are
  those of the live chunks at query time. A term's scores are computed once per
  state of the index and cached, so a query costs one array addition per term;
- dead rows are compacted away once they make up a quarter of the index.

A search that finds the index behind the collection's revision (a write made by
another process, whose changes this one never saw) answers from the index it has
and reloads it in the background; only the very first search of a collection in
a process waits for the load. Every result is read back from storage, so a chunk
deleted meanwhile is never shown.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from array import array
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from application.ports.lexical_index import LexicalEntry, LexicalLoader, LexicalMatch
from domain.knowledge import MetadataFilter

log = logging.getLogger("astratickets.knowledge")

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
    ]
)
COMPACT_SHARE = 0.25  # compact once this share of the rows is dead
DELTA_LOG = 64  # recent changes kept to replay onto a freshly loaded index
RELOAD_DELAY_S = 1.0  # a write of this process reaches its index well within this


class _Stemmer:
    def __init__(self) -> None:
        try:
            import Stemmer

            self._stem = Stemmer.Stemmer("english").stemWord
        except ImportError:  # plain suffix stripping, good enough without PyStemmer
            self._stem = _strip_suffix
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        stem = self._cache.get(word)
        if stem is None:
            stem = self._cache[word] = self._stem(word)
        return stem


def _strip_suffix(word: str) -> str:
    for suffix in ("ingly", "edly", "ing", "ies", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


_stemmer = _Stemmer()


def term_counts(text: str) -> Counter[str]:
    """How often each indexed term (stemmed, not a stop word) occurs in `text`."""
    counts: Counter[str] = Counter()
    for word, n in Counter(_WORD.findall(text.lower())).items():
        if word not in STOP_WORDS:
            counts[_stemmer(word)] += n
    return counts


def tokens(text: str) -> list[str]:
    """The distinct indexed terms of `text`."""
    return list(term_counts(text))


@dataclass(frozen=True, slots=True)
class _Tokenised:
    id: str
    counts: Counter[str]
    metadata: dict[str, object]


def _tokenise(entries: Sequence[LexicalEntry]) -> list[_Tokenised]:
    return [_Tokenised(e.id, term_counts(e.text), dict(e.metadata)) for e in entries]


@dataclass(frozen=True, slots=True)
class _Change:
    after: int  # the revision it applies to
    revision: int  # the revision it makes
    added: list[_Tokenised]
    removed: list[str]


class _Postings:
    """The rows a term occurs in, with its frequency there (appended to, never rewritten)."""

    __slots__ = ("rows", "tfs")

    def __init__(self) -> None:
        self.rows = array("i")
        self.tfs = array("f")


@dataclass
class _Index:
    """One collection's index. Rows are never reused; dead rows score nothing."""

    revision: int
    k1: float = 1.2
    b: float = 0.75
    ids: list[str] = field(default_factory=list)
    metadata: list[dict[str, object] | None] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    postings: dict[str, _Postings] = field(default_factory=dict)
    lengths: array = field(default_factory=lambda: array("f"))  # type: ignore[type-arg]
    live_length: float = 0.0
    # Derived and dropped on every change: per-term scores, numpy views, last query.
    _term_scores: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    _alive: np.ndarray | None = None
    _last_query: tuple[str, np.ndarray] | None = None

    @property
    def live(self) -> int:
        return len(self.rows)

    @property
    def dead(self) -> int:
        return len(self.ids) - len(self.rows)

    def _changed(self) -> None:
        self._term_scores.clear()
        self._alive = None
        self._last_query = None

    def add(self, entries: Iterable[_Tokenised]) -> None:
        """Add chunks; a chunk id already present is replaced."""
        entries = list(entries)
        self.remove([e.id for e in entries])
        for entry in entries:
            row = len(self.ids)
            self.ids.append(entry.id)
            self.metadata.append(entry.metadata)
            self.rows[entry.id] = row
            length = sum(entry.counts.values())
            self.lengths.append(length)
            self.live_length += length
            for term, tf in entry.counts.items():
                posting = self.postings.get(term)
                if posting is None:
                    posting = self.postings[term] = _Postings()
                posting.rows.append(row)
                posting.tfs.append(tf)
        if entries:
            self._changed()

    def remove(self, ids: Iterable[str]) -> None:
        """Mark chunks dead; unknown ids are ignored."""
        removed = False
        for ident in ids:
            row = self.rows.pop(ident, None)
            if row is not None:
                self.live_length -= self.lengths[row]
                self.metadata[row] = None
                removed = True
        if removed:
            if not self.rows:
                self.live_length = 0.0
            self._changed()

    def apply(self, change: _Change) -> None:
        self.remove(change.removed)
        self.add(change.added)
        self.revision = change.revision

    def alive(self) -> np.ndarray:
        if self._alive is None:
            alive = np.zeros(len(self.ids), dtype=bool)
            alive[list(self.rows.values())] = True
            self._alive = alive
        return self._alive

    def term_scores(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(rows, BM25 scores) of a term over the live rows, computed once per state."""
        cached = self._term_scores.get(term)
        if cached is not None:
            return cached
        posting = self.postings.get(term)
        if posting is None or not self.rows:
            return None
        rows = np.frombuffer(posting.rows, dtype=np.int32)
        live = self.alive()[rows]
        rows = rows[live]  # a copy: the posting's buffer is free to grow again
        if rows.size == 0:
            return None
        tf = np.frombuffer(posting.tfs, dtype=np.float32)[live]
        lengths = np.frombuffer(self.lengths, dtype=np.float32)[rows]
        total = self.live
        average = self.live_length / total if self.live_length > 0 else 1.0
        idf = math.log(1 + (total - rows.size + 0.5) / (rows.size + 0.5))
        norm = self.k1 * (1 - self.b + self.b * lengths / average)
        scores = (idf * tf * (self.k1 + 1) / (tf + norm)).astype(np.float32)
        self._term_scores[term] = (rows, scores)
        return rows, scores

    def scores(self, query: str) -> np.ndarray:
        if self._last_query is not None and self._last_query[0] == query:
            return self._last_query[1]
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for term in sorted(set(tokens(query))):
            found = self.term_scores(term)
            if found is not None:
                scores[found[0]] += found[1]
        self._last_query = (query, scores)
        return scores

    def compacted(self) -> _Index:
        """The same index without its dead rows (no text is tokenised again)."""
        fresh = _Index(self.revision, self.k1, self.b)
        keep = sorted(self.rows.values())
        renumber = np.full(len(self.ids), -1, dtype=np.int32)
        renumber[keep] = np.arange(len(keep), dtype=np.int32)
        fresh.ids = [self.ids[row] for row in keep]
        fresh.metadata = [self.metadata[row] for row in keep]
        fresh.rows = {ident: row for row, ident in enumerate(fresh.ids)}
        lengths = np.frombuffer(self.lengths, dtype=np.float32)[keep]
        fresh.lengths = array("f", lengths.tobytes())
        fresh.live_length = float(lengths.sum(dtype=np.float64))
        for term, posting in self.postings.items():
            rows = renumber[np.frombuffer(posting.rows, dtype=np.int32)]
            live = rows >= 0
            if not live.any():
                continue
            moved = _Postings()
            moved.rows = array("i", rows[live].tobytes())
            moved.tfs = array("f", np.frombuffer(posting.tfs, dtype=np.float32)[live].tobytes())
            fresh.postings[term] = moved
        return fresh


def build(
    entries: Sequence[LexicalEntry], revision: int, k1: float = 1.2, b: float = 0.75
) -> _Index:
    """A fresh index of these entries."""
    index = _Index(revision, k1, b)
    index.add(_tokenise(entries))
    return index


class Bm25Index:
    """A LexicalIndex: one BM25 index per collection, kept current by the writes' changes."""

    def __init__(
        self, *, k1: float = 1.2, b: float = 0.75, reload_delay: float = RELOAD_DELAY_S
    ) -> None:
        self._k1 = k1
        self._b = b
        self._reload_delay = reload_delay
        self._indexes: dict[str, _Index] = {}
        self._changes: dict[str, deque[_Change]] = {}
        self._wanted: dict[str, int] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._reloads: dict[str, asyncio.Task[None]] = {}
        self._loading: dict[str, int] = {}  # loads under way, per collection

    async def _load(self, collection: str, revision: int, load: LexicalLoader) -> _Index:
        """A fresh index of what `load` reads, tagged with `revision`, caught up with the
        changes seen since. The load reads at `revision` or later; replaying changes is
        harmless (adding and removing by id are idempotent)."""
        self._loading[collection] = self._loading.get(collection, 0) + 1
        try:
            entries = await load()
            tokenised = await asyncio.to_thread(_tokenise, entries)
        finally:
            self._loading[collection] -= 1
            if not self._loading[collection]:
                del self._loading[collection]
        index = _Index(revision, self._k1, self._b)
        index.add(tokenised)
        self._catch_up(collection, index)
        return index

    def _catch_up(self, collection: str, index: _Index) -> None:
        changes = self._changes.get(collection, ())
        while True:
            step = [c for c in changes if c.after == index.revision]
            if not step:
                return
            for change in step:
                index.apply(change)

    async def _index(self, collection: str, revision: int, load: LexicalLoader) -> _Index:
        self._wanted[collection] = revision
        index = self._indexes.get(collection)
        if index is None:
            async with self._locks.setdefault(collection, asyncio.Lock()):
                index = self._indexes.get(collection)
                if index is None:
                    index = self._indexes[collection] = await self._load(collection, revision, load)
        if index.revision != revision and collection not in self._reloads:
            task = asyncio.create_task(self._reload(collection, load))
            self._reloads[collection] = task
            task.add_done_callback(lambda _: self._reloads.pop(collection, None))
        return index

    async def _reload(self, collection: str, load: LexicalLoader) -> None:
        """Reload a collection that another process changed, while searches go on."""
        try:
            await asyncio.sleep(self._reload_delay)
            index = self._indexes.get(collection)
            wanted = self._wanted.get(collection)
            if index is None or wanted is None or index.revision == wanted:
                return
            fresh = await self._load(collection, wanted, load)
            if self._indexes.get(collection) is index:
                self._indexes[collection] = fresh
        except Exception:  # the stale index keeps serving; the next search tries again
            log.exception("could not reload the keyword index of %s", collection)

    async def prepare(self, collection: str, revision: int, load: LexicalLoader) -> None:
        await self._index(collection, revision, load)

    async def search(
        self,
        collection: str,
        revision: int,
        load: LexicalLoader,
        query: str,
        limit: int,
        where: MetadataFilter | None = None,
    ) -> list[LexicalMatch]:
        index = await self._index(collection, revision, load)
        if not index.rows:
            return []
        scores = index.scores(query)
        wanted = min(int(np.count_nonzero(scores)), limit if where is None else limit * 10)
        if wanted == 0:
            return []
        # The best `wanted` rows, ties broken by id, so that the order does not depend
        # on the order the chunks were added in.
        floor = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
        top = np.flatnonzero(scores >= floor)
        ranked = sorted(
            zip((-scores[top]).tolist(), top.tolist(), strict=True),
            key=lambda pair: (pair[0], index.ids[pair[1]]),
        )
        found = []
        for negative, row in ranked:
            metadata = index.metadata[row]
            if metadata is None or (where is not None and not where.matches(metadata)):
                continue
            found.append(LexicalMatch(index.ids[row], -negative))
            if len(found) == limit:
                break
        return found

    def score(self, collection: str, query: str, ids: Sequence[str]) -> dict[str, float]:
        index = self._indexes.get(collection)
        if index is None or not index.rows:
            return {}
        scores = index.scores(query)
        return {i: float(scores[index.rows[i]]) for i in ids if i in index.rows}

    async def update(
        self,
        collection: str,
        after: int,
        revision: int,
        added: Sequence[LexicalEntry] = (),
        removed: Sequence[str] = (),
    ) -> None:
        if collection not in self._indexes and collection not in self._loading:
            return  # nothing held to keep current: the first search loads it whole
        tokenised = await asyncio.to_thread(_tokenise, added) if added else []
        changes = self._changes.setdefault(collection, deque(maxlen=DELTA_LOG))
        changes.append(_Change(after, revision, tokenised, list(removed)))
        index = self._indexes.get(collection)
        if index is None:
            return  # the load under way replays it
        self._catch_up(collection, index)
        if index.dead > COMPACT_SHARE * len(index.ids):
            self._indexes[collection] = index.compacted()
