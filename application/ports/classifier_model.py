from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

Method = Literal["supervised", "zero-shot"]


@dataclass(frozen=True, slots=True)
class LabelledText:
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Prediction:
    """The best label, its calibrated probability, and whether the model abstains.

    An abstaining prediction still names its best guess, but it must not be
    applied without a human: its confidence is below the model's threshold.
    """

    label: str
    confidence: float
    abstained: bool


@dataclass(frozen=True, slots=True)
class Confusion:
    """How many held-out tickets labelled `actual` were predicted as `predicted`."""

    actual: str
    predicted: str
    count: int


@dataclass(frozen=True, slots=True)
class ClassifierMetrics:
    """How well a model is expected to do, measured on data it was not fitted on.

    Supervised models are measured by internal cross-validation on their training
    examples. Zero-shot models have no labelled data: their figures are None.
    `threshold` is the confidence below which the model abstains;
    `coverage_at_target` the share of tickets answered (not abstained) at that
    threshold, and `precision_at_target` the accuracy on those. `confused` lists
    the most frequent cross-validation mistakes, the most frequent first.
    """

    method: Method
    examples: int
    labels: int
    folds: int | None = None
    accuracy: float | None = None
    macro_f1: float | None = None
    expected_calibration_error: float | None = None
    threshold: float = 0.5
    target_precision: float | None = None
    coverage_at_target: float | None = None
    precision_at_target: float | None = None
    train_seconds: float = 0.0
    confused: tuple[Confusion, ...] = ()

    def __post_init__(self) -> None:
        # Stored models carry their metrics as JSON: the pairs come back as mappings.
        pairs = tuple(c if isinstance(c, Confusion) else Confusion(**c) for c in self.confused)
        object.__setattr__(self, "confused", pairs)


class ClassifierModel(Protocol):
    """A trained classifier: predicts labels and serialises itself to bytes."""

    @property
    def labels(self) -> tuple[str, ...]: ...

    @property
    def metrics(self) -> ClassifierMetrics: ...

    async def predict(self, texts: Sequence[str]) -> list[Prediction]: ...

    async def predict_ranked(
        self, texts: Sequence[str]
    ) -> list[tuple[Prediction, tuple[tuple[str, float], ...]]]:
        """Each prediction with its top labels (best first) and their probabilities."""

    def with_threshold(self, threshold: float) -> ClassifierModel:
        """The same model abstaining below another confidence threshold."""

    def to_bytes(self) -> bytes:
        """A self-contained, versioned form that `TicketClassifier.load` reads back."""
