"""Softmax output and cross-entropy loss (the chapters on activations and on the digits).

For K classes the output layer has K neurons and

    softmax:        p_ik = exp(z_ik) / sum_j exp(z_ij)
    cross-entropy:  J = -1/n sum_i sum_k y_ik log p_ik           (Y one-hot)
    together:       dJ/dZ = (P - Y) / n

Softmax is not applied neuron by neuron (each p_ik depends on the whole row z_i), so it
has no elementwise derivative that ``NN``'s backward pass could multiply by. It is only
used paired with cross-entropy: the loss below ``'pairs_with'`` softmax, so ``NN`` takes
dZ(L) = (P - Y)/n from its output P and the loss from ``'loss_from_z'`` (the same
mechanism as sigmoid + bce in ``nncode.losses``). Softmax and the loss are computed
with each row's maximum subtracted first, so they stay finite for any z.
"""

from __future__ import annotations

import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax, with each row's maximum subtracted first (no overflow)."""
    z = _column_major(z)
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log p = z - logsumexp(z), row by row, finite for any z."""
    z = _column_major(z)
    shifted = z - np.max(z, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def _column_major(z: np.ndarray) -> np.ndarray:
    """The same values stored column by column (a speed-up only).

    A row of z has one entry per class, often only ten. Along such short rows NumPy's
    max and sum run one tiny loop per sample; stored column by column they run along
    all the samples at once, several times faster (see the benchmark appendix).
    """
    return np.asfortranarray(z)


def softmax_derivative(z: np.ndarray) -> np.ndarray:
    """Not elementwise: use softmax with the ``cross_entropy`` loss, which pairs with it."""
    raise ValueError(
        "softmax has no elementwise derivative (each output depends on the whole row of z); "
        "use it as the output activation together with the 'cross_entropy' loss from "
        "nncode.multiclass, whose dJ/dz = (P - Y)/n the network uses directly"
    )


def cross_entropy(a: np.ndarray, Y: np.ndarray) -> float:
    """J = -1/n sum_i sum_k y_ik log a_ik for probabilities ``a`` (clipped to [1e-12, 1])."""
    return float(-np.sum(Y * np.log(np.clip(a, 1e-12, 1.0))) / Y.shape[0])


def cross_entropy_derivative(a: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dJ/da = -Y / a / n (clipped); only used if cross-entropy is not paired with softmax."""
    return -Y / np.clip(a, 1e-12, 1.0) / Y.shape[0]


def cross_entropy_from_z(z: np.ndarray, Y: np.ndarray) -> float:
    """The same J with a = softmax(z): -1/n sum y log_softmax(z), finite for any z."""
    return float(-np.sum(Y * log_softmax(z)) / Y.shape[0])


def cross_entropy_delta_from_z(z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dJ/dz for softmax + cross-entropy: (P - Y) / n (each row of Y sums to 1)."""
    return (softmax(z) - Y) / Y.shape[0]


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows of a K-column identity: ``one_hot([2, 0], 3) = [[0, 0, 1], [1, 0, 0]]``."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of integer class labels; got {labels!r}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in 0..{n_classes - 1}; got {labels.min()}..{labels.max()}"
        )
    return np.eye(n_classes)[labels]


SOFTMAX = {"name": "softmax", "activation": softmax, "derivative": softmax_derivative}
"""The softmax output activation (pass it to ``NN`` as ``activation_output``)."""

CROSS_ENTROPY = {
    "name": "cross_entropy",
    "loss": cross_entropy,
    "derivative": cross_entropy_derivative,
    "pairs_with": "softmax",
    "loss_from_z": cross_entropy_from_z,
    "delta_from_z": cross_entropy_delta_from_z,
}
"""Categorical cross-entropy (pass it to ``NN`` as ``loss_function``)."""

OUTPUT_ACTIVATIONS: dict[str, dict] = {"softmax": SOFTMAX}
"""Registry of output-only activations (not elementwise, so not in ``ACTIVATIONS``)."""

MULTICLASS_LOSSES: dict[str, dict] = {"cross_entropy": CROSS_ENTROPY}
"""Registry of multi-class losses."""
