"""Activation functions and their derivatives (the book's chapter on the neuron).

Each activation is a dict ``{'activation': a, 'derivative': a_prime}``. Both functions
take the receptor ``z`` (the pre-activation), so that in backpropagation

    dx/dz = a'(z)

is ``act['derivative'](z)``, exactly as written in the text. The dicts also carry a
``'name'``; a dict you write yourself does not need one.

Softmax (Part V, for several classes) is the exception: each of its outputs depends on
the whole row z_i, so it has no elementwise derivative a'(z) for the backward pass to
multiply by. Its entry says ``'elementwise': False``, and ``NN`` accepts it only as the
output activation paired with the ``cross_entropy`` loss, whose dJ/dZ(L) = (P - Y)/n the
network uses directly (``nncode.losses``).
"""

from __future__ import annotations

import numpy as np

LEAKY_SLOPE = 0.01
"""Slope of leaky ReLU for z < 0."""


def identity(z: np.ndarray) -> np.ndarray:
    """a(z) = z."""
    return z


def identity_derivative(z: np.ndarray) -> np.ndarray:
    """a'(z) = 1."""
    return np.ones_like(z)


def relu(z: np.ndarray) -> np.ndarray:
    """a(z) = max{0, z}."""
    return np.maximum(0.0, z)


def relu_derivative(z: np.ndarray) -> np.ndarray:
    """a'(z) = 1 if z > 0 else 0 (we take 0 at the kink z = 0)."""
    return (z > 0).astype(z.dtype)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """a(z) = 1 / (1 + exp(-z)), computed without overflow for any z.

    1 / (1 + e^-z) = exp(-log(1 + e^-z)), and ``np.logaddexp(0, -z)`` = log(e^0 + e^-z)
    is computed without ever forming e^-z, so it stays finite (and exact to rounding)
    for any z; exp of minus it then lies in [0, 1].
    """
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    """a'(z) = a(z) (1 - a(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: np.ndarray) -> np.ndarray:
    """a(z) = tanh(z)."""
    return np.tanh(z)


def tanh_derivative(z: np.ndarray) -> np.ndarray:
    """a'(z) = 1 - tanh(z)^2."""
    t = np.tanh(z)
    return 1.0 - t * t


def leaky_relu(z: np.ndarray) -> np.ndarray:
    """a(z) = z if z > 0 else 0.01 z."""
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_derivative(z: np.ndarray) -> np.ndarray:
    """a'(z) = 1 if z > 0 else 0.01."""
    return np.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype, copy=False)


def softmax(z: np.ndarray) -> np.ndarray:
    """p_ik = exp(z_ik) / sum_j exp(z_ij), row by row, with each row's maximum subtracted first.

    Subtracting max_j z_ij divides numerator and denominator by the same exp(max), so p
    is unchanged, but no exponential can overflow: the largest is exp(0) = 1.
    """
    z = _column_major(_rows_of_receptors(z))
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log p = z - logsumexp(z), row by row, finite for any z."""
    z = _column_major(_rows_of_receptors(z))
    shifted = z - np.max(z, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def _rows_of_receptors(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z)
    if z.ndim != 2:
        raise ValueError(
            f"softmax works on a 2-D array of receptors, one row per sample, shape (n, K); "
            f"got shape {z.shape}: for one sample use z.reshape(1, -1)"
        )
    return z


def _column_major(z: np.ndarray) -> np.ndarray:
    """The same values stored column by column (a speed-up only).

    A row of z has one entry per class, often only ten. Along such short rows NumPy's
    max and sum run one tiny loop per sample; stored column by column they run along
    all the samples at once, several times faster (see the benchmark appendix).
    """
    return np.asfortranarray(z)


def softmax_derivative(z: np.ndarray) -> np.ndarray:
    """Not elementwise: softmax is used with the ``cross_entropy`` loss, which pairs with it."""
    raise ValueError(
        "softmax has no elementwise derivative (each output depends on the whole row of z); "
        "use it as the output activation together with the 'cross_entropy' loss, whose "
        "dJ/dZ = (P - Y)/n the network uses directly"
    )


ACTIVATIONS: dict[str, dict] = {
    "identity": {"name": "identity", "activation": identity, "derivative": identity_derivative},
    "relu": {"name": "relu", "activation": relu, "derivative": relu_derivative},
    "sigmoid": {"name": "sigmoid", "activation": sigmoid, "derivative": sigmoid_derivative},
    "tanh": {"name": "tanh", "activation": tanh, "derivative": tanh_derivative},
    "leaky_relu": {
        "name": "leaky_relu",
        "activation": leaky_relu,
        "derivative": leaky_relu_derivative,
    },
    "softmax": {
        "name": "softmax",
        "activation": softmax,
        "derivative": softmax_derivative,
        "elementwise": False,
    },
}
"""The registry of activations by name, each ``{'name', 'activation', 'derivative'}``.

``softmax`` also says ``'elementwise': False``: it is an output activation only, paired
with the ``cross_entropy`` loss.
"""
