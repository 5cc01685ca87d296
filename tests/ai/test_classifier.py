"""The scikit-learn ticket classifier, on the fast hashing embedder (no model download)."""

import asyncio
import io
import json
import zipfile

import numpy as np
import pytest

from adapters.classification.embedding_cache import CachingEmbedder
from adapters.classification.features import FeatureConfig, FittedFeatures
from adapters.classification.sklearn_classifier import (
    ClassifierConfig,
    CrossValidated,
    SklearnTicketClassifier,
    TwoParts,
    choose_tfidf_weight,
)
from adapters.knowledge.hashing_embedder import HashingEmbedder
from application.ai.errors import InvalidClassifierModel, NotEnoughExamples
from application.ports.classifier_model import LabelledText
from tests.ai.builders import labelled

QUERIES = {
    "billing": "the invoice amount is wrong, I want a refund",
    "login": "my password reset does not work and I cannot sign in",
    "shipping": "my parcel delivery is late and tracking shows nothing",
}


@pytest.fixture(scope="module")
def classifier():
    return SklearnTicketClassifier(HashingEmbedder())


@pytest.fixture(scope="module")
def trained(classifier):
    return asyncio.run(classifier.train(labelled(12)))


async def test_learns_categories_and_reports_cross_validated_metrics(classifier, trained):
    model = trained
    assert model.labels == ("billing", "login", "shipping")
    m = model.metrics
    assert m.method == "supervised" and m.examples == 36 and m.labels == 3 and m.folds == 3
    assert m.accuracy is not None and m.accuracy >= 0.9
    assert m.macro_f1 is not None and m.expected_calibration_error is not None
    assert 0 <= m.threshold <= 1 and m.target_precision == 0.95
    assert m.coverage_at_target is not None and m.train_seconds > 0
    predictions = await model.predict(list(QUERIES.values()))
    assert [p.label for p in predictions] == list(QUERIES)
    assert all(0 < p.confidence <= 1 for p in predictions)


async def test_abstains_below_the_threshold(classifier, trained):
    model = trained
    texts = [*QUERIES.values(), "hello there", "general question about something"]
    lenient = model.with_threshold(0.0)
    confidences = [p.confidence for p in await lenient.predict(texts)]
    assert not any(p.abstained for p in await lenient.predict(texts))
    cut = sorted(set(confidences))[-1]
    assert min(confidences) < cut
    strict = model.with_threshold(cut)
    for p in await strict.predict(texts):
        assert p.abstained == (p.confidence < cut)
    assert any(p.abstained for p in await strict.predict(texts))


async def test_a_given_threshold_is_kept(classifier):
    model = await classifier.train(labelled(12), threshold=0.42)
    assert model.metrics.threshold == 0.42 and model.metrics.target_precision is None


async def test_serialises_to_bytes_and_loads_back_with_the_same_predictions(classifier, trained):
    model = trained
    data = model.to_bytes()
    assert isinstance(data, bytes)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "manifest.json" in names and not any(n.endswith(".pkl") for n in names)
    loaded = classifier.load(data)
    assert loaded.labels == model.labels and loaded.metrics == model.metrics
    texts = [*QUERIES.values(), "something else entirely"]
    before = await model.predict(texts)
    after = await loaded.predict(texts)
    assert [p.label for p in before] == [p.label for p in after]
    for a, b in zip(before, after, strict=True):
        assert a.confidence == pytest.approx(b.confidence, abs=2e-3)


async def test_garbage_or_foreign_models_are_refused(classifier):
    with pytest.raises(InvalidClassifierModel):
        classifier.load(b"not a model")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", '{"format": "something else"}')
    with pytest.raises(InvalidClassifierModel):
        classifier.load(buffer.getvalue())


async def test_a_model_refuses_an_embedder_of_another_space(classifier, trained):
    data = trained.to_bytes()
    other = SklearnTicketClassifier(HashingEmbedder(dimension=64)).load(data)
    with pytest.raises(InvalidClassifierModel, match="trained with"):
        await other.predict(["hello"])


async def test_needs_two_labels_with_two_examples(classifier):
    with pytest.raises(NotEnoughExamples):
        await classifier.train(labelled(12, labels=("billing",)))
    with pytest.raises(NotEnoughExamples):
        await classifier.train([LabelledText("a b c", "x"), LabelledText("d e f", "y")])


async def test_rare_labels_are_left_out_and_tiny_sets_skip_cross_validation(classifier):
    examples = [*labelled(2, labels=("billing", "login")), LabelledText("lonely", "rare")]
    model = await classifier.train(examples)
    assert model.labels == ("billing", "login")
    assert model.metrics.folds == 2


async def test_two_labels_work_too(classifier):
    model = await classifier.train(labelled(10, labels=("billing", "shipping")))
    (prediction,) = await model.predict([QUERIES["shipping"]])
    assert prediction.label == "shipping"
    loaded = classifier.load(model.to_bytes())
    assert (await loaded.predict([QUERIES["shipping"]]))[0].label == "shipping"


