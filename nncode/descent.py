"""Full-batch versus stochastic gradient descent on a two-weight model (Part I).

The model has two weights and no bias, ``y_hat = w1 * x1 + w2 * x2``, and the cost of
a set of n points is half the mean squared error,

    J(w) = 1/(2n) sum_i (x_i . w - y_i)^2,     dJ/dw = 1/n sum_i (x_i . w - y_i) x_i.

*Full batch*: one update from the gradient over all n points. *Stochastic*: one update
per point, using that point's gradient alone, and the next point already sees the
updated weights.

The ten points of the chapter are ``nncode.data.ten_points()``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validate import as_data, check_positive_number, to_array


def _check(w: Any, X: Any, y: Any, learning_rate: Any) -> tuple[np.ndarray, ...]:
    X = as_data("X", X, n_cols=2, cols_meaning="one per weight")
    y = as_data("y", y, n_cols=1, n_rows=X.shape[0], cols_meaning="one target per point")
    w = to_array(w, "w")
    if w.size != 2:
        raise ValueError(f"w must hold the two weights (w1, w2); got shape {w.shape}")
    w = as_data("w", w.reshape(1, 2))
    check_positive_number(learning_rate, "learning_rate")
    return w.reshape(2, 1), X, y


def gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dJ/dw = 1/n X^T (X w - y), shape (2, 1), for the points in X (n = len(X))."""
    return X.T @ (X @ w - y) / X.shape[0]


def full_batch_step(w: Any, X: Any, y: Any, learning_rate: float) -> np.ndarray:
    """One full-batch update: w - learning_rate * dJ/dw over all points. Returns shape (2,)."""
    w, X, y = _check(w, X, y, learning_rate)
    return (w - learning_rate * gradient(w, X, y)).ravel()


def sgd_epoch(w: Any, X: Any, y: Any, learning_rate: float) -> np.ndarray:
    """One stochastic epoch: an update per point, in order.

    Returns the weights before the first update and after each update, shape (n + 1, 2):
    row i + 1 is the weight vector after point i.
    """
    w, X, y = _check(w, X, y, learning_rate)
    history = [w.ravel().copy()]
    for i in range(X.shape[0]):
        w = w - learning_rate * gradient(w, X[i : i + 1], y[i : i + 1])
        history.append(w.ravel().copy())
    return np.array(history)


def cost(w: Any, X: Any, y: Any) -> float:
    """J(w) = 1/(2n) sum_i (x_i . w - y_i)^2."""
    w, X, y = _check(w, X, y, 1.0)
    return float(np.sum((X @ w - y) ** 2) / (2 * X.shape[0]))
