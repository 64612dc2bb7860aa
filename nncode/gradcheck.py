"""Checking gradients by finite differences (the book's "verify it numerically").

For a parameter entry w, the central difference

    (J(w + eps) - J(w - eps)) / (2 eps)

differs from dJ/dw by O(eps^2), so it is an oracle that knows nothing of
backpropagation: if backprop's gradient agrees with it to ~1e-7, backprop is right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .network import NN


def numerical_gradient(f: Callable[[], float], param: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of ``f()`` with respect to every entry of ``param``.

    ``f`` is called with no arguments and must read ``param`` (which is changed in place
    and restored entry by entry).
    """
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


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Scale-free distance of two gradients, max abs(a - b) / max(1e-12, max abs(a) + max abs(b))."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(1e-12, float(np.max(np.abs(a))) + float(np.max(np.abs(b))))
    return float(np.max(np.abs(a - b))) / scale


def gradient_check(net: NN, X: Any, Y: Any, eps: float = 1e-6) -> dict[str, float]:
    """Relative error between backprop's ``dWl, dbl`` and finite differences, per parameter.

    Returns ``{'W1': err, 'b1': err, ...}``; values around 1e-8 or below mean agreement.
    """
    X, Y = net.check_data(X, Y)
    grads = net.backward(net.forward(X), Y)
    report = {}
    for name, param in net.params.items():
        numeric = numerical_gradient(lambda: net.loss(net.forward(X), Y), param, eps)
        report[name] = relative_error(grads["d" + name], numeric)
    return report
