import pytest

from adapters.classification.sklearn_classifier import SklearnTicketClassifier
from adapters.knowledge.hashing_embedder import HashingEmbedder
from application.ai.triage import TriageModels, TriageSuggester
from application.ports.classifier_model import ClassifierMetrics, LabelledText, Prediction
from application.use_cases.train_triage_models import (
    HistoricTicket,
    TrainTriageModels,
    TrainTriageModelsHandler,
)
from tests.ai.builders import TOPICS, labelled


class FixedModel:
    """A classifier model that always predicts the same thing."""

    def __init__(self, label, confidence=0.9, threshold=0.5, method="supervised", ranked=()):
        self.labels = (label,)
        self.metrics = ClassifierMetrics(method, examples=40, labels=3, threshold=threshold)
        self._prediction = Prediction(label, confidence, confidence < threshold)
        self._ranked = tuple(ranked) or ((label, confidence),)

    async def predict(self, texts):
        return [self._prediction for _ in texts]

    async def predict_ranked(self, texts):
        return [(self._prediction, self._ranked) for _ in texts]

    def with_threshold(self, threshold):
        return self

    def to_bytes(self):
        return b""


suggest = TriageSuggester().suggest


async def test_category_comes_from_the_model_with_its_reason():
    result = await suggest("Invoice", "Wrong amount", TriageModels(category=FixedModel("billing")))
    assert result.category.value == "billing" and result.category.source == "model"
    assert not result.category.abstained
    assert "learned from 40 labelled tickets" in result.category.reason


async def test_a_doubtful_category_abstains_and_says_a_human_is_needed():
    model = FixedModel("billing", confidence=0.3, threshold=0.6)
    result = await suggest("?", "hmm", TriageModels(category=model))
    assert result.category.abstained
    assert "needs a human" in result.category.reason


async def test_zero_shot_categories_are_reported_as_such():
    model = FixedModel("billing", method="zero-shot")
    result = await suggest("?", "invoice", TriageModels(category=model))
    assert result.category.source == "zero-shot"
    assert "category descriptions" in result.category.reason
    assert "not a calibrated probability" in result.category.reason


async def test_a_zero_shot_abstention_says_no_description_is_close_enough():
    model = FixedModel("billing", confidence=0.3, threshold=0.5, method="zero-shot")
    result = await suggest("?", "hmm", TriageModels(category=model))
    assert result.category.abstained
    assert result.category.reason.startswith("no category description is close enough")
    assert "'billing'" in result.category.reason and "needs a human" in result.category.reason


async def test_without_models_or_signals_nothing_is_suggested():
    result = await suggest("Question", "How do I export my data?", TriageModels())
    assert result == type(result)(None, None, ())


async def test_urgency_rules_suggest_priority_and_tags_with_reasons():
    result = await suggest("Site down!", "Our website is down and nobody can pay", TriageModels())
    assert result.priority.value == "urgent" and result.priority.source == "rules"
    assert "service outage" in result.priority.reason and "is down" in result.priority.reason
    assert [t.value for t in result.tags] == ["outage"]


async def test_the_more_urgent_of_rules_and_model_wins():
    low = FixedModel("low")
    result = await suggest("Help", "I cannot log in", TriageModels(priority=low))
    assert result.priority.value == "high" and result.priority.source == "rules"
    urgent = FixedModel("urgent")
    result = await suggest("Help", "I cannot log in", TriageModels(priority=urgent))
    assert result.priority.value == "urgent" and result.priority.source == "model"


async def test_a_learned_priority_applies_when_no_rule_fires():
    result = await suggest("Question", "Export my data", TriageModels(priority=FixedModel("low")))
    assert result.priority.value == "low" and result.priority.source == "model"


async def test_tags_combine_rules_and_the_tag_model():
    tags = FixedModel("billing", ranked=(("billing", 0.7), ("refund", 0.4), ("vip", 0.1)))
    result = await suggest("Charged twice", "I was charged twice", TriageModels(tags=tags))
    assert [t.value for t in result.tags] == ["billing", "refund"]
    assert result.tags[0].source == "rules"
    assert "70%" not in result.tags[0].reason and "40%" in result.tags[1].reason


@pytest.fixture
def handler():
    return TrainTriageModelsHandler(SklearnTicketClassifier(HashingEmbedder()))


def history(per_label: int) -> list[HistoricTicket]:
    priorities = {"billing": "high", "login": "urgent", "shipping": "low"}
    return [
        HistoricTicket(e.text, e.label, priorities[e.label], (e.label, "customer"))
        for e in labelled(per_label)
    ]


async def test_history_trains_supervised_models(handler):
    trained = await handler(TrainTriageModels(history(12)))
    models = trained.models
    assert models.category.metrics.method == "supervised"
    assert models.priority.labels == ("high", "low", "urgent")
    assert "customer" in models.tags.labels
    result = await TriageSuggester().suggest("Parcel", "my parcel delivery is late", models)
    assert result.category.value == "shipping"
    assert any("learned from" in note for note in trained.notes)


async def test_little_history_falls_back_to_zero_shot_categories_and_rules(handler):
    descriptions = {label: " ".join(TOPICS[label]) for label in TOPICS}
    trained = await handler(TrainTriageModels(history(2), category_descriptions=descriptions))
    assert trained.models.category.metrics.method == "zero-shot"
    assert trained.models.priority is None and trained.models.tags is None
    assert any("too few" in note for note in trained.notes)
    assert any("zero-shot" in note for note in trained.notes)


async def test_nothing_to_learn_from_gives_no_models(handler):
    trained = await handler(TrainTriageModels([HistoricTicket("hello")]))
    assert trained.models == TriageModels()


def test_labelled_text_is_a_plain_value():
    assert LabelledText("a", "b") == LabelledText("a", "b")
