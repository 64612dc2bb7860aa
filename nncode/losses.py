"""Loss functions (the book's chapter on the cost).

Each loss is a dict ``{'loss': J, 'derivative': dJ_da}``. ``J(a, Y)`` takes the network's
output ``a`` and the targets ``Y``, both of shape ``(n_samples, n_outputs)``, and returns a
number; ``dJ_da(a, Y)`` returns an array of the same shape as ``a``.

All three losses *sum over the output neurons and average over the n samples*:

    mse:            J = 1/(2n) sum_i sum_k (a_ik - y_ik)^2,          dJ/da = (a - Y) / n
    bce:            J = -1/n sum_i sum_k [y log a + (1 - y) log(1 - a)]
    cross_entropy:  J = -1/n sum_i sum_k y_ik log p_ik    (K classes, each row of Y one-hot)

so the derivative is (a - Y)/n however many outputs there are. (One of the source
tutorials took ``np.mean`` over every entry, which silently divides the loss, but not
its derivative, by the number of outputs as well.)

A loss may name the output activation it ``'pairs_with'``: a promise that for this pair
dJ/dz simplifies to (a - Y)/n, as it does for sigmoid + bce. The network then takes
dZ(L) = (X(L) - Y)/n straight from its output, which stays exact where the product
dJ/da * a'(z) would be 0 * inf once a or 1 - a rounds to 0. Such a loss also gives
``'loss_from_z'`` (the same loss written in terms of the output receptor z, which the
network uses because it stays finite for any z) and ``'delta_from_z'`` (the same dJ/dz
computed from z alone, for checking).

Cross-entropy pairs with softmax: for p = softmax(z) and one-hot Y, dJ/dZ = (P - Y)/n.
Softmax has no elementwise derivative, so this pair is the only way ``NN`` uses it.

Every function first checks that its two arguments have one shape (NumPy would
broadcast a Y of the wrong width silently into a wrong number). bce and cross-entropy
also say which targets they are defined for, in ``'check_targets'``: bce's lie in
[0, 1], and each row of cross-entropy's is a probability distribution (a one-hot row,
say). ``NN.check_data`` runs that check once before training, and the two losses run it
on every call, so that no target outside the domain trains to a negative loss.
"""

from __future__ import annotations

import numpy as np

from .activations import log_softmax, sigmoid, softmax
from .validate import check_count, check_same_shape, to_array


def mse(a: np.ndarray, Y: np.ndarray) -> float:
    """J = 1/(2n) sum_i sum_k (a_ik - y_ik)^2."""
    a, Y = check_same_shape(a, Y)
    n = Y.shape[0]
    return float(((a - Y) ** 2).sum()) / (2 * n)


def mse_derivative(a: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dJ/da = (a - Y) / n."""
    a, Y = check_same_shape(a, Y)
    return (a - Y) / Y.shape[0]


_EPS = 1e-12


def _check_probabilities(a: np.ndarray, loss: str = "bce", output: str = "a sigmoid") -> None:
    if np.any(a < 0) or np.any(a > 1):
        raise ValueError(
            f"{loss} expects predicted probabilities in [0, 1], such as {output} output; got "
            f"values from {np.min(a):.4g} to {np.max(a):.4g}"
        )


def check_bce_targets(Y: np.ndarray) -> None:
    """bce's targets are probabilities: every y in [0, 1] (0 or 1 for two classes)."""
    if np.any(Y < 0) or np.any(Y > 1):
        raise ValueError(
            "bce needs targets Y in [0, 1] (0 or 1 for two classes); got values from "
            f"{np.min(Y):.4g} to {np.max(Y):.4g}: outside [0, 1] the loss has no minimum "
            "and goes negative. For other targets use the 'mse' loss"
        )


def check_cross_entropy_targets(Y: np.ndarray) -> None:
    """Each row of cross-entropy's targets is a probability distribution over the K
    classes: entries >= 0 that sum to 1, such as a one-hot row."""
    sums = np.sum(Y, axis=1)
    bad = np.flatnonzero((np.abs(sums - 1.0) > 1e-6) | np.any(Y < 0, axis=1))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"cross_entropy needs each row of Y to be a probability distribution over the "
            f"classes (entries >= 0 summing to 1, such as a one-hot row); row {i} sums to "
            f"{sums[i]:.4g} (min {np.min(Y[i]):.4g}). From integer labels use "
            "one_hot(labels, K)"
        )


