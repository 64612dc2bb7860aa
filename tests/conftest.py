"""Shared fixtures and helpers for the nncode and book tests."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"

# The printouts of the source tutorial's detailed walk-through (Part IV of the book), which
# nncode, the page, the PDF and the downloaded notebook must all reproduce to every digit.
# Typed here from the source, not imported from nncode.data: a test that read them from
# the package would pass whatever the package says.
PUBLISHED_ERROR = "[[0.05013458, 0.03727248, 0.25388062]]"
PUBLISHED_LOG = [
    "0.11553",
    "0.11082",
    "0.10606",
    "0.09845",
    "0.08483",
    "0.06396",
    "0.04206",
    "0.02641",
    "0.01719",
    "0.01190",
]
# The forward example another source works on a [2, 3, 2, 1] ReLU network (its first sample
# x = (6.1, 8.7), target 113), to the digits it printed, and its dJ/dw(3)_{2,1} as it rounds it
PUBLISHED_FORWARD = {
    "x0": (6.1, 8.7),
    "y": (113.0,),
    "z1": (-0.314, 0.818, -0.417),
    "x1": (0.0, 0.818, 0.0),
    "z2": (-0.07362, 0.02454),
    "x2": (0.0, 0.02454),
    "z3": (0.0017178,),
    "x3": (0.0017178,),
}
PUBLISHED_DJ_DW3_21 = -2.77


def randomize(net, rng: np.random.Generator, scale: float = 1.0) -> None:
    """Give every weight and bias an O(1) random value, so that gradients are not tiny."""
    for p in net.params.values():
        p[...] = rng.normal(0.0, scale, size=p.shape)


@pytest.fixture
def uses_torch(request: pytest.FixtureRequest) -> None:
    """Import PyTorch (a test dependency, an oracle) into the test's module as ``torch`` and
    ``F`` (torch.nn.functional), for the tests that compare with it: the others of the
    module run where PyTorch is not installed."""
    torch = pytest.importorskip("torch", reason="PyTorch is a test dependency")
    request.module.torch = torch
    request.module.F = torch.nn.functional


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
