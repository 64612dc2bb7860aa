"""Checks for the exercises of Part IV (the classic sigmoid network)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._feedback import Feedback, fail, passed


def _numbers(value: Any, argname: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{argname} must be an array of numbers; got {type(value).__name__}")
    return arr.astype(np.float64)


def check_blobs(X: Any, y: Any, output: Any, min_accuracy: float = 0.95) -> Feedback:
    """Check the blobs exercise: a classic network trained on two normalised blobs.

    Parameters
    ----------
    X : numpy.ndarray
        The normalised inputs the network was trained on, shape (n_samples, 2).
    y : numpy.ndarray
        The targets, 0 or 1, shape (n_samples, 1).
    output : numpy.ndarray
        The trained network's output on ``X`` (e.g. ``net.predict(X)``), shape (n_samples, 1).
    min_accuracy : float
        The share of samples that must land on the right side of 0.5.
    """
    X, y, output = _numbers(X, "X"), _numbers(y, "y"), _numbers(output, "output")
    if X.ndim != 2 or X.shape[1] != 2:
        return fail(f"X should have shape (n_samples, 2), one row per point; it has {X.shape}.")
    n = X.shape[0]
    if y.shape == (n,):
        return fail("y is 1-D; the network wants one column of targets: y.reshape(-1, 1).")
    if y.shape != (n, 1):
        return fail(f"y should have shape ({n}, 1), one target per row of X; it has {y.shape}.")
    labels = set(np.unique(y).tolist())
    if not labels <= {0.0, 1.0}:
        return fail(
            f"y holds the labels {sorted(labels)}; a single sigmoid output can only aim at 0 "
            "and 1. Use make_blobs(..., centers=2) for two classes."
        )
    if len(labels) < 2:
        return fail("y holds a single class; the data needs points of both classes.")
    if np.any(np.abs(X.mean(axis=0)) > 0.1) or np.any(np.abs(X.std(axis=0) - 1) > 0.1):
        return fail(
            "X is not normalised: each column should have mean 0 and standard deviation 1, "
            "(X - X.mean(axis=0)) / X.std(axis=0). Raw blob coordinates saturate the "
            "sigmoids from the first epoch."
        )
    if output.shape != y.shape:
        return fail(
            f"output has shape {output.shape} but y has {y.shape}; pass net.predict(X) for "
            "the same X you trained on."
        )
    if np.any(output < 0) or np.any(output > 1):
        return fail("output has values outside [0, 1]; a sigmoid output never does.")
    predicted = output > 0.5
    accuracy = float(np.mean(predicted == (y > 0.5)))
    if predicted.all() or not predicted.any():
        return fail(
            f"the network answers the same class for every point (accuracy {accuracy:.2f}): "
            "it is stuck on a plateau with saturated sigmoids. Try a smaller learning rate "
            "or more epochs."
        )
    if accuracy < min_accuracy:
        return fail(
            f"only {accuracy:.1%} of the points are on the right side of 0.5 (need "
            f"{min_accuracy:.0%}); train for more epochs or check the updates."
        )
    return passed(f"{accuracy:.1%} of the points are classified correctly.")
