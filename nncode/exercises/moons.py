"""The exercise of *Two moons* (``book/part4/moons.md``).

- ``check_blobs(X, y, output)``: the classic sigmoid network trained on two normalised
  blobs of points; ``output`` is the trained network's prediction on ``X``;
  ``hint_blobs(level)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import kit
from .kit import Feedback, NotYet, hints, never_raises, passed


@never_raises
def check_blobs(X: Any, y: Any, output: Any, min_accuracy: float = 0.95) -> Feedback:
    """Check the blobs exercise.

    Parameters
    ----------
    X : numpy.ndarray
        The normalised inputs the network was trained on, shape (n_samples, 2).
    y : numpy.ndarray
        The targets, 0 or 1, shape (n_samples, 1).
    output : numpy.ndarray
        The trained network's output on ``X`` (``net.predict(X)``), shape (n_samples, 1).
    min_accuracy : float
        The share of samples that must land on the right side of 0.5.
    """
    X, y, output = kit.as_array(X, "X"), kit.as_array(y, "y"), kit.as_array(output, "output")
    if X.ndim != 2 or X.shape[1] != 2:
        raise NotYet(
            "X should have shape (n_samples, 2), one row per point; it has "
            f"{kit.shape_text(X.shape)}."
        )
    n = X.shape[0]
    if y.shape == (n,):
        raise NotYet("y is 1-D; the network wants one column of targets: y.reshape(-1, 1).")
    if y.shape != (n, 1):
        raise NotYet(
            f"y should have shape ({n}, 1), one target per row of X; it has "
            f"{kit.shape_text(y.shape)}."
        )
    if not np.all(np.isfinite(X)) or not np.all(np.isfinite(output)):
        raise NotYet(
            "X or output holds NaN or infinite values: normalise with the mean and standard "
            "deviation of finite data, and check that training did not diverge."
        )
    labels = set(np.unique(y).tolist())
    if (
        not labels <= {0.0, 1.0}
        and output.shape == y.shape
        and set(np.unique(output).tolist()) <= {0.0, 1.0}
        and np.all((y >= 0) & (y <= 1))
    ):
        raise NotYet(
            "y holds values between 0 and 1 and output only 0s and 1s: the targets and the "
            "predictions are swapped. The order is check_blobs(X, y, net.predict(X))."
        )
    if not labels <= {0.0, 1.0}:
        raise NotYet(
            f"y holds the labels {sorted(labels)}; a single sigmoid output can only aim at 0 "
            "and 1. Use make_blobs(..., centers=2) for two classes."
        )
    if len(labels) < 2:
        raise NotYet("y holds a single class; the data needs points of both classes.")
    if np.any(np.abs(X.mean(axis=0)) > 0.1) or np.any(np.abs(X.std(axis=0) - 1) > 0.1):
        raise NotYet(
            "X is not normalised: each column should have mean 0 and standard deviation 1, "
            "(X - X.mean(axis=0)) / X.std(axis=0). Raw blob coordinates saturate the "
            "sigmoids from the first epoch."
        )
    if output.shape != y.shape:
        raise NotYet(
            f"output has shape {kit.shape_text(output.shape)} but y has "
            f"{kit.shape_text(y.shape)}; pass net.predict(X) for the same X you trained on."
        )
    if np.any(output < 0) or np.any(output > 1):
        raise NotYet("output has values outside [0, 1]; a sigmoid output never does.")
    predicted = output > 0.5
    accuracy = float(np.mean(predicted == (y > 0.5)))
    if predicted.all() or not predicted.any():
        raise NotYet(
            f"the network answers the same class for every point (accuracy {accuracy:.2f}): "
            "it is stuck on a plateau with saturated sigmoids. Try a smaller learning rate "
            "or more epochs."
        )
    if accuracy < min_accuracy:
        raise NotYet(
            f"only {accuracy:.1%} of the points are on the right side of 0.5 (need "
            f"{min_accuracy:.0%}); train for more epochs or check the updates."
        )
    return passed(f"{accuracy:.1%} of the points are classified correctly.")


hint_blobs = hints(
    __name__,
    "blobs",
    "Do what the chapter did for the moons: make the data, normalise it, train a "
    "ClassicMLP, then pass its predictions to the check.",
    "Normalise each column: (X - X.mean(axis=0)) / X.std(axis=0); the targets are one "
    "column of 0s and 1s, labels.reshape(-1, 1).astype(float).",
    "net = classic.ClassicMLP(2, 10, 1, rng=0); net.train(X, y, 2000, lr=0.1); then "
    "check_blobs(X, y, net.predict(X)).",
)
