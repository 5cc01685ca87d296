from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from application.ai.errors import NotEnoughExamples
from application.ai.triage import TriageModels
from application.ports.classifier_model import ClassifierModel, LabelledText
from application.ports.ticket_classifier import TicketClassifier


@dataclass(frozen=True, slots=True)
class HistoricTicket:
    """A past ticket as the triage models learn from it."""

    text: str
    category: str | None = None
    priority: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TrainTriageModels:
    history: Sequence[HistoricTicket]
    category_descriptions: Mapping[str, str] = field(default_factory=dict)
    target_precision: float = 0.95


@dataclass(frozen=True, slots=True)
class TrainedTriageModels:
    models: TriageModels
    notes: tuple[str, ...]


class TrainTriageModelsHandler:
    """Learns category, priority and tag models from the ticket history.

    Rules:
    - a field is learned (supervised) when at least `min_examples` past tickets
      carry it and at least two of its values have `min_per_label` tickets each;
    - otherwise the category comes from the admins' category descriptions
      (zero-shot, refined by the few labelled tickets there are); priority then
      relies on the urgency rules alone, and tags on the rules' tags;
    - tags are learned as "this ticket carries tag t", one example per tag use;
    - every decision is explained in `notes`.
    """

    def __init__(
        self, classifier: TicketClassifier, *, min_examples: int = 30, min_per_label: int = 5
    ) -> None:
        self._classifier = classifier
        self._min_examples = min_examples
        self._min_per_label = min_per_label

    def _learnable(self, examples: list[LabelledText]) -> bool:
        counts = Counter(e.label for e in examples)
        frequent = [label for label, n in counts.items() if n >= self._min_per_label]
        return len(examples) >= self._min_examples and len(frequent) >= 2

    async def _supervised(
        self, name: str, examples: list[LabelledText], precision: float, notes: list[str]
    ) -> ClassifierModel | None:
        if not self._learnable(examples):
            notes.append(
                f"{name}: {len(examples)} labelled ticket(s) are too few to learn from "
                f"(need {self._min_examples}, with {self._min_per_label}+ for two values)"
            )
            return None
        try:
            model = await self._classifier.train(examples, target_precision=precision)
        except NotEnoughExamples as error:
            notes.append(f"{name}: {error}")
            return None
        m = model.metrics
        notes.append(
            f"{name}: learned from {m.examples} tickets, {m.labels} values"
            + (f"; cross-validated accuracy {m.accuracy:.1%}" if m.accuracy is not None else "")
        )
        return model

    async def __call__(self, command: TrainTriageModels) -> TrainedTriageModels:
        notes: list[str] = []
        history = [t for t in command.history if t.text.strip()]
        categories = [LabelledText(t.text, t.category) for t in history if t.category]
        priorities = [LabelledText(t.text, t.priority) for t in history if t.priority]
        tags = [LabelledText(t.text, tag) for t in history for tag in t.tags if tag.strip()]

        category = await self._supervised("category", categories, command.target_precision, notes)
        if category is None and len(command.category_descriptions) >= 2:
            category = await self._classifier.zero_shot(
                command.category_descriptions, examples=categories
            )
            notes.append(
                f"category: zero-shot from {len(command.category_descriptions)} category "
                "descriptions (confidence not calibrated)"
            )
        priority = await self._supervised("priority", priorities, command.target_precision, notes)
        tag_model = await self._supervised("tags", tags, command.target_precision, notes)
        return TrainedTriageModels(TriageModels(category, priority, tag_model), tuple(notes))
