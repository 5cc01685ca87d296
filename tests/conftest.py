"""Shared test configuration: database fixtures (see tests/databases.py) and Hypothesis profiles."""

import os

from hypothesis import settings

pytest_plugins = ["tests.databases"]

# No deadline: the first examples pay for imports and warm-up, which is not what we test.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
