"""The checks of the activation and loss dicts (Part III): their slip catalogues, proved.

The right answers are written here in plain NumPy and once more with PyTorch (ReLU and
its autograd slope, which is 0 at exactly 0, and the squared error with its autograd
gradient): the check accepts them, so its reference values are right.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode import ACTIVATIONS, LOSSES
from nncode.exercises.functions import (
    Z,
    check_identity,
    check_mse,
    check_relu,
    hint_identity,
    hint_mse,
    hint_relu,
)


def relu(z):
    return np.maximum(0.0, z)


def slope(z):
    return np.where(z > 0, 1.0, 0.0)


def relu_with(activation=relu, derivative=slope):
    return {"activation": activation, "derivative": derivative}


def np_max(z):
    return np.max(0, z)


def python_max(z):
    return max(0, z)


def in_place(z):
    z[z < 0] = 0
    return z


def one_if_positive(z):
    if z > 0:
        return 1.0
    return 0.0


def mse(a, Y):
    return np.sum((a - Y) ** 2) / (2 * Y.shape[0])


def mse_slope(a, Y):
    return (a - Y) / Y.shape[0]


def mse_with(loss=mse, derivative=mse_slope):
    return {"loss": loss, "derivative": derivative}


SLIPS = [
    # (check, name, learner code, words the message must contain)
    (check_relu, "np.max(0, z)", relu_with(np_max), ["np.max reduces", "np.maximum(0, z)"]),
    (check_relu, "max(0, z)", relu_with(python_max), ["Python's max(0, z)", "np.maximum(0, z)"]),
    (check_relu, "np.max(z)", relu_with(lambda z: max(0, np.max(z))), ["largest entry"]),
    (check_relu, "a sum", relu_with(np.sum), ["single number", "(4, 3)", "np.maximum"]),
    (check_relu, "identity", relu_with(lambda z: z), ["that is the identity"]),
    (check_relu, "np.minimum", relu_with(lambda z: np.minimum(0, z)), ["negative part"]),
    (check_relu, "abs", relu_with(np.abs), ["|z|"]),
    (check_relu, "slope for value", relu_with(slope), ["returns the slope (0 or 1)"]),
    (check_relu, "in place", relu_with(in_place), ["z in place", "np.maximum(0, z)"]),
    (check_relu, "transposed", relu_with(lambda z: relu(z).T), ["(3, 4)", "transposed"]),
    (check_relu, "a' is a(z)", relu_with(derivative=relu), ["activation itself"]),
    (check_relu, "a' is 1", relu_with(derivative=np.ones_like), ["1 everywhere"]),
    (
        check_relu,
        "a'(0) = 1",
        relu_with(derivative=lambda z: (z >= 0) * 1.0),
        ["1 at z = 0", "a'(0) = 0", "not (z >= 0)"],
    ),
    (
        check_relu,
        "a'(0) = 0.5",
        relu_with(derivative=lambda z: np.heaviside(z, 0.5)),
        ["0.5 at z = 0", "a'(0) = 0"],
    ),
    (check_relu, "a' flipped", relu_with(derivative=lambda z: z < 0), ["other way round"]),
    (check_relu, "a' flipped, <=", relu_with(derivative=lambda z: z <= 0), ["other way round"]),
    (check_relu, "np.sign", relu_with(derivative=np.sign), ["np.sign", "slope 0"]),
    (check_relu, "a' negative", relu_with(derivative=lambda z: -slope(z)), ["wrong sign"]),
    (check_relu, "a' 1-D", relu_with(derivative=lambda z: slope(z)[:, 0]), ["(4,)", "(4, 3)"]),
    (check_relu, "if z > 0", relu_with(derivative=one_if_positive), ["one True or False"]),
    (check_relu, "a function", relu, ["you passed the function relu", "dict"]),
    (check_relu, "the name", "relu", ["the text 'relu'"]),
    (check_relu, "a key missing", {"activation": relu}, ["missing ['derivative']"]),
    (check_relu, "not a function", relu_with(derivative=1.0), ["must be a function"]),
    (check_identity, "a' is 1", relu_with(lambda z: z, lambda z: 1), ["single number 1"]),
    (check_identity, "a' is z", relu_with(lambda z: z, lambda z: z), ["returns z, the activation"]),
    (check_identity, "a' is 0", relu_with(lambda z: z, np.zeros_like), ["zeros"]),
    (check_identity, "ReLU", relu_with(relu, np.ones_like), ["is ReLU"]),
    (check_identity, "ones", relu_with(np.ones_like, np.ones_like), ["returns ones"]),
    (check_identity, "a key missing", {"derivative": np.ones_like}, ["missing ['activation']"]),
    (
        check_mse,
        "np.mean (the source's erratum)",
        mse_with(lambda a, Y: np.mean((a - Y) ** 2) / 2),
        ["n * n_outputs = 15", "np.mean", "3 times smaller"],
    ),
    (
        check_mse,
        "n of the outputs",
        mse_with(lambda a, Y: np.sum((a - Y) ** 2) / (2 * a.shape[1])),
        ["number of outputs (a.shape[1] = 3)"],
    ),
    (check_mse, "no 1/2", mse_with(lambda a, Y: np.sum((a - Y) ** 2) / len(Y)), ["factor 1/2"]),
    (
        check_mse,
        "np.mean, no 1/2",
        mse_with(lambda a, Y: np.mean((a - Y) ** 2)),
        ["without the 1/2", "15"],
    ),
    (
        check_mse,
        "no 1/n",
        mse_with(lambda a, Y: np.sum((a - Y) ** 2) / 2),
        ["does not divide by the number of samples n = 5"],
    ),
    (check_mse, "plain sum", mse_with(lambda a, Y: np.sum((a - Y) ** 2)), ["plain sum"]),
    (check_mse, "negative", mse_with(lambda a, Y: -mse(a, Y)), ["wrong sign", "never negative"]),
    (
        check_mse,
        "one loss per output",
        mse_with(lambda a, Y: np.mean((a - Y) ** 2, axis=0) / 2),
        ["loss(a, Y) must be one number", "(3,)"],
    ),
    (check_mse, "a' sign", mse_with(derivative=lambda a, Y: (Y - a) / len(Y)), ["wrong sign"]),
    (check_mse, "a' no 1/n", mse_with(derivative=lambda a, Y: a - Y), ["forgot to divide"]),
    (
        check_mse,
        "a' np.mean",
        mse_with(derivative=lambda a, Y: (a - Y) / a.size),
        ["n * n_outputs = 15", "np.mean"],
    ),
    (
        check_mse,
        "a' n of the outputs",
        mse_with(derivative=lambda a, Y: (a - Y) / a.shape[1]),
        ["number of outputs (a.shape[1] = 3)"],
    ),
    (check_mse, "a' twice", mse_with(derivative=lambda a, Y: 2 * mse_slope(a, Y)), ["twice"]),
    (
        check_mse,
        "a' one number",
        mse_with(derivative=lambda a, Y: np.sum(a - Y) / len(Y)),
        ["single number", "(5, 3)"],
    ),
    (
        check_mse,
        "a' transposed",
        mse_with(derivative=lambda a, Y: mse_slope(a, Y).T),
        ["transposed"],
    ),
    (check_mse, "a key missing", {"loss": mse}, ["missing ['derivative']"]),
]

CHECKS = [(check_relu, ACTIVATIONS["relu"]), (check_identity, ACTIVATIONS["identity"])]
CHECKS.append((check_mse, LOSSES["mse"]))


@pytest.mark.parametrize(("check", "answer"), CHECKS)
def test_the_package_s_dicts_pass(check, answer):
    passes(check(answer))


def test_other_right_answers_pass():
    passes(check_relu(relu_with()))
    passes(check_relu(relu_with(lambda z: z * (z > 0), lambda z: z > 0)))
    passes(check_identity(relu_with(lambda z: z, lambda z: np.ones(z.shape))))
    passes(check_mse(mse_with()))


def by_loops(z):
    """ReLU and its slope one entry at a time, in plain Python."""
    return [[max(0.0, v) for v in row] for row in z.tolist()]


def test_independent_answers_pass():
    torch = require_module("torch", "PyTorch (requirements-test.txt)")

    def slope_by_autograd(z):
        t = torch.tensor(z, requires_grad=True)
        torch.relu(t).sum().backward()
        return t.grad.numpy()

    def mse_by_torch(a, Y):
        return float(torch.sum((torch.tensor(a) - torch.tensor(Y)) ** 2) / (2 * len(Y)))

    def mse_slope_by_autograd(a, Y):
        t = torch.tensor(a, requires_grad=True)
        (torch.sum((t - torch.tensor(Y)) ** 2) / (2 * len(Y))).backward()
        return t.grad.numpy()

    assert slope_by_autograd(np.array([0.0]))[0] == 0.0, "PyTorch's ReLU has slope 0 at 0"
    passes(check_relu(relu_with(by_loops, slope_by_autograd)))
    passes(check_mse(mse_with(mse_by_torch, mse_slope_by_autograd)))


def test_the_check_data_holds_the_kink():
    assert np.sum(Z == 0.0) >= 2 and np.any(Z > 0) and np.any(Z < 0)


@pytest.mark.parametrize(
    ("check", "name", "code", "words"),
    SLIPS,
    ids=[f"{s[0].__name__}-{s[1]}" for s in SLIPS],
)
def test_every_slip_is_named(check, name, code, words):
    fails(check(code), *words)


@pytest.mark.parametrize("check", [c for c, _ in CHECKS])
@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(check, garbage):
    fails(check(garbage))
    keys = ("loss", "derivative") if check is check_mse else ("activation", "derivative")
    fails(check(dict.fromkeys(keys, garbage)))


def test_hints():
    assert "z > 0" in str(hint_relu(3)) and "np.ones_like" in str(hint_identity(2))
    assert "Y.shape[0]" in str(hint_mse())
