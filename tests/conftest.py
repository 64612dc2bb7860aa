"""Shared fixtures and helpers for the nncode and book tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from nncode.data import WALKTHROUGH_PRINTED_ERROR, WALKTHROUGH_PRINTED_LOSSES

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"

# The printouts of the source tutorial's detailed walk-through (Part IV of the book), which
# nncode, the page, the PDF and the downloaded notebook must all reproduce to every digit
PUBLISHED_ERROR = WALKTHROUGH_PRINTED_ERROR
PUBLISHED_LOG = list(WALKTHROUGH_PRINTED_LOSSES)


def randomize(net, rng: np.random.Generator, scale: float = 1.0) -> None:
    """Give every weight and bias an O(1) random value, so that gradients are not tiny."""
    for p in net.params.values():
        p[...] = rng.normal(0.0, scale, size=p.shape)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261122)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built HTML site. Required under `make test` (NNBOOK_REQUIRE_SITE=1), else skipped."""
    if not (SITE / "index.html").exists():
        if os.environ.get("NNBOOK_REQUIRE_SITE") == "1":
            pytest.fail(f"the book was not built: {SITE / 'index.html'} is missing")
        pytest.skip("the HTML site is not built; `make test` builds it and runs these checks")
    return SITE
