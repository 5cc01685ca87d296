"""Ticket classification quality on banking77: accuracy, macro-F1, calibration, coverage.

The product's classifier (a linear SVM on word + character TF-IDF blended with a
logistic regression on all-MiniLM-L6-v2 sentence embeddings, fused into one
linear map, temperature-calibrated, abstaining below a threshold) is measured by stratified
k-fold cross-validation on `banking77/train.csv`: each fold trains the
classifier exactly as the product does (its own internal cross-validation for
calibration and threshold included) and predicts the held-out part. Reported:

- accuracy and macro-F1 of the best label;
- expected calibration error (15 equal-width bins) of the confidence;
- coverage at 95% precision: the share of held-out tickets answered when
  abstaining below the threshold that reaches 95% precision on them, and the
  coverage and precision the model's own threshold (chosen on its training
  data only) achieves;
- training time on the whole file from a cold cache (embedding included; the
  model load is shown apart), wall-clock and CPU, and again with every
  embedding cached (a retraining).

    .venv/bin/python -m benchmarks.eval_classifier [--csv PATH] [--folds 5] [--limit N]
        [--tfidf-weights 0.1 0.2 0.3 ...]  (blend weight chosen by internal CV)

The data folder is ASTRATICKETS_SHARED_DATA or ../shared/data.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from adapters.classification.embedding_cache import CachingEmbedder
from adapters.classification.sklearn_classifier import ClassifierConfig, SklearnTicketClassifier
from adapters.knowledge.sentence_transformer_embedder import SentenceTransformerEmbedder
from application.ai import metrics as measure
from application.ports.classifier_model import LabelledText
from benchmarks.common import shared_data


def read_examples(path: Path) -> list[LabelledText]:
    with path.open(newline="", encoding="utf-8") as file:
        return [LabelledText(row["text"], row["category"]) for row in csv.DictReader(file)]


def stratified_folds(examples: list[LabelledText], k: int, seed: int) -> list[list[int]]:
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, example in enumerate(examples):
        by_label[example.label].append(i)
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for label in sorted(by_label):
        members = by_label[label]
        rng.shuffle(members)
        for j, i in enumerate(members):
            folds[(j + offset) % k].append(i)
        offset += len(members)
    return folds


def subsample(examples: list[LabelledText], limit: int, seed: int) -> list[LabelledText]:
    if limit <= 0 or limit >= len(examples):
        return examples
    rng = random.Random(seed)
    return sorted(rng.sample(examples, limit), key=examples.index)


async def evaluate(args: argparse.Namespace) -> dict[str, object]:
    examples = subsample(read_examples(args.csv), args.limit, args.seed)
    embedder = CachingEmbedder(SentenceTransformerEmbedder())
    classifier = SklearnTicketClassifier(
        embedder,
        ClassifierConfig(cv_folds=args.inner_folds, tfidf_weights=tuple(args.tfidf_weights)),
    )

    started = time.perf_counter()
    await embedder.space()
    load_seconds = time.perf_counter() - started

    wall, cpu = time.perf_counter(), time.process_time()
    full = await classifier.train(examples, target_precision=args.target_precision)
    train_wall, train_cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = len(full.to_bytes())
    print(
        f"full training: {len(examples)} examples, {len(full.labels)} labels, "
        f"{train_wall:.1f} s wall ({train_cpu:.1f} s CPU), model {size / 1e6:.1f} MB",
        file=sys.stderr,
    )

    truth: list[str] = []
    predicted: list[str] = []
    confidences: list[float] = []
    own_abstained: list[bool] = []
    folds = stratified_folds(examples, args.folds, args.seed)
    for number, test in enumerate(folds, start=1):
        held = set(test)
        train = [e for i, e in enumerate(examples) if i not in held]
        fold_started = time.perf_counter()
        model = await classifier.train(train, target_precision=args.target_precision)
        predictions = await model.predict([examples[i].text for i in test])
        for i, prediction in zip(test, predictions, strict=True):
            truth.append(examples[i].label)
            predicted.append(prediction.label)
            confidences.append(prediction.confidence)
            own_abstained.append(prediction.abstained)
        done = sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)
        print(
            f"fold {number}/{args.folds}: trained in {time.perf_counter() - fold_started:.1f} s, "
            f"running accuracy {done:.4f}",
            file=sys.stderr,
        )

    wall = time.perf_counter()
    await classifier.train(examples, target_precision=args.target_precision)
    retrain_wall = time.perf_counter() - wall

    correct = [t == p for t, p in zip(truth, predicted, strict=True)]
    point = measure.threshold_for_precision(confidences, correct, args.target_precision)
    answered = [ok for ok, abstained in zip(correct, own_abstained, strict=True) if not abstained]
    return {
        "data": str(args.csv),
        "examples": len(examples),
        "labels": len(set(e.label for e in examples)),
        "folds": args.folds,
        "accuracy": round(measure.accuracy(truth, predicted), 4),
        "macro_f1": round(measure.macro_f1(truth, predicted), 4),
        "ece_15_bins": round(measure.expected_calibration_error(confidences, correct, 15), 4),
        "target_precision": args.target_precision,
        "coverage_at_target": round(point.coverage, 4),
        "threshold_at_target": round(point.threshold, 4),
        "own_threshold_coverage": round(len(answered) / len(correct), 4),
        "own_threshold_precision": round(sum(answered) / max(1, len(answered)), 4),
        "train_seconds_wall": round(train_wall, 2),
        "train_seconds_cpu": round(train_cpu, 2),
        "retrain_seconds_cached": round(retrain_wall, 2),
        "model_load_seconds": round(load_seconds, 2),
        "model_bytes": size,
        "internal_estimate": {
            "accuracy": full.metrics.accuracy,
            "ece": full.metrics.expected_calibration_error,
            "threshold": full.metrics.threshold,
            "tfidf_weight": full.tfidf_weight,
            "coverage": full.metrics.coverage_at_target,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=shared_data() / "banking77" / "train.csv")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--inner-folds", type=int, default=ClassifierConfig().cv_folds)
    parser.add_argument("--limit", type=int, default=0, help="use a random subset of N rows")
    parser.add_argument(
        "--tfidf-weights",
        type=float,
        nargs="*",
        default=[],
        help="candidate TF-IDF shares of the blend, chosen by internal cross-validation",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target-precision", type=float, default=0.95)
    args = parser.parse_args()
    report = asyncio.run(evaluate(args))
    width = max(len(key) for key in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
