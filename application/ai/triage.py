"""Suggestions for a new ticket's category, priority and tags, each with its reason.

Rules:
- category: the category model's best label (learned from labelled tickets, or
  zero-shot from the admins' category descriptions); below the model's
  confidence threshold the suggestion abstains ("needs a human");
- with a language model configured and no model learned from labelled tickets
  (zero-shot), the language model chooses the category among the described
  ones (`application.ai.llm_category`, source `llm`). Its self-reported
  confidence is not calibrated, and neither is the similarity, so the
  suggestion's confidence is the lower of the two: the model's confidence and
  the similarity's probability for the category the model chose. It abstains
  below the zero-shot threshold, i.e. unless both agree on the category above
  it. An answer of "none fits" abstains (confidence 0) with the similarity's
  closest category as the guess. When the language model fails (timeout,
  error, unusable answer), the similarity's suggestion stands, its reason
  saying why the language model was not used: triage never fails because of it;
- priority: urgency rules (see `domain.triage.urgency`) and, when history
  exists, a model learned from past priorities. The more urgent of the two wins;
  a rule never lowers what the model says, and without either there is no
  suggestion;
- tags: tags the tag model gives at least `tag_min_confidence` (among its top
  three), plus the tags of the urgency rules that fire; never more than
  `max_tags`;
- every suggestion says where it comes from (`model`, `zero-shot`, `llm` or
  `rules`) and why, in words an agent can check.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from application.ai.llm_category import CategoryAnswer, LlmCategoryChooser
from application.ports.classifier_model import ClassifierModel, Prediction
from domain.tickets import TicketPriority
from domain.triage.urgency import UrgencySignal, urgency_signals

log = logging.getLogger("astratickets.ai")

Source = Literal["model", "zero-shot", "llm", "rules"]


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
    """The models in force; `category_descriptions` (name: description) are given
    with a zero-shot category model, for the language model to choose among."""

    category: ClassifierModel | None = None
    priority: ClassifierModel | None = None
    tags: ClassifierModel | None = None
    category_descriptions: Mapping[str, str] = field(default_factory=dict)


def _source(model: ClassifierModel) -> Source:
    return "zero-shot" if model.metrics.method == "zero-shot" else "model"


def _model_reason(model: ClassifierModel, prediction: Prediction, what: str) -> str:
    share = f"{prediction.confidence:.0%}"
    if model.metrics.method == "zero-shot":
        # A similarity softmax, not a probability: say how it was found, not how likely.
        if prediction.abstained:
            return (
                f"no category description is close enough: the closest match is "
                f"'{prediction.label}' (score {share}, below {model.metrics.threshold:.0%}): "
                "needs a human"
            )
        return (
            f"the closest match among the category descriptions is '{prediction.label}' "
            f"(score {share}; a similarity, not a calibrated probability)"
        )
    basis = f"learned from {model.metrics.examples} labelled tickets"
    if prediction.abstained:
        return (
            f"{what} '{prediction.label}' is only {share} likely, below the "
            f"{model.metrics.threshold:.0%} threshold: needs a human ({basis})"
        )
    return f"{what} '{prediction.label}' with {share} confidence ({basis})"


def _llm_suggestion(
    answer: CategoryAnswer,
    similarity: Prediction,
    ranked: Mapping[str, float],
    threshold: float,
) -> Suggestion:
    """The language model's choice, as confident as the lower of its own word and the
    similarity's probability for it (see the module docstring)."""
    said = f"the language model {answer.model}"
    if answer.category is None:
        return Suggestion(
            value=similarity.label,
            source="llm",
            reason=(
                f"{said} found that no category fits; the closest description by "
                f"similarity is '{similarity.label}' ({similarity.confidence:.0%}): "
                "needs a human"
            ),
            confidence=0.0,
            abstained=True,
        )
    agreement = ranked.get(answer.category, 0.0)  # not among the closest few: counts as 0
    confidence = min(answer.confidence, agreement)
    similarity_says = (
        f"gives it {agreement:.0%}"
        if answer.category in ranked
        else "does not rank it near the top"
    )
    basis = (
        f"category '{answer.category}' chosen by {said} (it says {answer.confidence:.0%}, "
        f"not calibrated); similarity to the category descriptions {similarity_says}"
    )
    if confidence < threshold:
        reason = (
            f"{basis}: the lower, {confidence:.0%}, is below the {threshold:.0%} "
            "threshold: needs a human"
        )
    else:
        reason = f"{basis}: {confidence:.0%} confidence, the lower of the two"
    return Suggestion(
        value=answer.category,
        source="llm",
        reason=reason,
        confidence=round(confidence, 6),
        abstained=confidence < threshold,
    )


class TriageSuggester:
    def __init__(
        self,
        *,
        tag_min_confidence: float = 0.35,
        max_tags: int = 5,
        category_chooser: LlmCategoryChooser | None = None,
    ) -> None:
        self._tag_min_confidence = tag_min_confidence
        self._max_tags = max_tags
        self._chooser = category_chooser

    async def suggest(self, title: str, content: str, models: TriageModels) -> TriageSuggestions:
        text = f"{title}\n{content}"
        signals = urgency_signals(text)
        return TriageSuggestions(
            category=await self._category(title, content, models),
            priority=await self._priority(text, models.priority, signals),
            tags=await self._tags(text, models.tags, signals),
        )

    async def _category(self, title: str, content: str, models: TriageModels) -> Suggestion | None:
        model = models.category
        if model is None:
            return None
        text = f"{title}\n{content}"
        choices = {
            name: description
            for name, description in models.category_descriptions.items()
            if name in model.labels
        }
        if self._chooser is None or model.metrics.method != "zero-shot" or len(choices) < 2:
            (prediction,) = await model.predict([text])
            return _model_suggestion(model, prediction)
        ((prediction, ranked),) = await model.predict_ranked([text])
        try:
            answer = await self._chooser.choose(title, content, choices)
        except Exception as error:  # the similarity answer stands: never fail the triage
            why = f"{type(error).__name__}: {error}"[:300]
            log.warning("category: the language model's answer was not used: %s", why)
            suggestion = _model_suggestion(model, prediction)
            return replace(
                suggestion, reason=f"{suggestion.reason}; the language model was not used: {why}"
            )
        return _llm_suggestion(answer, prediction, dict(ranked), model.metrics.threshold)

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
        return _model_suggestion(model, learned, "priority")

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


def _model_suggestion(
    model: ClassifierModel, prediction: Prediction, what: str = "category"
) -> Suggestion:
    return Suggestion(
        value=prediction.label,
        source=_source(model),
        reason=_model_reason(model, prediction, what),
        confidence=prediction.confidence,
        abstained=prediction.abstained,
    )


def _rank(label: str) -> int | None:
    try:
        return TicketPriority(label).rank
    except ValueError:
        return None
