"""Fixtures of the tally tests."""

from __future__ import annotations

import pytest

from forum.budgeting.tally import Election, read_pb
from tests.budgeting.tally.tally_helpers import REAL_FILES


@pytest.fixture(scope="session")
def real_elections() -> dict[str, tuple[Election, dict[str, str]]]:
    return {path.stem: read_pb(path) for path in REAL_FILES}
