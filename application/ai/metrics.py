"""Measures of a classifier: accuracy, macro-F1, calibration, and abstention trade-offs.

Calibration is the expected calibration error over 15 equal-width confidence bins:
the average gap between confidence and accuracy, weighted by how many
predictions fall in each bin. The abstention threshold for a target precision
is the lowest confidence such that the predictions at or above it are right at
least that often, which answers as many tickets as possible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from application.ports.classifier_model import Confusion


def accuracy(truth: Sequence[str], predicted: Sequence[str]) -> float:
    if not truth:
        return 0.0
    return sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of per-label F1 over the labels in `truth`."""
    labels = sorted(set(truth))
    if not labels:
        return 0.0
    scores = []
    for label in labels:
        tp = sum(t == label and p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(t != label and p == label for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label and p != label for t, p in zip(truth, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 15
) -> float:
    if not confidences:
        return 0.0
    totals = [0] * bins
    confidence_sums = [0.0] * bins
    hits = [0] * bins
    for confidence, ok in zip(confidences, correct, strict=True):
        index = min(bins - 1, max(0, int(confidence * bins - 1e-12))) if confidence > 0 else 0
        totals[index] += 1
        confidence_sums[index] += confidence
        hits[index] += bool(ok)
    n = len(confidences)
    return sum(abs(confidence_sums[b] - hits[b]) / n for b in range(bins) if totals[b])


@dataclass(frozen=True, slots=True)
class OperatingPoint:
    threshold: float
    coverage: float
    precision: float


def operating_point(
    confidences: Sequence[float], correct: Sequence[bool], threshold: float
) -> OperatingPoint:
    kept = [ok for c, ok in zip(confidences, correct, strict=True) if c >= threshold]
    n = len(confidences)
    return OperatingPoint(
        threshold=threshold,
        coverage=len(kept) / n if n else 0.0,
        precision=sum(kept) / len(kept) if kept else 1.0,
    )


def threshold_for_precision(
    confidences: Sequence[float], correct: Sequence[bool], target: float
) -> OperatingPoint:
    """The most covering threshold whose kept predictions reach `target` precision.

    When no threshold reaches it, the point keeping only the most confident
    prediction(s) is returned (its precision tells the caller it falls short).
    """
    pairs = sorted(zip(confidences, correct, strict=True), key=lambda p: -p[0])
    n = len(pairs)
    if not n:
        return OperatingPoint(1.0, 0.0, 1.0)
    best: OperatingPoint | None = None
    right = 0
    i = 0
    while i < n:
        value = pairs[i][0]
        while i < n and pairs[i][0] == value:
            right += bool(pairs[i][1])
            i += 1
        precision = right / i
        if precision >= target:
            best = OperatingPoint(value, i / n, precision)
    if best is None:
        top = pairs[0][0]
        return operating_point(confidences, correct, top)
    return best


def top_confusions(
    truth: Sequence[str], predicted: Sequence[str], limit: int = 10
) -> tuple[Confusion, ...]:
    """The most frequent (actual, predicted) mistakes, most frequent first, ties by name."""
    mistakes = Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
    ranked = sorted(mistakes.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Confusion(actual, guess, count) for (actual, guess), count in ranked[:limit])
