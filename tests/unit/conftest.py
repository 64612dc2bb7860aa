"""Fixtures of the unit tier (nncode alone: no build, no site, no browser)."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261122)
