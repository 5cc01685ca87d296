import json

import pytest

from application.ai.json_output import parse_json_answer, schema_problems
from application.ai.metrics import (
    accuracy,
    expected_calibration_error,
    macro_f1,
    operating_point,
    threshold_for_precision,
)


def test_accuracy_and_macro_f1():
    truth = ["a", "a", "b", "c"]
    predicted = ["a", "b", "b", "c"]
    assert accuracy(truth, predicted) == 0.75
    # a: p=1 r=.5 f=2/3; b: p=.5 r=1 f=2/3; c: 1
    assert macro_f1(truth, predicted) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)


def test_perfectly_calibrated_confidence_has_no_error():
    confidences = [0.75] * 4 + [0.25] * 4
    correct = [True, True, True, False, True, False, False, False]
    assert expected_calibration_error(confidences, correct, bins=15) == pytest.approx(0.0)


def test_overconfidence_shows_as_calibration_error():
    assert expected_calibration_error([0.9] * 10, [True] * 5 + [False] * 5) == pytest.approx(0.4)
    assert expected_calibration_error([], []) == 0.0


def test_threshold_for_precision_keeps_as_many_as_the_target_allows():
    confidences = [0.99, 0.95, 0.9, 0.8, 0.7, 0.6]
    correct = [True, True, True, True, False, False]
    point = threshold_for_precision(confidences, correct, 0.95)
    assert point.threshold == 0.8 and point.coverage == pytest.approx(4 / 6)
    assert point.precision == 1.0
    loose = threshold_for_precision(confidences, correct, 0.6)
    assert loose.threshold == 0.6 and loose.coverage == 1.0


def test_unreachable_precision_keeps_only_the_most_confident():
    point = threshold_for_precision([0.9, 0.8], [False, True], 0.95)
    assert point.threshold == 0.9 and point.precision == 0.0


def test_operating_point_at_a_given_threshold():
    point = operating_point([0.9, 0.5, 0.2], [True, False, True], 0.5)
    assert point.coverage == pytest.approx(2 / 3) and point.precision == 0.5


SCHEMA = {
    "type": "object",
    "required": ["category", "confidence"],
    "additionalProperties": False,
    "properties": {
        "category": {"type": "string", "enum": ["billing", "login"]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
    },
}


def test_json_answers_are_checked_against_the_schema():
    value, problems = parse_json_answer('{"category": "login", "confidence": 0.7}', SCHEMA)
    assert problems == [] and value["category"] == "login"
    fenced = "```json\n" + json.dumps({"category": "billing", "confidence": 1}) + "\n```"
    assert parse_json_answer(fenced, SCHEMA)[1] == []


def test_json_problems_are_listed():
    _, problems = parse_json_answer("not json", SCHEMA)
    assert problems[0].startswith("not JSON")
    bad = {"category": "other", "confidence": 2, "tags": ["a", "b", 3], "extra": True}
    problems = schema_problems(bad, SCHEMA)
    assert "$.category: must be one of ['billing', 'login']" in problems
    assert "$.confidence: at most 1" in problems
    assert "$.tags: at most 2 items" in problems
    assert "$.tags[2]: expected string" in problems
    assert "$: unexpected 'extra'" in problems
    assert schema_problems({"confidence": True}, SCHEMA)[0] == "$: missing 'category'"
