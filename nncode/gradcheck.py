"""Checking gradients by finite differences (the book's "verify it numerically").

For a parameter entry w, the central difference

    (J(w + eps) - J(w - eps)) / (2 eps)

differs from dJ/dw by O(eps^2), so it is an oracle that knows nothing of
backpropagation: if backprop's gradient agrees with it to ~1e-7, backprop is right.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from .network import NN
from .validate import check_network, check_positive_number, shape_text, to_array


def numerical_gradient(f: Callable[[], float], param: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of ``f()`` with respect to every entry of ``param``.

    ``f`` is called with no arguments and must read ``param`` (which is changed in place
    and restored entry by entry).
    """
    if not callable(f):
        raise TypeError(f"f must be a function of no arguments that returns J; got {f!r}")
    if not isinstance(param, np.ndarray) or not np.issubdtype(param.dtype, np.floating):
        raise TypeError(
            "param must be a float NumPy array that f reads (it is moved in place); got "
            + (f"dtype {param.dtype}" if isinstance(param, np.ndarray) else type(param).__name__)
        )
    eps = check_positive_number(eps, "eps")
    grad = np.zeros_like(param, dtype=np.float64)
    for idx in np.ndindex(param.shape):
        saved = param[idx]
        param[idx] = saved + eps
        up = f()
        param[idx] = saved - eps
        down = f()
        param[idx] = saved
        grad[idx] = (up - down) / (2 * eps)
    return grad


def numerical_gradient_of(
    f: Callable[[np.ndarray], float], x: Any, eps: float = 1e-6
) -> np.ndarray:
    """Central differences of ``f(x)`` with respect to every entry of the array ``x``.

    Unlike ``numerical_gradient``, ``f`` takes the array as its argument and ``x`` is left
    as it is (the differences are taken on a float64 copy):
    ``numerical_gradient_of(lambda a: float(np.sum(a**2)), [1.0, 2.0])`` is about [2, 4].
    """
    x = to_array(x, "x").astype(np.float64)  # our own copy, moved entry by entry
    return numerical_gradient(lambda: f(x), x, eps)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Scale-free distance of two gradients, max abs(a - b) / max(1e-12, max abs(a) + max abs(b))."""
    a, b = to_array(a, "a").astype(np.float64), to_array(b, "b").astype(np.float64)
    if a.shape != b.shape or a.size == 0:
        raise ValueError(
            f"a and b must be two gradients of one (non-empty) shape; got {shape_text(a.shape)} "
            f"and {shape_text(b.shape)}"
        )
    scale = max(1e-12, float(np.max(np.abs(a))) + float(np.max(np.abs(b))))
    return float(np.max(np.abs(a - b))) / scale


def gradient_check(net: NN, X: Any, Y: Any, eps: float = 1e-6) -> dict[str, float]:
    """Relative error between backprop's gradients and finite differences, per parameter.

    Returns ``{'W1': err, 'b1': err, ...}`` for every entry of ``net.params``; values around
    1e-8 or below mean agreement. The passes run as in training (``training=True``,
    without dropout), on a copy of ``net``: the check moves every weight, and a network
    with batch norm updates its running statistics in each training pass.
    """
    X, Y = check_network(net).check_data(X, Y)
    eps = check_positive_number(eps, "eps")
    net = copy.deepcopy(net)
    grads = net.backward(net.forward(X, training=True), Y)
    report = {}
    for name, param in net.params.items():
        numeric = numerical_gradient(lambda: net.loss(net.forward(X, training=True), Y), param, eps)
        report[name] = relative_error(grads["d" + name], numeric)
    return report
