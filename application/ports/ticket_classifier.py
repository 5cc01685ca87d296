from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from application.ports.classifier_model import ClassifierModel, LabelledText


class TicketClassifier(Protocol):
    """Learns ticket labels (category, priority, tag...) from labelled tickets.

    `train` measures the model by cross-validation, calibrates its confidence and
    picks the abstention threshold that reaches `target_precision` (or uses
    `threshold` when given), then fits it on every example. `zero_shot` builds a
    model from label descriptions, by embedding similarity: its
    confidence is not calibrated and its metrics say so (method "zero-shot").
    """

    async def train(
        self,
        examples: Sequence[LabelledText],
        *,
        target_precision: float = 0.95,
        threshold: float | None = None,
    ) -> ClassifierModel: ...

    async def zero_shot(
        self,
        descriptions: Mapping[str, str],
        *,
        examples: Sequence[LabelledText] = (),
        threshold: float | None = None,
    ) -> ClassifierModel:
        """Labels from their descriptions; a few labelled examples, if any, refine them."""

    def load(self, data: bytes) -> ClassifierModel: ...
