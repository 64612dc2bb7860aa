"""nncode.gradcheck: the oracle itself is checked, on known derivatives and on wrong ones.

A gradient check that always said "agree" would make every backprop test pass: here it
must report a large error for a backward pass that is wrong on purpose.
"""

from __future__ import annotations

import numpy as np
import pytest

from nncode import NN
from nncode.gradcheck import (
    gradient_check,
    numerical_gradient,
    numerical_gradient_of,
    relative_error,
)


def test_numerical_gradient_of_a_known_function():
    w = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = w.copy()
    grad = numerical_gradient(lambda: float(np.sum(w**3)), w)
    np.testing.assert_allclose(grad, 3 * before**2, rtol=1e-8)  # d/dw w^3 = 3 w^2
    np.testing.assert_array_equal(w, before)  # every entry put back
    np.testing.assert_allclose(numerical_gradient_of(lambda a: float(a @ a), [1.0, 2.0]), [2, 4])


def test_central_differences_are_second_order():
    """For exp, the central difference is off by about eps^2/6 exp(x): 1e-2 gives 1.7e-5."""
    x = np.array([0.0])
    grad = numerical_gradient(lambda: float(np.exp(x[0])), x, eps=1e-2)
    assert grad[0] - 1.0 == pytest.approx(1e-4 / 6, rel=1e-3)


def test_relative_error_by_hand():
    assert relative_error([1.0, 2.0], [1.0, 3.0]) == pytest.approx(1 / (2 + 3))
    assert relative_error([[0.0]], [[0.0]]) == 0.0  # no 0/0: the scale is at least 1e-12
    assert relative_error([1e-3], [-1e-3]) == pytest.approx(1.0)


def wrong_tanh():
    """tanh whose derivative forgets the square: 1 - tanh(z) instead of 1 - tanh(z)^2."""
    return {"activation": np.tanh, "derivative": lambda z: 1.0 - np.tanh(z)}


def test_a_wrong_derivative_is_reported_as_a_large_error(rng):
    net = NN([3, 4, 2], wrong_tanh(), "identity", "mse", seed=0)
    for p in net.params.values():
        p[...] = rng.normal(size=p.shape)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    errors = gradient_check(net, X, Y)
    # the hidden layer's gradients go through the wrong derivative; the output layer's do not
    assert errors["W1"] > 0.05 and errors["b1"] > 0.05, errors
    assert errors["W2"] < 1e-7 and errors["b2"] < 1e-7, errors


class ScaledBackward(NN):
    """A network whose backward pass returns 1.01 times the right dW2: a small slip."""

    def backward(self, coef, Y):
        grads = super().backward(coef, Y)
        grads["dW2"] = 1.01 * grads["dW2"]
        return grads


def test_even_a_one_percent_slip_stands_out(rng):
    net = ScaledBackward([3, 4, 2], "tanh", "identity", "mse", seed=0)
    for p in net.params.values():
        p[...] = rng.normal(size=p.shape)
    errors = gradient_check(net, rng.normal(size=(5, 3)), rng.normal(size=(5, 2)))
    # relative_error of 1.01 g against g is 0.01 max|g| / (2.01 max|g|)
    assert errors["W2"] == pytest.approx(0.01 / 2.01, rel=1e-4)
    assert max(errors[k] for k in ("W1", "b1", "b2")) < 1e-7


def test_the_check_leaves_the_network_alone(rng):
    net = NN([2, 3, 1], "tanh", "identity", "mse", seed=1)
    before = {k: v.copy() for k, v in net.params.items()}
    gradient_check(net, rng.normal(size=(4, 2)), rng.normal(size=(4, 1)))
    for k, v in before.items():
        np.testing.assert_array_equal(net.params[k], v)
