"""Full-batch vs stochastic descent on the two-weight model of Part I."""

from __future__ import annotations

import numpy as np
import pytest

from nncode import descent
from nncode.data import ten_points


def test_ten_points_shapes_and_seed():
    X, y = ten_points()
    assert X.shape == (10, 2) and y.shape == (10, 1)
    X2, y2 = ten_points()
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_full_batch_step_matches_a_loop_over_points():
    X, y = ten_points()
    w = np.array([0.5, -0.2])
    grad = np.zeros(2)
    for xi, yi in zip(X, y[:, 0]):
        grad += (xi @ w - yi) * xi
    expected = w - 0.1 * grad / len(X)
    assert np.allclose(descent.full_batch_step(w, X, y, 0.1), expected)


def test_full_batch_step_follows_finite_differences():
    X, y = ten_points()
    w = np.array([0.3, 0.7])
    eps = 1e-6
    numeric = [
        (descent.cost(w + eps * e, X, y) - descent.cost(w - eps * e, X, y)) / (2 * eps)
        for e in np.eye(2)
    ]
    step = descent.full_batch_step(w, X, y, 1.0)
    assert np.allclose(w - step, numeric, atol=1e-8)


def test_sgd_each_point_sees_the_updated_weights():
    X, y = ten_points()
    hist = descent.sgd_epoch(np.zeros(2), X, y, 0.1)
    assert hist.shape == (11, 2)
    for i in range(10):
        w = hist[i]
        expected = w - 0.1 * (X[i] @ w - y[i, 0]) * X[i]
        assert np.allclose(hist[i + 1], expected)


def test_stochastic_and_full_batch_by_hand():
    """Two points, w = 0, learning rate 0.5. Stochastic: point 1 has gradient (-1, 0), so
    w = (0.5, 0); point 2 then predicts 0 for 2, gradient (0, -2), so w = (0.5, 1). Full
    batch: the mean gradient (-0.5, -1) gives w = (0.25, 0.5)."""
    X, y = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0], [2.0]])
    hist = descent.sgd_epoch(np.zeros(2), X, y, 0.5)
    np.testing.assert_array_equal(hist, [[0.0, 0.0], [0.5, 0.0], [0.5, 1.0]])
    np.testing.assert_array_equal(descent.full_batch_step(np.zeros(2), X, y, 0.5), [0.25, 0.5])
    assert descent.cost(np.zeros(2), X, y) == (1.0 + 4.0) / 4


def test_bad_input_is_named():
    X, y = ten_points()
    with pytest.raises(ValueError, match="two weights"):
        descent.sgd_epoch(np.zeros(3), X, y, 0.1)
    with pytest.raises(ValueError, match="learning_rate"):
        descent.full_batch_step(np.zeros(2), X, y, -1.0)
    with pytest.raises(ValueError, match="y has 9 rows"):
        descent.full_batch_step(np.zeros(2), X, y[:9], 0.1)
