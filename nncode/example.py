"""The book's worked example: a [2, 3, 2, 1] network and a four-sample data set.

Part II computes everything by hand for this network (ReLU in the hidden layers, the
identity at the output, the MSE cost), and the diagrams show its numbers. The weights
are round numbers chosen so that the forward pass is easy to follow and some ReLUs are
off (a negative receptor) while others are on. No receptor is exactly 0, where ReLU has
no derivative.

Change a value here and every page that shows the example changes with it.
"""

from __future__ import annotations

import numpy as np

from .network import NN

LAYERS_DIMS = [2, 3, 2, 1]

X = np.array(
    [
        [2.0, 1.0],
        [1.0, 2.5],
        [3.0, 2.0],
        [0.5, 1.5],
    ]
)
"""Inputs, one sample per row (n = 4 samples, 2 features)."""

Y = np.array([[1.0], [0.4], [1.8], [0.6]])
"""Targets, one per sample."""

PARAMS = {
    "W1": np.array([[0.5, -0.4, 0.3], [-0.2, 0.6, -0.5]]),
    "b1": np.array([[0.1, -0.3, 0.2]]),
    "W2": np.array([[0.7, -0.6], [0.4, 0.8], [-0.9, 0.5]]),
    "b2": np.array([[-0.1, 0.2]]),
    "W3": np.array([[1.5], [-0.8]]),
    "b3": np.array([[0.4]]),
}
"""W(l)[i, j] is the weight from neuron i of layer l-1 to neuron j of layer l (0-based
here, 1-based in the text)."""


def network() -> NN:
    """The example network with the weights above (a fresh copy each call)."""
    net = NN(LAYERS_DIMS, "relu", "identity", "mse")
    net.params = {k: v.copy() for k, v in PARAMS.items()}
    return net


def data() -> tuple[np.ndarray, np.ndarray]:
    """Copies of (X, Y)."""
    return X.copy(), Y.copy()
