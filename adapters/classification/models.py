"""Trained classifier models, and their storage format.

A stored model is a zip archive: `manifest.json` (format, version, labels,
settings, metrics, embedding space) plus arrays saved with numpy without
pickling. Loading never executes stored code.
"""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from adapters.classification.calibration import softmax
from adapters.classification.features import FeatureConfig, FittedFeatures, Tfidf
from application.ai.errors import InvalidClassifierModel
from application.ports.classifier_model import ClassifierMetrics, Prediction
from application.ports.embedder import Embedder, EmbeddingSpace

FORMAT = "astratickets.text-classifier"
VERSION = 1
ALTERNATIVES = 3


def _as_matrix(vectors: list[Any], dimension: int) -> np.ndarray:
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.asarray([np.asarray(v, dtype=np.float32) for v in vectors], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class ScoredPrediction:
    prediction: Prediction
    alternatives: tuple[tuple[str, float], ...]


class _Model(ABC):
    """What both kinds of model share: labels, calibration, abstention, embedding."""

    kind = ""

    def __init__(
        self,
        *,
        labels: tuple[str, ...],
        temperature: float,
        metrics: ClassifierMetrics,
        space: EmbeddingSpace,
        embedder: Embedder | None,
    ) -> None:
        self._labels = labels
        self._temperature = temperature
        self._metrics = metrics
        self._space = space
        self._embedder = embedder

    @property
    def labels(self) -> tuple[str, ...]:
        return self._labels

    @property
    def metrics(self) -> ClassifierMetrics:
        return self._metrics

    @property
    def space(self) -> EmbeddingSpace:
        return self._space

    def with_threshold(self, threshold: float) -> _Model:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("a confidence threshold lies between 0 and 1")
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._metrics = replace(self._metrics, threshold=threshold)
        return clone

    def with_train_seconds(self, seconds: float):  # type: ignore[no-untyped-def]
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._metrics = replace(self._metrics, train_seconds=seconds)
        return clone

    async def _embed(self, texts: list[str]) -> np.ndarray:
        if self._embedder is None:
            raise InvalidClassifierModel("no embedder was given to this model")
        space = await self._embedder.space()
        if space != self._space:
            raise InvalidClassifierModel(
                f"trained with {self._space.describe()}, but the embedder is {space.describe()}"
            )
        return _as_matrix(await self._embedder.embed(texts), space.dimension)

    @abstractmethod
    def _scores(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        """Raw per-label scores, one row per text (calibrated by `probabilities`)."""

    def probabilities(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        return softmax(self._scores(texts, embeddings), self._temperature)

    async def predict_scored(self, texts: Sequence[str]) -> list[ScoredPrediction]:
        texts = [str(t) for t in texts]
        if not texts:
            return []
        embeddings = await self._embed(texts)
        probabilities = await asyncio.to_thread(self.probabilities, texts, embeddings)
        threshold = self._metrics.threshold
        out = []
        for row in probabilities:
            order = np.argsort(-row)[:ALTERNATIVES]
            best = int(order[0])
            confidence = float(row[best])
            out.append(
                ScoredPrediction(
                    Prediction(self._labels[best], round(confidence, 6), confidence < threshold),
                    tuple((self._labels[int(i)], round(float(row[i]), 6)) for i in order),
                )
            )
        return out

    async def predict_ranked(
        self, texts: Sequence[str]
    ) -> list[tuple[Prediction, tuple[tuple[str, float], ...]]]:
        """Each prediction with its top labels (best first) and their probabilities."""
        return [(s.prediction, s.alternatives) for s in await self.predict_scored(list(texts))]

    async def predict(self, texts: Sequence[str]) -> list[Prediction]:
        return [scored.prediction for scored in await self.predict_scored(list(texts))]

    def _manifest(self, extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "kind": self.kind,
            "labels": list(self._labels),
            "temperature": self._temperature,
            "metrics": asdict(self._metrics),
            "embedding_space": {"model": self._space.model, "dimension": self._space.dimension},
            **extra,
        }

    def _archive(
        self, manifest: dict[str, Any], arrays: dict[str, np.ndarray], texts: dict[str, list[str]]
    ) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
            for name, words in texts.items():
                archive.writestr(f"{name}.json", json.dumps(words, ensure_ascii=False))
            for name, array in arrays.items():
                data = io.BytesIO()
                np.save(data, array, allow_pickle=False)
                archive.writestr(f"{name}.npy", data.getvalue())
        return buffer.getvalue()


class LinearTextModel(_Model):
    """Word + character TF-IDF and a sentence embedding, scored by one linear model.

    `tfidf_weight` records the TF-IDF part's share in the blend the weights were
    fused from (already folded into `coef`); models stored before it was recorded
    load with None.
    """

    kind = "linear"

    def __init__(
        self,
        *,
        features: FittedFeatures,
        coef: np.ndarray,
        intercept: np.ndarray,
        tfidf_weight: float | None = None,
        **common: Any,
    ) -> None:
        super().__init__(**common)
        self._features = features
        self._coef = coef.astype(np.float32)
        self._intercept = intercept.astype(np.float32)
        self._tfidf_weight = tfidf_weight

    @property
    def tfidf_weight(self) -> float | None:
        return self._tfidf_weight

    def _scores(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        matrix = self._features.transform(texts, embeddings)
        scores = np.asarray(matrix @ self._coef.T) + self._intercept
        if scores.shape[1] == 1:  # binary: one score for the second label
            scores = np.hstack([-scores, scores]) / 2
        return scores

    def to_bytes(self) -> bytes:
        features = self._features
        manifest = self._manifest(
            {
                "features": features.config.to_dict(),
                "word_ngrams": list(features.word.ngrams),
                "char_ngrams": list(features.char.ngrams),
                "tfidf_weight": self._tfidf_weight,
            }
        )
        arrays = {
            "word_idf": features.word.idf,
            "char_idf": features.char.idf,
            "coef": self._coef.astype(np.float16),
            "intercept": self._intercept,
        }
        texts = {
            "word_vocabulary": features.word.vocabulary,
            "char_vocabulary": features.char.vocabulary,
        }
        return self._archive(manifest, arrays, texts)


class PrototypeModel(_Model):
    """Zero-shot: each label is the embedding of its description (and any examples)."""

    kind = "prototype"

    def __init__(
        self, *, prototypes: np.ndarray, descriptions: dict[str, str], **common: Any
    ) -> None:
        super().__init__(**common)
        self._prototypes = prototypes.astype(np.float32)
        self._descriptions = descriptions

    @property
    def descriptions(self) -> dict[str, str]:
        return dict(self._descriptions)

    def _scores(self, texts: list[str], embeddings: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(embeddings, axis=1, keepdims=True)
        unit = embeddings / np.where(norms == 0, 1, norms)
        return unit @ self._prototypes.T

    def to_bytes(self) -> bytes:
        manifest = self._manifest({"descriptions": self._descriptions})
        return self._archive(manifest, {"prototypes": self._prototypes}, {})


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        raise InvalidClassifierModel(f"the archive has no {name}") from None


def _array(archive: zipfile.ZipFile, name: str) -> np.ndarray:
    try:
        return np.load(io.BytesIO(_read(archive, f"{name}.npy")), allow_pickle=False)
    except ValueError as error:
        raise InvalidClassifierModel(f"{name} is not a plain array: {error}") from None


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def load_model(data: bytes, embedder: Embedder | None) -> LinearTextModel | PrototypeModel:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InvalidClassifierModel("not a classifier archive") from None
    with archive:
        try:
            manifest = json.loads(_read(archive, "manifest.json"))
        except ValueError:
            raise InvalidClassifierModel("the manifest is not JSON") from None
        if manifest.get("format") != FORMAT:
            raise InvalidClassifierModel("not a classifier archive")
        if manifest.get("version") != VERSION:
            raise InvalidClassifierModel(f"format version {manifest.get('version')} is unknown")
        try:
            metrics = ClassifierMetrics(**manifest["metrics"])
            space = EmbeddingSpace(**manifest["embedding_space"])
            common: dict[str, Any] = {
                "labels": tuple(manifest["labels"]),
                "temperature": float(manifest["temperature"]),
                "metrics": metrics,
                "space": space,
                "embedder": embedder,
            }
            if manifest["kind"] == "linear":
                config = FeatureConfig.from_dict(manifest["features"])
                word = Tfidf(
                    "word",
                    tuple(manifest["word_ngrams"]),  # type: ignore[arg-type]
                    json.loads(_read(archive, "word_vocabulary.json")),
                    _array(archive, "word_idf"),
                )
                char = Tfidf(
                    "char_wb",
                    tuple(manifest["char_ngrams"]),  # type: ignore[arg-type]
                    json.loads(_read(archive, "char_vocabulary.json")),
                    _array(archive, "char_idf"),
                )
                coef = _array(archive, "coef").astype(np.float32)
                expected = len(word.vocabulary) + len(char.vocabulary) + space.dimension
                if coef.shape[1] != expected:
                    raise InvalidClassifierModel("the weights do not match the features")
                return LinearTextModel(
                    features=FittedFeatures(config, word, char),
                    coef=coef,
                    intercept=_array(archive, "intercept"),
                    tfidf_weight=_optional_float(manifest.get("tfidf_weight")),
                    **common,
                )
            if manifest["kind"] == "prototype":
                return PrototypeModel(
                    prototypes=_array(archive, "prototypes"),
                    descriptions=dict(manifest["descriptions"]),
                    **common,
                )
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidClassifierModel(f"the manifest is incomplete: {error}") from None
        raise InvalidClassifierModel(f"unknown model kind {manifest.get('kind')!r}")
