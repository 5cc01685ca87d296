"""One real-model check: all-MiniLM-L6-v2 (offline, packaged) on a small banking77 subset.

The full 5-fold cross-validation lives in benchmarks/eval_classifier.py.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

import pytest

from adapters.classification.sklearn_classifier import SklearnTicketClassifier
from adapters.knowledge.sentence_transformer_embedder import SentenceTransformerEmbedder
from application.ports.classifier_model import LabelledText

REPO = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("ASTRATICKETS_SHARED_DATA") or REPO.parent / "shared" / "data")
CSV = DATA / "banking77" / "train.csv"
LABELS, TRAIN, TEST = 8, 25, 10

pytest.importorskip("sentence_transformers")
pytestmark = pytest.mark.skipif(not CSV.is_file(), reason=f"{CSV} is not there")


@pytest.fixture(scope="module")
def subset() -> tuple[list[LabelledText], list[LabelledText]]:
    by_label: dict[str, list[str]] = defaultdict(list)
    with CSV.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            by_label[row["category"]].append(row["text"])
    chosen = list(by_label)[:LABELS]
    train = [LabelledText(t, label) for label in chosen for t in by_label[label][:TRAIN]]
    test = [LabelledText(t, label) for label in chosen for t in by_label[label][-TEST:]]
    return train, test


@pytest.fixture(scope="module")
def classifier() -> SklearnTicketClassifier:
    return SklearnTicketClassifier(SentenceTransformerEmbedder())


async def test_learns_real_intents_with_calibrated_confidence(classifier, subset):
    train, test = subset
    model = await classifier.train(train)
    assert model.metrics.accuracy is not None and model.metrics.accuracy >= 0.8
    predictions = await model.predict([e.text for e in test])
    right = [p.label == e.label for p, e in zip(predictions, test, strict=True)]
    assert sum(right) / len(test) >= 0.85
    answered = [ok for ok, p in zip(right, predictions, strict=True) if not p.abstained]
    assert answered and sum(answered) / len(answered) >= sum(right) / len(test)
    loaded = classifier.load(model.to_bytes())
    again = await loaded.predict([e.text for e in test])
    assert [p.label for p in again] == [p.label for p in predictions]


async def test_zero_shot_from_category_names_beats_chance(classifier, subset):
    _, test = subset
    names = {e.label: e.label.replace("_", " ") for e in test}
    model = await classifier.zero_shot(names)
    predictions = await model.predict([e.text for e in test])
    right = sum(p.label == e.label for p, e in zip(predictions, test, strict=True))
    assert model.metrics.method == "zero-shot"
    assert right / len(test) >= 2 / LABELS
