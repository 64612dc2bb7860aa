"""The check of the matrix-form backward pass (Part II): its slip catalogue, proved.

The right answer is written from the book's formulas, and once more by PyTorch's
autograd on the same weights (whose ReLU also has slope 0 at exactly 0): the check
accepts both, so its reference values are right, the kink included.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.deltas import check_backward, hint_backward
from nncode.exercises.matrix import CASES


def variant(**slip):
    """The book's backward(X, Y, params) with one slip: each keyword is one of the catalogue."""

    def backward(X, Y, p):
        n = X.shape[0]
        Z1 = X @ p["W1"] + p["b1"]
        X1 = np.maximum(0, Z1)
        Z2 = X1 @ p["W2"] + p["b2"]
        X2 = np.maximum(0, Z2)
        Z3 = X2 @ p["W3"] + p["b3"]
        Zs, Xs = {1: Z1, 2: Z2, 3: Z3}, {0: X, 1: X1, 2: X2}
        dZ = slip.get("sign", 1) * (Z3 - Y) / slip.get("divide", lambda n, k: n)(n, Y.shape[1])
        if slip.get("relu_out"):
            dZ = dZ * (Z3 > 0)
        g = {}
        for l in (3, 2, 1):
            g[f"dZ{l}"] = dZ
            g[f"dW{l}"] = slip.get("dW", lambda x, z, dZ, n: x.T @ dZ)(
                Xs[l - 1], Zs.get(l - 1), dZ, n
            )
            g[f"db{l}"] = slip.get("db", lambda dZ: dZ.sum(axis=0, keepdims=True))(dZ)
            if l > 1:
                slope = slip.get("slope", lambda z, zn: z > 0)(Zs[l - 1], Zs[l])
                dZ = (dZ @ p[f"W{l}"].T) * slope
        return g

    return backward


def no_transpose_going_back(X, Y, p):
    g = variant()(X, Y, p)
    Z2 = np.maximum(0, X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    g["dZ2"] = (g["dZ3"] @ p["W3"]) * (Z2 > 0)
    return g


def no_transpose_for_dW(X, Y, p):
    g = variant()(X, Y, p)
    X2 = np.maximum(0, np.maximum(0, X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
    g["dW3"] = X2 @ g["dZ3"]
    return g


def slope_of_the_next_layer(X, Y, p):
    g = variant()(X, Y, p)
    Z1 = X @ p["W1"] + p["b1"]
    Z2 = np.maximum(0, Z1) @ p["W2"] + p["b2"]
    dX1 = g["dZ2"] @ p["W2"].T
    g["dZ1"] = dX1 * (Z2 > 0)
    return g


def changes_params(X, Y, p):
    g = variant()(X, Y, p)
    p["W3"] -= 0.1 * g["dW3"]
    return g


SLIPS = [
    # (name, learner code, words the message must contain)
    ("sign of dZ3", variant(sign=-1), ["dZ3 has the wrong sign", "prediction minus"]),
    ("not divided by n", variant(divide=lambda n, k: 1), ["n = 4 times too large"]),
    ("divided by 2n", variant(divide=lambda n, k: 2 * n), ["half the right value"]),
    ("divided by n twice", variant(divide=lambda n, k: n * n), ["divided by n = 4 twice"]),
    ("np.mean's n", variant(divide=lambda n, k: n * k), ["number of outputs (15", "np.mean"]),
    ("n of the outputs", variant(divide=lambda n, k: k), ["n = 4 times too large", "Y.shape[0]"]),
    ("twice too large", variant(sign=2), ["twice too large", "1/2 in J"]),
    ("ReLU's slope at the output", variant(relu_out=True), ["identity: a'(Z3) = 1"]),
    ("a' forgotten", variant(slope=lambda z, zn: 1), ["dZ2 is missing the slope a'(Z2)"]),
    ("a'(0) = 1", variant(slope=lambda z, zn: z >= 0), ["exactly 0", "a'(0) = 0", ">= 0)"]),
    ("a(z) for a'(z)", variant(slope=lambda z, zn: np.maximum(0, z)), ["instead of its slope"]),
    ("Z for a'(z)", variant(slope=lambda z, zn: z), ["by the receptors Z2 instead"]),
    ("a' of the next layer", slope_of_the_next_layer, ["receptors of the same layer"]),
    ("dZ @ W, W not transposed", no_transpose_going_back, ["dZ⁽³⁾ @ W⁽³⁾.T, not dZ @ W"]),
    (
        "dW transposed",
        variant(dW=lambda x, z, d, n: d.T @ x),
        ["dW3 is transposed", "dW3 = X2.T @ dZ3"],
    ),
    ("x @ dZ for dW", no_transpose_for_dW, ["dW = X_prev.T @ dZ", "sums over the 4 samples"]),
    ("dW divided by n", variant(dW=lambda x, z, d, n: x.T @ d / n), ["dW3 divides by n again"]),
    (
        "dW from receptors",
        variant(dW=lambda x, z, d, n: (x if z is None else z).T @ d),
        ["receptors Z2"],
    ),
    ("db per sample", variant(db=lambda d: d), ["one row per sample", "keepdims=True"]),
    ("db flat", variant(db=lambda d: d.sum(axis=0)), ["db3 is flat", "keepdims=True"]),
    ("db over axis 1", variant(db=lambda d: d.sum(axis=1, keepdims=True)), ["axis=0"]),
    ("db averaged", variant(db=lambda d: d.mean(axis=0, keepdims=True)), ["averages dZ3 again"]),
    ("db one number", variant(db=np.sum), ["into one number"]),
    ("missing keys", lambda X, Y, p: {"dZ3": 0}, ["missing ['dW3', 'db3'"]),
    ("a list", lambda X, Y, p: [1, 2], ["must be a dict", "a list of 2 items"]),
    ("changes params", changes_params, ["params['W3'] in place"]),
]


def backward_by_autograd(X, Y, params):
    """The gradients by PyTorch's autograd: an oracle that shares nothing with nncode."""
    torch = require_module("torch", "PyTorch (requirements-test.txt)")
    p = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    a, Z = torch.tensor(X, dtype=torch.float64), {}
    for l in (1, 2, 3):
        Z[l] = a @ p[f"W{l}"] + p[f"b{l}"]
        Z[l].retain_grad()
        a = torch.relu(Z[l]) if l < 3 else Z[l]
    cost = torch.sum((a - torch.tensor(Y, dtype=torch.float64)) ** 2) / (2 * len(X))
    cost.backward()
    grads = {}
    for l in (1, 2, 3):
        grads |= {f"dZ{l}": Z[l].grad.numpy(), f"dW{l}": p[f"W{l}"].grad.numpy()}
        grads[f"db{l}"] = p[f"b{l}"].grad.numpy()
    return grads


def test_the_book_s_solution_passes():
    passes(check_backward(variant()))


def test_pytorch_s_gradients_pass():
    passes(check_backward(backward_by_autograd))


def test_the_kink_changes_the_gradients_of_the_third_case_only():
    """Without the zeros of the third case, Z >= 0 would pass (as it once did)."""
    right, kink = variant(), variant(slope=lambda z, zn: z >= 0)
    for case, differs in zip(CASES, (False, False, True)):
        a, b = right(*case), kink(*case)
        assert any(not np.allclose(a[k], b[k]) for k in a) == differs


@pytest.mark.parametrize(("name", "code", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, code, words):
    fails(check_backward(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_backward(garbage))


def test_hints():
    assert "(Z > 0)" in str(hint_backward(4)) and "dZ3 = (X3 - Y)/n" in str(hint_backward(2))
