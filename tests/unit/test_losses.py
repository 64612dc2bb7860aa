"""Loss functions: hand-computed values, the MSE erratum, stability, derivatives."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nncode import LOSSES
from nncode.losses import bce_delta_from_z, bce_from_z


def test_mse_by_hand():
    a = np.array([[1.0], [4.0]])
    Y = np.array([[0.0], [2.0]])
    # J = (1^2 + 2^2) / (2 * 2)
    assert LOSSES["mse"]["loss"](a, Y) == pytest.approx(5 / 4)
    np.testing.assert_allclose(LOSSES["mse"]["derivative"](a, Y), [[0.5], [1.0]])


def test_mse_sums_over_outputs_and_averages_over_samples():
    """The erratum: J = 1/(2n) sum_i sum_k, not mean over every entry."""
    rng = np.random.default_rng(3)
    n, k = 5, 3
    a, Y = rng.normal(size=(n, k)), rng.normal(size=(n, k))
    by_loops = sum((a[i, j] - Y[i, j]) ** 2 for i in range(n) for j in range(k)) / (2 * n)
    assert LOSSES["mse"]["loss"](a, Y) == pytest.approx(by_loops, rel=1e-13)
    # the erratum's np.mean over every entry divides by k = 3 outputs as well
    assert np.mean((a - Y) ** 2) / 2 == pytest.approx(LOSSES["mse"]["loss"](a, Y) / k, rel=1e-13)


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("k", [1, 3])
def test_derivative_matches_finite_differences(name, k):
    rng = np.random.default_rng(k)
    a = rng.uniform(0.05, 0.95, size=(4, k))
    Y = (rng.random((4, k)) > 0.5).astype(float)
    if name == "cross_entropy":  # its targets are distributions: one-hot rows
        Y = np.eye(k)[rng.integers(0, k, size=4)]
    loss, eps = LOSSES[name]["loss"], 1e-6
    numeric = np.zeros_like(a)
    for idx in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (loss(up, Y) - loss(down, Y)) / (2 * eps)
    np.testing.assert_allclose(LOSSES[name]["derivative"](a, Y), numeric, rtol=1e-6, atol=1e-10)


def test_bce_by_hand():
    a = np.array([[0.8], [0.25]])
    Y = np.array([[1.0], [0.0]])
    want = -(math.log(0.8) + math.log(0.75)) / 2
    assert LOSSES["bce"]["loss"](a, Y) == pytest.approx(want, rel=1e-12)


def test_bce_from_z_is_the_same_loss_and_stable():
    z = np.array([[-3.0, 0.4], [2.0, -0.1]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    a = 1 / (1 + np.exp(-z))
    assert bce_from_z(z, Y) == pytest.approx(LOSSES["bce"]["loss"](a, Y), rel=1e-12)
    big = np.array([[-1e4], [1e4]])
    wrong = np.array([[1.0], [0.0]])  # confidently wrong: the loss is huge but finite
    assert bce_from_z(big, wrong) == pytest.approx(1e4, rel=1e-12)
    np.testing.assert_allclose(bce_delta_from_z(big, wrong), [[-0.5], [0.5]])


def test_bce_on_saturated_probabilities_is_finite():
    a = np.array([[0.0], [1.0]])
    Y = np.array([[1.0], [0.0]])
    assert np.isfinite(LOSSES["bce"]["loss"](a, Y))
    assert np.all(np.isfinite(LOSSES["bce"]["derivative"](a, Y)))


def test_bce_rejects_values_that_are_not_probabilities():
    with pytest.raises(ValueError, match=r"bce expects predicted probabilities in \[0, 1\]"):
        LOSSES["bce"]["loss"](np.array([[1.5]]), np.array([[1.0]]))
