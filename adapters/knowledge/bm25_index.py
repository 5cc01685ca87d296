"""BM25 over a collection's chunks, held in process memory and rebuilt from storage.

Words are lower-cased, stop words dropped and the rest stemmed (Snowball, via
PyStemmer when installed). Scores are precomputed per (term, chunk), so a
query costs one array addition per query term.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from application.ports.lexical_index import LexicalEntry, LexicalLoader, LexicalMatch
from domain.knowledge import MetadataFilter

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


def tokens(text: str) -> list[str]:
    return [
        _stemmer(word)
        for word in (w.lower() for w in _WORD.findall(text))
        if word not in STOP_WORDS
    ]


@dataclass
class _Index:
    revision: int
    ids: list[str]
    metadata: list[dict[str, object]]
    postings: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    last_query: tuple[str, np.ndarray] | None = None


def build(entries: Sequence[LexicalEntry], revision: int, k1: float = 1.2, b: float = 0.75):  # type: ignore[no-untyped-def]
    counts = [Counter(tokens(e.text)) for e in entries]
    lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
    average = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
    rows_of: dict[str, list[int]] = {}
    tfs_of: dict[str, list[int]] = {}
    for row, counter in enumerate(counts):
        for term, tf in counter.items():
            rows_of.setdefault(term, []).append(row)
            tfs_of.setdefault(term, []).append(tf)
    total = len(entries)
    index = _Index(revision, [e.id for e in entries], [dict(e.metadata) for e in entries])
    index.rows = {ident: row for row, ident in enumerate(index.ids)}
    for term, rows in rows_of.items():
        rows_array = np.array(rows, dtype=np.int32)
        tf = np.array(tfs_of[term], dtype=np.float32)
        df = len(rows)
        idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        norm = k1 * (1 - b + b * lengths[rows_array] / average)
        index.postings[term] = (rows_array, (idf * tf * (k1 + 1) / (tf + norm)).astype(np.float32))
    return index


class Bm25Index:
    """A LexicalIndex: one BM25 index per collection, reloaded when its revision changes."""

    def __init__(self) -> None:
        self._indexes: dict[str, _Index] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def _current(self, collection: str, revision: int, load: LexicalLoader) -> _Index:
        index = self._indexes.get(collection)
        if index is not None and index.revision == revision:
            return index
        lock = self._locks.setdefault(collection, asyncio.Lock())
        async with lock:
            index = self._indexes.get(collection)
            if index is None or index.revision != revision:
                entries = await load()
                index = await asyncio.to_thread(build, entries, revision)
                self._indexes[collection] = index
            return index

    def _scores(self, index: _Index, query: str) -> np.ndarray:
        if index.last_query is not None and index.last_query[0] == query:
            return index.last_query[1]
        scores = np.zeros(len(index.ids), dtype=np.float32)
        for term in set(tokens(query)):
            posting = index.postings.get(term)
            if posting is not None:
                scores[posting[0]] += posting[1]
        index.last_query = (query, scores)
        return scores

    async def search(
        self,
        collection: str,
        revision: int,
        load: LexicalLoader,
        query: str,
        limit: int,
        where: MetadataFilter | None = None,
    ) -> list[LexicalMatch]:
        index = await self._current(collection, revision, load)
        if not index.ids:
            return []
        scores = self._scores(index, query)
        positive = int(np.count_nonzero(scores))
        wanted = min(positive, limit if where is None else limit * 10)
        if wanted == 0:
            return []
        top = np.argpartition(-scores, wanted - 1)[:wanted]
        top = top[np.argsort(-scores[top], kind="stable")]
        found = []
        for row in top:
            if where is not None and not where.matches(index.metadata[row]):
                continue
            found.append(LexicalMatch(index.ids[row], float(scores[row])))
            if len(found) == limit:
                break
        return found

    def score(self, collection: str, query: str, ids: Sequence[str]) -> dict[str, float]:
        index = self._indexes.get(collection)
        if index is None or not index.ids:
            return {}
        scores = self._scores(index, query)
        return {i: float(scores[index.rows[i]]) for i in ids if i in index.rows}

    def forget(self, collection: str) -> None:
        self._indexes.pop(collection, None)
