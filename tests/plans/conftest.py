"""Plans tests: the world has plans (see tests/fixtures/plans.py)."""

import tests.fixtures.plans  # noqa: F401 - registers the world's plans