def bce(a: np.ndarray, Y: np.ndarray) -> float:
    """J = -1/n sum_i sum_k [y log a + (1 - y) log(1 - a)], with a kept in [eps, 1 - eps]."""
    a, Y = check_same_shape(a, Y)
    _check_probabilities(a)
    check_bce_targets(Y)
    p = np.clip(a, _EPS, 1 - _EPS)
    return float(-np.sum(Y * np.log(p) + (1 - Y) * np.log1p(-p)) / Y.shape[0])


def bce_derivative(a: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dJ/da = (a - y) / (a (1 - a)) / n, with a kept in [eps, 1 - eps]."""
    a, Y = check_same_shape(a, Y)
    _check_probabilities(a)
    p = np.clip(a, _EPS, 1 - _EPS)
    return (p - Y) / (p * (1 - p)) / Y.shape[0]


def bce_from_z(z: np.ndarray, Y: np.ndarray) -> float:
    """The same J with a = sigmoid(z): 1/n sum [log(1 + e^z) - y z], finite for any z."""
    z, Y = check_same_shape(z, Y, "z")
    check_bce_targets(Y)
    return float(np.sum(np.logaddexp(0.0, z) - Y * z) / Y.shape[0])


def bce_delta_from_z(z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dJ/dz for sigmoid + bce: (sigmoid(z) - Y) / n."""
    z, Y = check_same_shape(z, Y, "z")
    return (sigmoid(z) - Y) / Y.shape[0]


def cross_entropy(a: np.ndarray, Y: np.ndarray) -> float:
    """J = -1/n sum_i sum_k y_ik log a_ik for probabilities ``a`` (clipped to [1e-12, 1])."""
    a, Y = check_same_shape(a, Y)
    _check_probabilities(a, "cross_entropy", "a softmax")
    check_cross_entropy_targets(Y)
    return float(-np.sum(Y * np.log(np.clip(a, _EPS, 1.0))) / Y.shape[0])


def cross_entropy_derivative(a: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dJ/da = -Y / a / n (clipped); only used if cross-entropy is not paired with softmax."""
    a, Y = check_same_shape(a, Y)
    _check_probabilities(a, "cross_entropy", "a softmax")
    return -Y / np.clip(a, _EPS, 1.0) / Y.shape[0]


def cross_entropy_from_z(z: np.ndarray, Y: np.ndarray) -> float:
    """The same J with a = softmax(z): -1/n sum y log_softmax(z), finite for any z."""
    z, Y = check_same_shape(z, Y, "z")
    check_cross_entropy_targets(Y)
    return float(-np.sum(Y * log_softmax(z)) / Y.shape[0])


def cross_entropy_delta_from_z(z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dJ/dz for softmax + cross-entropy: (P - Y) / n (each row of Y sums to 1)."""
    z, Y = check_same_shape(z, Y, "z")
    return (softmax(z) - Y) / Y.shape[0]


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows of a K-column identity: ``one_hot([2, 0], 3) = [[0, 0, 1], [1, 0, 0]]``."""
    n_classes = check_count(n_classes, "n_classes", minimum=1)
    labels = to_array(labels, "labels")
    if labels.ndim != 1:
        raise ValueError(
            f"labels must be a 1-D array of class labels, one per sample; got shape "
            f"{labels.shape}" + (": it is one-hot already" if labels.ndim == 2 else "")
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(
            f"labels must be whole numbers 0..{n_classes - 1} (an integer array); got "
            f"{labels.dtype} values: if they are whole, use labels.astype(int)"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in 0..{n_classes - 1}; got {labels.min()}..{labels.max()}"
        )
    return np.eye(n_classes)[labels]


LOSSES: dict[str, dict] = {
    "mse": {"name": "mse", "loss": mse, "derivative": mse_derivative},
    "bce": {
        "name": "bce",
        "loss": bce,
        "derivative": bce_derivative,
        "pairs_with": "sigmoid",
        "loss_from_z": bce_from_z,
        "delta_from_z": bce_delta_from_z,
        "check_targets": check_bce_targets,
    },
    "cross_entropy": {
        "name": "cross_entropy",
        "loss": cross_entropy,
        "derivative": cross_entropy_derivative,
        "pairs_with": "softmax",
        "loss_from_z": cross_entropy_from_z,
        "delta_from_z": cross_entropy_delta_from_z,
        "check_targets": check_cross_entropy_targets,
    },
}
"""The registry of losses by name, each ``{'name', 'loss', 'derivative', ...}``; a loss
defined for some targets only also gives ``'check_targets'`` (``NN.check_data`` runs it)."""
