"""Activation functions and their derivatives (the book's chapter on the neuron).

Each activation is a dict ``{'activation': a, 'derivative': a_prime}``. Both functions
take the receptor ``z`` (the pre-activation), so that in backpropagation

    dx/dz = a'(z)

is ``act['derivative'](z)``, exactly as written in the text. The dicts also carry a
``'name'``; a dict you write yourself does not need one.
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
}
"""The registry of activations by name, each ``{'name', 'activation', 'derivative'}``."""
