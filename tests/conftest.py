"""Shared test configuration: database fixtures (see tests/databases.py) and Hypothesis profiles."""

import os
from collections import Counter

import pytest
from _pytest.nodeid import coerce_node_id
from hypothesis import settings

pytest_plugins = ["tests.databases"]

# No deadline: the first examples pay for imports and warm-up, which is not what we test.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test item has an id of its own, or the run stops.

    pytest-xdist (`make test` runs `--dist loadfile`) runs one item per id: items that
    share an id silently do not run. Schemathesis 4 under pytest 9 gives every item of
    `schema.parametrize()` its function's id (the operation is only in the item's name),
    so the OpenAPI fuzz ran one operation of fifty; their ids are rebuilt from the names.
    """
    for item in items:
        if getattr(item, "operation_label", None) and item.nodeid.endswith(
            f"::{item.originalname}"
        ):
            item._id = coerce_node_id(f"{item.parent.nodeid}::{item.name}")  # type: ignore[union-attr]
    shared = [nodeid for nodeid, n in Counter(item.nodeid for item in items).items() if n > 1]
    if shared:
        raise pytest.UsageError(f"test ids shared by several items (some would not run): {shared}")