async def test_zero_shot_from_descriptions_is_reported_as_such(classifier):
    descriptions = {
        "billing": "invoice amount refund charged",
        "login": "password sign in login reset",
        "shipping": "parcel delivery tracking courier",
    }
    model = await classifier.zero_shot(descriptions)
    assert model.metrics.method == "zero-shot" and model.metrics.accuracy is None
    assert model.metrics.examples == 0
    predictions = await model.predict(list(QUERIES.values()))
    assert [p.label for p in predictions] == list(QUERIES)
    loaded = classifier.load(model.to_bytes())
    assert [p.label for p in await loaded.predict(list(QUERIES.values()))] == list(QUERIES)
    few = await classifier.zero_shot(descriptions, examples=labelled(1))
    assert few.metrics.examples == 3 and few.metrics.method == "zero-shot"
    with pytest.raises(NotEnoughExamples):
        await classifier.zero_shot({"only": "one"})


async def test_training_texts_are_embedded_once():
    inner = HashingEmbedder()
    classifier = SklearnTicketClassifier(CachingEmbedder(inner))
    await classifier.train(labelled(12))
    calls = inner.calls
    await classifier.train(labelled(12))
    assert inner.calls == calls


def test_the_blend_weight_follows_held_out_accuracy():
    targets = np.array([0, 1, 0, 1])
    right = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    config = ClassifierConfig(tfidf_weight=0.5, tfidf_weights=(0.2, 0.5, 0.7))
    text_knows = CrossValidated(text=right, embedding=-right, folds=2)
    assert choose_tfidf_weight(text_knows, targets, config) == 0.7
    embedding_knows = CrossValidated(text=-right, embedding=right, folds=2)
    assert choose_tfidf_weight(embedding_knows, targets, config) == 0.2
    both_know = CrossValidated(text=right, embedding=right, folds=2)
    assert choose_tfidf_weight(both_know, targets, config) == 0.5
    assert choose_tfidf_weight(None, targets, config) == 0.5


def test_the_fused_map_scores_as_the_weighted_blend_of_its_parts():
    texts = [e.text for e in labelled(4)]
    features = FittedFeatures.fit(texts, FeatureConfig(embedding_weight=2.0))
    rng = np.random.default_rng(0)
    embeddings = rng.normal(size=(len(texts), 8)).astype(np.float32)
    width = features.transform_text(texts).shape[1]
    parts = TwoParts(
        classes=np.arange(3),
        text_coef=rng.normal(size=(3, width)),
        text_intercept=rng.normal(size=3),
        embedding_coef=rng.normal(size=(3, 8)),
        embedding_intercept=rng.normal(size=3),
    )
    text, embedding = parts.part_scores(features.transform_text(texts), embeddings)
    fused = parts.fuse(0.4, embedding_weight=2.0).scores(features.transform(texts, embeddings))
    np.testing.assert_allclose(fused, 0.4 * text + 0.6 * embedding, rtol=1e-4, atol=1e-4)


async def test_the_chosen_weight_is_stored_and_reloads_to_the_same_predictions():
    classifier = SklearnTicketClassifier(
        HashingEmbedder(), ClassifierConfig(tfidf_weights=(0.2, 0.5, 0.8))
    )
    model = await classifier.train(labelled(12))
    assert model.tfidf_weight in (0.2, 0.5, 0.8)
    loaded = classifier.load(model.to_bytes())
    assert loaded.tfidf_weight == model.tfidf_weight
    texts = [*QUERIES.values(), "something else entirely"]
    before, after = await model.predict_ranked(texts), await loaded.predict_ranked(texts)
    assert [p.label for p, _ in before] == [p.label for p, _ in after]
    for (a, ranked_a), (b, ranked_b) in zip(before, after, strict=True):
        assert a.confidence == pytest.approx(b.confidence, abs=2e-3)
        assert [label for label, _ in ranked_a] == [label for label, _ in ranked_b]
    fixed = SklearnTicketClassifier(
        HashingEmbedder(), ClassifierConfig(tfidf_weight=0.45, tfidf_weights=())
    )
    assert (await fixed.train(labelled(12))).tfidf_weight == 0.45


async def test_a_model_stored_before_the_weight_was_recorded_still_loads(classifier, trained):
    source = zipfile.ZipFile(io.BytesIO(trained.to_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "manifest.json":
                manifest = json.loads(data)
                del manifest["tfidf_weight"]
                data = json.dumps(manifest).encode()
            archive.writestr(name, data)
    old = classifier.load(buffer.getvalue())
    assert old.tfidf_weight is None
    texts = list(QUERIES.values())
    assert [p.label for p in await old.predict(texts)] == list(QUERIES)
