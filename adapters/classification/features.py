"""Text features: word and character TF-IDF, with the fitted state kept as plain arrays.

The transform is written out (counts, sublinear tf, idf, l2) instead of pickling
scikit-learn objects, so that a stored model is data, not code, and survives
scikit-learn upgrades.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    word_ngrams: tuple[int, int] = (1, 2)
    word_min_df: int = 1
    char_ngrams: tuple[int, int] = (2, 5)
    char_min_df: int = 2
    embedding_weight: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> FeatureConfig:
        return cls(
            word_ngrams=tuple(raw["word_ngrams"]),  # type: ignore[arg-type]
            word_min_df=int(raw["word_min_df"]),
            char_ngrams=tuple(raw["char_ngrams"]),  # type: ignore[arg-type]
            char_min_df=int(raw["char_min_df"]),
            embedding_weight=float(raw["embedding_weight"]),
        )


@dataclass(frozen=True, slots=True)
class Tfidf:
    """A fitted TF-IDF block: its analyzer settings, vocabulary (by index) and idf."""

    analyzer: str
    ngrams: tuple[int, int]
    vocabulary: list[str]
    idf: np.ndarray

    @classmethod
    def fit(cls, texts: list[str], analyzer: str, ngrams: tuple[int, int], min_df: int) -> Tfidf:
        effective_min_df = min_df if len(texts) >= 20 * min_df else 1
        vectorizer = TfidfVectorizer(
            analyzer=analyzer,
            ngram_range=ngrams,
            min_df=effective_min_df,
            sublinear_tf=True,
            lowercase=True,
            dtype=np.float32,
        )
        try:
            vectorizer.fit(texts)
        except ValueError:  # nothing to learn from, e.g. only punctuation
            return cls(analyzer, ngrams, [], np.zeros(0, dtype=np.float32))
        vocabulary = [""] * len(vectorizer.vocabulary_)
        for term, index in vectorizer.vocabulary_.items():
            vocabulary[index] = term
        return cls(analyzer, ngrams, vocabulary, vectorizer.idf_.astype(np.float32))

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        if not self.vocabulary:
            return sparse.csr_matrix((len(texts), 0), dtype=np.float32)
        counter = CountVectorizer(
            analyzer=self.analyzer,
            ngram_range=self.ngrams,
            lowercase=True,
            vocabulary={term: i for i, term in enumerate(self.vocabulary)},
            dtype=np.float32,
        )
        counts = counter.transform(texts).tocsr().astype(np.float32)
        counts.data = 1.0 + np.log(counts.data)
        weighted = counts @ sparse.diags(self.idf)
        return normalize(sparse.csr_matrix(weighted), copy=False)


@dataclass(frozen=True, slots=True)
class FittedFeatures:
    config: FeatureConfig
    word: Tfidf
    char: Tfidf

    @classmethod
    def fit(cls, texts: list[str], config: FeatureConfig) -> FittedFeatures:
        return cls(
            config,
            Tfidf.fit(texts, "word", config.word_ngrams, config.word_min_df),
            Tfidf.fit(texts, "char_wb", config.char_ngrams, config.char_min_df),
        )

    def transform_text(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.hstack([self.word.transform(texts), self.char.transform(texts)], format="csr")

    def transform(self, texts: list[str], embeddings: np.ndarray) -> sparse.csr_matrix:
        dense = sparse.csr_matrix(embeddings.astype(np.float32) * self.config.embedding_weight)
        return sparse.hstack(
            [self.word.transform(texts), self.char.transform(texts), dense], format="csr"
        )
