"""Fixtures for every tier. Helpers that tests import live in booktest.py, not here: each
tier folder has its own conftest.py, so `from conftest import ...` would be ambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest
from booktest import SITE, require

TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "build", "site", "browser", "pdf")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with its tier, the folder it sits in (`pytest -m "not browser"`)."""
    for item in items:
        tier = item.path.relative_to(TESTS).parts[0]
        if tier in TIERS:
            item.add_marker(tier)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built HTML site (`make html`)."""
    require((SITE / "index.html").exists(), f"the HTML site is not built ({SITE}; make html)")
    return SITE
