"""The checks of the leaky-ReLU dict and of softmax (Part V): their slip catalogues, proved.

The right answers are written here in plain NumPy and once more with PyTorch (its leaky
ReLU, whose autograd slope at exactly 0 is the left one, 0.01, and its softmax): the
check accepts them, so its reference values are right.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode import ACTIVATIONS
from nncode.activations import softmax
from nncode.exercises.activations import (
    TAME,
    WILD,
    Z,
    check_leaky_relu,
    check_softmax,
    hint_leaky_relu,
    hint_softmax,
)


def leaky(z):
    return np.where(z > 0, z, 0.01 * z)


def leaky_slope(z):
    return np.where(z > 0, 1.0, 0.01)


def leaky_with(activation=leaky, derivative=leaky_slope):
    return {"activation": activation, "derivative": derivative}


def np_max(z):
    return np.max(0.01 * z, z)


def python_max(z):
    return max(0.01 * z, z)


def in_place(z):
    z[z < 0] *= 0.01
    return z


def stable(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def no_shift(z):
    e = np.exp(z)
    return e / np.sum(e, axis=1, keepdims=True)


def global_shift(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=1, keepdims=True)


def columns(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def max_without_keepdims(z):
    e = np.exp(z - np.max(z, axis=1))
    return e / np.sum(e, axis=1, keepdims=True)


def sum_without_keepdims(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e, axis=1)


def whole_sum(z):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    return e / np.sum(e)


def shift_in_place(z):
    z -= np.max(z, axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


SLIPS = [
    # (check, name, learner code, words the message must contain)
    (check_leaky_relu, "ReLU", leaky_with(lambda z: np.maximum(0, z)), ["that is ReLU", "0.01 z"]),
    (check_leaky_relu, "identity", leaky_with(lambda z: z), ["returns z unchanged"]),
    (
        check_leaky_relu,
        "slope on the positive side",
        leaky_with(lambda z: np.minimum(0.01 * z, z)),
        ["positive receptors by 0.01", "other way round"],
    ),
    (
        check_leaky_relu,
        "slope 0.1",
        leaky_with(lambda z: np.where(z > 0, z, 0.1 * z)),
        ["slope 0.1", "uses 0.01"],
    ),
    (
        check_leaky_relu,
        "slope -0.01",
        leaky_with(lambda z: np.where(z > 0, z, -0.01 * z)),
        ["-0.01 z", "+0.01"],
    ),
    (
        check_leaky_relu,
        "constant 0.01",
        leaky_with(lambda z: np.where(z > 0, z, 0.01)),
        ["constant 0.01", "a line through 0"],
    ),
    (check_leaky_relu, "slope for value", leaky_with(leaky_slope), ["returns the slope"]),
    (check_leaky_relu, "np.max(z)", leaky_with(lambda z: np.max(z)), ["largest entry"]),
    (check_leaky_relu, "np.max(0.01 z, z)", leaky_with(np_max), ["np.max reduces", "np.maximum"]),
    (check_leaky_relu, "max(0.01 z, z)", leaky_with(python_max), ["Python's max", "np.maximum"]),
    (check_leaky_relu, "in place", leaky_with(in_place), ["z in place", "new array"]),
    (check_leaky_relu, "transposed", leaky_with(lambda z: leaky(z).T), ["transposed"]),
    (
        check_leaky_relu,
        "ReLU's slope",
        leaky_with(derivative=lambda z: (z > 0) * 1.0),
        ["ReLU's slope", "0.01"],
    ),
    (
        check_leaky_relu,
        "a'(0) = 1",
        leaky_with(derivative=lambda z: np.where(z >= 0, 1.0, 0.01)),
        ["1 at z = 0", "not (z >= 0)"],
    ),
    (check_leaky_relu, "a' is a(z)", leaky_with(derivative=leaky), ["activation itself"]),
    (check_leaky_relu, "a' is 1", leaky_with(derivative=np.ones_like), ["1 everywhere"]),
    (
        check_leaky_relu,
        "a' flipped",
        leaky_with(derivative=lambda z: np.where(z > 0, 0.01, 1.0)),
        ["other way round"],
    ),
    (
        check_leaky_relu,
        "a' is 0.01 z",
        leaky_with(derivative=lambda z: np.where(z > 0, 1.0, 0.01 * z)),
        ["the constant 0.01"],
    ),
    (
        check_leaky_relu,
        "a' slope 0.1",
        leaky_with(derivative=lambda z: np.where(z > 0, 1.0, 0.1)),
        ["slope 0.1"],
    ),
    (check_leaky_relu, "a' one number", leaky_with(derivative=lambda z: 0.01), ["single number"]),
    (check_leaky_relu, "a function", leaky, ["you passed the function leaky", "dict"]),
    (check_leaky_relu, "a key missing", {"activation": leaky}, ["missing ['derivative']"]),
    (check_softmax, "no shift: overflow", no_shift, ["overflows", "np.max(z, axis=1"]),
    (check_softmax, "one global shift", global_shift, ["NaN in row 1", "row's own maximum"]),
    (check_softmax, "the wrong axis", columns, ["every column", "axis=1"]),
    (check_softmax, "max without keepdims", max_without_keepdims, ["keepdims=True", "(4,)"]),
    (check_softmax, "sum without keepdims", sum_without_keepdims, ["keepdims=True", "(4, 1)"]),
    (check_softmax, "the whole sum", whole_sum, ["sum over the whole array"]),
    (check_softmax, "exponentials only", lambda z: np.exp(z - z.max(1, keepdims=True)), ["sums"]),
    (check_softmax, "sigmoid", lambda z: 1 / (1 + np.exp(-z)), ["sigmoid"]),
    (check_softmax, "log-softmax", lambda z: np.log(stable(z)), ["log-probabilities"]),
    (check_softmax, "in place", shift_in_place, ["changed its argument z in place"]),
    (check_softmax, "transposed", lambda z: stable(z).T, ["transposed"]),
    (check_softmax, "one row", lambda z: stable(z)[0], ["shape (3,)", "(4, 3)"]),
    (
        check_softmax,
        "rows that do not sum to 1",
        lambda z: stable(z) * np.array([[1.0], [1.0], [0.5], [1.0]]),
        ["row 2 of softmax(z) sums to 0.5"],
    ),
]

CHECKS = [(check_leaky_relu, ACTIVATIONS["leaky_relu"]), (check_softmax, softmax)]


@pytest.mark.parametrize(("check", "answer"), CHECKS)
def test_the_package_s_functions_pass(check, answer):
    passes(check(answer))


def test_other_right_answers_pass():
    passes(check_leaky_relu(leaky_with()))
    passes(check_leaky_relu(leaky_with(lambda z: np.maximum(0.01 * z, z))))
    passes(check_softmax(stable))


def test_independent_answers_pass():
    torch = require_module("torch", "PyTorch (requirements-test.txt)")

    def by_torch(z):
        return torch.nn.functional.leaky_relu(torch.tensor(z), 0.01).numpy()

    def slope_by_autograd(z):
        t = torch.tensor(z, requires_grad=True)
        torch.nn.functional.leaky_relu(t, 0.01).sum().backward()
        return t.grad.numpy()

    def softmax_by_torch(z):
        return torch.softmax(torch.tensor(z), dim=1).numpy()

    assert slope_by_autograd(np.array([0.0]))[0] == pytest.approx(0.01), "the left slope at 0"
    passes(check_leaky_relu(leaky_with(by_torch, slope_by_autograd)))
    passes(check_softmax(softmax_by_torch))


def test_the_check_data_holds_the_kink_and_the_extremes():
    assert np.sum(Z == 0.0) >= 2 and np.any(Z > 0) and np.any(Z < 0)
    assert TAME.shape[0] != TAME.shape[1]
    assert WILD.max() > 700 and WILD.min() < -700


@pytest.mark.parametrize(
    ("check", "name", "code", "words"),
    SLIPS,
    ids=[f"{s[0].__name__}-{s[1]}" for s in SLIPS],
)
def test_every_slip_is_named(check, name, code, words):
    fails(check(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_leaky_relu(garbage))
    fails(check_leaky_relu(dict.fromkeys(("activation", "derivative"), garbage)))
    fails(check_softmax(garbage))


def test_hints():
    assert "np.where(z > 0, 1.0, 0.01)" in str(hint_leaky_relu(3))
    assert "keepdims" in str(hint_softmax(3)) and "inf" in str(hint_softmax(2))
