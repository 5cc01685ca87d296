"""The real ticket classifier: scikit-learn over TF-IDF and sentence embeddings.

Training (see `TicketClassifier`): the examples are embedded (through a cache,
so retraining embeds only new texts); `cv_folds`-fold stratified
cross-validation gives held-out decision scores for every example, from which
the softmax temperature is fitted (calibration), the figures are measured and
the abstention threshold is chosen; then the model is fitted on every example.
Labels with fewer than two examples cannot be learned and are left out.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from adapters.classification.calibration import fit_temperature, softmax
from adapters.classification.features import FeatureConfig, FittedFeatures
from adapters.classification.models import (
    LinearTextModel,
    PrototypeModel,
    _as_matrix,
    load_model,
)
from application.ai import metrics as measure
from application.ai.errors import NotEnoughExamples
from application.ports.classifier_model import ClassifierMetrics, LabelledText
from application.ports.embedder import Embedder

MIN_EXAMPLES_PER_LABEL = 2
ZERO_SHOT_TEMPERATURE = 0.05
ZERO_SHOT_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class ClassifierConfig:
    features: FeatureConfig = field(default_factory=FeatureConfig)
    c: float = 0.5
    cv_folds: int = 3
    seed: int = 0
    max_iter: int = 2000


def _fit_linear(matrix, targets: np.ndarray, config: ClassifierConfig) -> LinearSVC:  # type: ignore[no-untyped-def]
    model = LinearSVC(C=config.c, max_iter=config.max_iter, random_state=config.seed)
    model.fit(matrix, targets)
    return model


def _scores(model: LinearSVC, matrix) -> np.ndarray:  # type: ignore[no-untyped-def]
    scores = np.asarray(model.decision_function(matrix))
    if scores.ndim == 1:
        scores = np.column_stack([-scores, scores]) / 2
    return scores


@dataclass(frozen=True, slots=True)
class CrossValidated:
    scores: np.ndarray
    folds: int


def cross_validate(
    texts: list[str], embeddings: np.ndarray, targets: np.ndarray, config: ClassifierConfig
) -> CrossValidated | None:
    """Held-out decision scores for every example, or None when too few examples."""
    folds = min(config.cv_folds, int(np.bincount(targets).min()))
    if folds < 2:
        return None
    labels = int(targets.max()) + 1
    held_out = np.zeros((len(texts), labels), dtype=np.float64)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=config.seed)
    for train, test in splitter.split(np.zeros(len(texts)), targets):
        part = [texts[i] for i in train]
        features = FittedFeatures.fit(part, config.features)
        model = _fit_linear(features.transform(part, embeddings[train]), targets[train], config)
        fold_scores = _scores(model, features.transform([texts[i] for i in test], embeddings[test]))
        held_out[np.ix_(test, model.classes_)] = fold_scores
        missing = np.setdiff1d(np.arange(labels), model.classes_)
        if len(missing):
            held_out[np.ix_(test, missing)] = -1e3
    return CrossValidated(held_out, folds)


def _measure(
    cv: CrossValidated | None,
    targets: np.ndarray,
    labels: tuple[str, ...],
    target_precision: float,
    threshold: float | None,
    examples: int,
) -> tuple[float, ClassifierMetrics]:
    if cv is None:
        return 1.0, ClassifierMetrics(
            method="supervised",
            examples=examples,
            labels=len(labels),
            threshold=threshold if threshold is not None else 0.5,
        )
    temperature = fit_temperature(cv.scores, targets)
    probabilities = softmax(cv.scores, temperature)
    best = probabilities.argmax(axis=1)
    confidences = probabilities.max(axis=1).tolist()
    correct = (best == targets).tolist()
    truth = [labels[i] for i in targets]
    predicted = [labels[i] for i in best]
    if threshold is None:
        point = measure.threshold_for_precision(confidences, correct, target_precision)
    else:
        point = measure.operating_point(confidences, correct, threshold)
    return temperature, ClassifierMetrics(
        method="supervised",
        examples=examples,
        labels=len(labels),
        folds=cv.folds,
        accuracy=round(measure.accuracy(truth, predicted), 6),
        macro_f1=round(measure.macro_f1(truth, predicted), 6),
        expected_calibration_error=round(
            measure.expected_calibration_error(confidences, correct, bins=15), 6
        ),
        threshold=round(point.threshold, 6),
        target_precision=target_precision if threshold is None else None,
        coverage_at_target=round(point.coverage, 6),
        precision_at_target=round(point.precision, 6),
    )


class SklearnTicketClassifier:
    """Trains, builds zero-shot and loads ticket classifiers (see the module docstring)."""

    def __init__(self, embedder: Embedder, config: ClassifierConfig | None = None) -> None:
        self._embedder = embedder
        self._config = config or ClassifierConfig()

    async def _embed(self, texts: list[str]) -> np.ndarray:
        space = await self._embedder.space()
        return _as_matrix(await self._embedder.embed(texts), space.dimension)

    async def train(
        self,
        examples: Sequence[LabelledText],
        *,
        target_precision: float = 0.95,
        threshold: float | None = None,
    ) -> LinearTextModel:
        if not 0 < target_precision <= 1:
            raise ValueError("the target precision lies in (0, 1]")
        started = time.perf_counter()
        clean = [
            (" ".join(e.text.split()), e.label.strip())
            for e in examples
            if e.text.strip() and e.label.strip()
        ]
        counts = Counter(label for _, label in clean)
        kept = sorted(label for label, n in counts.items() if n >= MIN_EXAMPLES_PER_LABEL)
        if len(kept) < 2:
            raise NotEnoughExamples(
                f"at least two labels with {MIN_EXAMPLES_PER_LABEL}+ examples each are needed "
                f"(got {len(counts)} label(s), {len(clean)} example(s))"
            )
        index = {label: i for i, label in enumerate(kept)}
        rows = [(text, index[label]) for text, label in clean if label in index]
        texts = [text for text, _ in rows]
        targets = np.asarray([target for _, target in rows], dtype=np.int64)
        embeddings = await self._embed(texts)
        space = await self._embedder.space()
        labels = tuple(kept)
        config = self._config

        def fit() -> LinearTextModel:
            cv = cross_validate(texts, embeddings, targets, config)
            temperature, metrics = _measure(
                cv, targets, labels, target_precision, threshold, len(texts)
            )
            features = FittedFeatures.fit(texts, config.features)
            model = _fit_linear(features.transform(texts, embeddings), targets, config)
            return LinearTextModel(
                features=features,
                coef=np.asarray(model.coef_),
                intercept=np.asarray(model.intercept_),
                labels=labels,
                temperature=temperature,
                metrics=metrics,
                space=space,
                embedder=self._embedder,
            )

        model = await asyncio.to_thread(fit)
        elapsed = round(time.perf_counter() - started, 3)
        return model.with_train_seconds(elapsed)

    async def zero_shot(
        self,
        descriptions: Mapping[str, str],
        *,
        examples: Sequence[LabelledText] = (),
        threshold: float | None = None,
    ) -> PrototypeModel:
        started = time.perf_counter()
        described = {
            label.strip(): " ".join(text.split())
            for label, text in descriptions.items()
            if label.strip() and text.strip()
        }
        if len(described) < 2:
            raise NotEnoughExamples("zero-shot needs descriptions of at least two categories")
        labels = tuple(sorted(described))
        description_vectors = await self._embed([f"{label}: {described[label]}" for label in labels])
        prototypes = description_vectors.copy()
        usable = [e for e in examples if e.label.strip() in described and e.text.strip()]
        if usable:
            vectors = await self._embed([" ".join(e.text.split()) for e in usable])
            for i, label in enumerate(labels):
                rows = [v for v, e in zip(vectors, usable, strict=True) if e.label.strip() == label]
                if rows:
                    prototypes[i] = (description_vectors[i] + np.mean(rows, axis=0)) / 2
        prototypes /= np.maximum(np.linalg.norm(prototypes, axis=1, keepdims=True), 1e-12)
        space = await self._embedder.space()
        metrics = ClassifierMetrics(
            method="zero-shot",
            examples=len(usable),
            labels=len(labels),
            threshold=threshold if threshold is not None else ZERO_SHOT_THRESHOLD,
            train_seconds=round(time.perf_counter() - started, 3),
        )
        return PrototypeModel(
            prototypes=prototypes,
            descriptions={label: described[label] for label in labels},
            labels=labels,
            temperature=ZERO_SHOT_TEMPERATURE,
            metrics=metrics,
            space=space,
            embedder=self._embedder,
        )

    def load(self, data: bytes) -> LinearTextModel | PrototypeModel:
        return load_model(data, self._embedder)
