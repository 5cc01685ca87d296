"""Suggestions for a new ticket's category, priority and tags, each with its reason.

Rules:
- category: the category model's best label (learned from labelled tickets, or
  zero-shot from the admins' category descriptions); below the model's
  confidence threshold the suggestion abstains ("needs a human");
- priority: urgency rules (see `domain.triage.urgency`) and, when history
  exists, a model learned from past priorities. The more urgent of the two wins;
  a rule never lowers what the model says, and without either there is no
  suggestion;
- tags: tags the tag model gives at least `tag_min_confidence` (among its top
  three), plus the tags of the urgency rules that fire; never more than
  `max_tags`;
- every suggestion says where it comes from (`model`, `zero-shot` or `rules`)
  and why, in words an agent can check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from application.ports.classifier_model import ClassifierModel, Prediction
from domain.tickets import TicketPriority
from domain.triage.urgency import UrgencySignal, urgency_signals

Source = Literal["model", "zero-shot", "rules"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    value: str
    source: Source
    reason: str
    confidence: float | None = None
    abstained: bool = False


@dataclass(frozen=True, slots=True)
class TriageSuggestions:
    category: Suggestion | None
    priority: Suggestion | None
    tags: tuple[Suggestion, ...]


@dataclass(frozen=True, slots=True)
class TriageModels:
    category: ClassifierModel | None = None
    priority: ClassifierModel | None = None
    tags: ClassifierModel | None = None


def _source(model: ClassifierModel) -> Source:
    return "zero-shot" if model.metrics.method == "zero-shot" else "model"


def _model_reason(model: ClassifierModel, prediction: Prediction, what: str) -> str:
    share = f"{prediction.confidence:.0%}"
    if model.metrics.method == "zero-shot":
        basis = "closest match among the category descriptions (zero-shot, not calibrated)"
    else:
        basis = f"learned from {model.metrics.examples} labelled tickets"
    if prediction.abstained:
        return (
            f"{what} '{prediction.label}' is only {share} likely, below the "
            f"{model.metrics.threshold:.0%} threshold: needs a human ({basis})"
        )
    return f"{what} '{prediction.label}' with {share} confidence ({basis})"


class TriageSuggester:
    def __init__(self, *, tag_min_confidence: float = 0.35, max_tags: int = 5) -> None:
        self._tag_min_confidence = tag_min_confidence
        self._max_tags = max_tags

    async def suggest(self, title: str, content: str, models: TriageModels) -> TriageSuggestions:
        text = f"{title}\n{content}"
        signals = urgency_signals(text)
        return TriageSuggestions(
            category=await self._category(text, models.category),
            priority=await self._priority(text, models.priority, signals),
            tags=await self._tags(text, models.tags, signals),
        )

    async def _category(self, text: str, model: ClassifierModel | None) -> Suggestion | None:
        if model is None:
            return None
        (prediction,) = await model.predict([text])
        return Suggestion(
            value=prediction.label,
            source=_source(model),
            reason=_model_reason(model, prediction, "category"),
            confidence=prediction.confidence,
            abstained=prediction.abstained,
        )

    async def _priority(
        self, text: str, model: ClassifierModel | None, signals: list[UrgencySignal]
    ) -> Suggestion | None:
        learned: Prediction | None = None
        if model is not None:
            (learned,) = await model.predict([text])
        learned_rank = _rank(learned.label) if learned and not learned.abstained else None
        if signals:
            top = signals[0]
            if learned_rank is None or top.priority.rank >= learned_rank:
                reasons = "; ".join(s.reason for s in signals if s.priority == top.priority)
                return Suggestion(top.priority.value, "rules", reasons)
        if learned is None or model is None:
            return None
        return Suggestion(
            value=learned.label,
            source=_source(model),
            reason=_model_reason(model, learned, "priority"),
            confidence=learned.confidence,
            abstained=learned.abstained,
        )

    async def _tags(
        self, text: str, model: ClassifierModel | None, signals: list[UrgencySignal]
    ) -> tuple[Suggestion, ...]:
        found: dict[str, Suggestion] = {}
        for signal in signals:
            if signal.tag:
                found.setdefault(signal.tag, Suggestion(signal.tag, "rules", signal.reason))
        if model is not None:
            ((_, alternatives),) = await model.predict_ranked([text])
            basis = f"learned from {model.metrics.examples} tag uses"
            for label, probability in alternatives:
                if probability >= self._tag_min_confidence and label not in found:
                    found[label] = Suggestion(
                        label,
                        _source(model),
                        f"tickets like this were tagged '{label}' ({probability:.0%}; {basis})",
                        confidence=probability,
                    )
        return tuple(list(found.values())[: self._max_tags])


def _rank(label: str) -> int | None:
    try:
        return TicketPriority(label).rank
    except ValueError:
        return None
