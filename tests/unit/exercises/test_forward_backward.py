"""The Part II exercise checks accept right answers and name each typical mistake.

The right answers here are written independently of ``nncode`` (plain NumPy for the
matrix forms, finite differences of the cost for the one-weight derivatives), and each
buggy version makes one mistake a learner makes.
"""

from __future__ import annotations

import numpy as np
import pytest

from nncode.data import example
from nncode.exercises import forward_backward as fb


def relu(z):
    return np.maximum(0.0, z)


# ------------------------------------------------------------------ Exercise 1
def make_forward(bias1=True, relu_hidden=True, relu_output=False, feed_receptors=False):
    """A forward pass written from the book's equations, with optional mistakes."""

    def forward(X, p):
        Z1 = X @ p["W1"] + (p["b1"] if bias1 else 0.0)
        X1 = relu(Z1) if relu_hidden else Z1
        Z2 = (Z1 if feed_receptors else relu(Z1)) @ p["W2"] + p["b2"]
        X2 = relu(Z2)
        Z3 = X2 @ p["W3"] + p["b3"]
        return Z1, X1, Z2, X2, Z3, relu(Z3) if relu_output else Z3

    return forward


forward_ok = make_forward()


def forward_transposed(X, p):
    Z1 = p["W1"].T @ X.T + p["b1"].T
    return (Z1,) + forward_ok(X, p)[1:]


def forward_hard_coded(X, p):
    """Right for the worked example only: the check also runs another network."""
    net = example.network()
    c = net.forward_pass(example.X, training=True)
    return tuple(c[k] for k in ("z1", "x1", "z2", "x2", "z3", "x3"))


def test_forward_check_accepts_the_reference():
    feedback = fb.check_forward_pass(forward_ok)
    assert feedback.ok, feedback.message


@pytest.mark.parametrize(
    ("buggy", "words"),
    [
        (make_forward(bias1=False), "missing the bias"),
        (forward_transposed, "transpose of the expected"),
        (make_forward(relu_output=True), "ReLU applied to the output"),
        (make_forward(relu_hidden=False), "X1 equals Z1"),
        (make_forward(feed_receptors=True), "computed from Z1"),
        (forward_hard_coded, "shape"),
        (lambda X, p: forward_ok(X, p)[:5], "six arrays"),
        (lambda X, p: 1 / 0, "ZeroDivisionError"),
        (lambda X, p: ("Z1",) * 6, "must be a NumPy array of numbers"),
    ],
)
def test_forward_check_names_the_mistake(buggy, words):
    feedback = fb.check_forward_pass(buggy)
    assert not feedback.ok
    assert words in feedback.message, feedback.message


def test_forward_check_wants_a_function():
    with pytest.raises(TypeError, match="forward must be your function"):
        fb.check_forward_pass(np.zeros(3))


# ------------------------------------------------------------------ one weight at a time
def finite_difference(name: str, index: tuple[int, int], eps: float = 1e-6) -> float:
    """dJ/d(param[index]) for the example's second sample, J = (x3 - y)^2 / 2."""
    x, y = example.X[fb.SAMPLE], example.Y[fb.SAMPLE, 0]

    def cost(params):
        a = x
        for l in (1, 2, 3):
            z = a @ params[f"W{l}"] + params[f"b{l}"][0]
            a = relu(z) if l < 3 else z
        return 0.5 * (a[0] - y) ** 2

    up = {k: v.copy() for k, v in example.PARAMS.items()}
    down = {k: v.copy() for k, v in example.PARAMS.items()}
    up[name][index] += eps
    down[name][index] -= eps
    return (cost(up) - cost(down)) / (2 * eps)


# 1-based (i, j) of the text -> 0-based [i-1, j-1] of the arrays
DW3_21 = finite_difference("W3", (1, 0))
DW3_11 = finite_difference("W3", (0, 0))
DW2_22 = finite_difference("W2", (1, 1))
DW2_21 = finite_difference("W2", (1, 0))
DW1_21 = finite_difference("W1", (1, 0))


def sample():
    """The second sample's forward values, by hand."""
    x0 = example.X[fb.SAMPLE]
    P = example.PARAMS
    z1 = x0 @ P["W1"] + P["b1"][0]
    x1 = relu(z1)
    z2 = x1 @ P["W2"] + P["b2"][0]
    x2 = relu(z2)
    x3 = x2 @ P["W3"] + P["b3"][0]
    return x0, x1, x2, x3[0] - example.Y[fb.SAMPLE, 0]


def test_the_example_makes_these_exercises_meaningful():
    _x0, x1, x2, _ = sample()
    assert np.all(x2 > 0), "both paths through layer 2 must be alive for the layer-1 exercise"
    assert x1[0] > 0 and x1[1] > 0
    assert abs(DW3_21) > 1e-3 and abs(DW2_21) > 1e-3 and abs(DW1_21) > 1e-3


@pytest.mark.parametrize(
    ("check", "truth"),
    [(fb.check_dJ_dw3_21, DW3_21), (fb.check_dJ_dw2_21, DW2_21), (fb.check_dJ_dw1_21, DW1_21)],
)
def test_one_weight_checks_accept_the_finite_difference(check, truth):
    assert check(truth).ok
    assert check(np.float64(round(truth, 4))).ok, "a four-decimal answer is accepted"
    assert check(np.array([truth])).ok
    assert not check(truth + 0.05).ok


def test_reference_values_agree_with_finite_differences():
    assert fb.dJ_dw3_21() == pytest.approx(DW3_21, rel=1e-7)
    assert fb.dJ_dw2_21() == pytest.approx(DW2_21, rel=1e-7)
    assert fb.dJ_dw1_21() == pytest.approx(DW1_21, rel=1e-7)


def assert_each_mistake_named(check, cases):
    for value, words in cases:
        feedback = check(value)
        assert not feedback.ok and words in feedback.message, (value, feedback.message)


def test_dw3_21_mistakes():
    _x0, x1, _x2, err = sample()
    W3 = example.PARAMS["W3"]
    cases = [
        (-DW3_21, "sign is wrong"),
        (err * x1[1], "x(1)_2, a neuron of layer 1"),
        (DW3_11, "That is dJ/dw(3)_{1,1}"),
        (err * W3[1, 0], "wrong variable"),
        (err, "last factor is missing"),
        (123.0, "not one of the usual slips"),
    ]
    assert_each_mistake_named(fb.check_dJ_dw3_21, cases)


def test_dw2_21_mistakes():
    x0, x1, _x2, err = sample()
    W2, W3 = example.PARAMS["W2"], example.PARAMS["W3"]
    cases = [
        (-DW2_21, "sign is wrong"),
        (err * W3[0, 0] * x0[1], "x(0)_2, an input"),
        (err * W3[0, 0] * x1[0], "x(1)_1"),
        (DW2_22, "That is dJ/dw(2)_{2,2}"),
        (err * x1[1], "A factor is missing"),
        (err * W3[0, 0] * W2[1, 0], "wrong variable"),
    ]
    assert_each_mistake_named(fb.check_dJ_dw2_21, cases)


def test_dw1_21_mistakes():
    x0, _x1, _x2, err = sample()
    W2, W3 = example.PARAMS["W2"], example.PARAMS["W3"]
    path1 = W3[0, 0] * W2[0, 0]
    path2 = W3[1, 0] * W2[0, 1]
    column = W3[0, 0] * W2[0, 0] + W3[1, 0] * W2[1, 0]
    cases = [
        (-DW1_21, "sign is wrong"),
        (err * path1 * x0[1], "only the path through neuron 1"),
        (err * path2 * x0[1], "only the path through neuron 2"),
        (err * (path1 + path2) * x0[0], "x(0)_1"),
        (err * column * x0[1], "column 1 of W(2)"),
        (err * path1 * path2 * x0[1], "multiplied the paths"),
    ]
    assert_each_mistake_named(fb.check_dJ_dw1_21, cases)


@pytest.mark.parametrize("bad", ["0.1", [0.1, 0.2], None])
def test_one_weight_checks_want_one_number(bad):
    with pytest.raises(TypeError, match="must be one number"):
        fb.check_dJ_dw3_21(bad)


# ------------------------------------------------------------------ matrix-form deltas
def make_backward(
    sign=1.0,
    scale=None,
    relu_prime=True,
    relu_on_output=False,
    dW_transposed=False,
    db_rows=False,
):
    """A backward pass written from the book's formulas, with optional mistakes."""

    def backward(X, Y, p):
        n = Y.shape[0]
        Z1 = X @ p["W1"] + p["b1"]
        X1 = relu(Z1)
        Z2 = X1 @ p["W2"] + p["b2"]
        X2 = relu(Z2)
        Z3 = X2 @ p["W3"] + p["b3"]
        divisor = n if scale is None else scale(n, Y.shape[1])
        dZ3 = sign * (Z3 - Y) / divisor
        if relu_on_output:
            dZ3 = dZ3 * (Z3 > 0)
        grads = {}
        a = [X, X1, X2]
        zs = [Z1, Z2]
        dZ = dZ3
        for l in (3, 2, 1):
            grads[f"dZ{l}"] = dZ
            grads[f"dW{l}"] = (dZ.T @ a[l - 1]) if dW_transposed else (a[l - 1].T @ dZ)
            grads[f"db{l}"] = dZ.copy() if db_rows else dZ.sum(axis=0, keepdims=True)
            if l > 1:
                dZ = dZ @ p[f"W{l}"].T
                if relu_prime:
                    dZ = dZ * (zs[l - 2] > 0)
        return grads

    return backward


def test_backward_check_accepts_the_reference():
    feedback = fb.check_backward(make_backward())
    assert feedback.ok, feedback.message


def test_backward_reference_agrees_with_finite_differences():
    """The test's own backward pass is right: compare it with finite differences."""
    X, Y = example.X, example.Y
    grads = make_backward()(X, Y, example.PARAMS)
    n = X.shape[0]
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        p = example.PARAMS[name]
        for idx in np.ndindex(p.shape):

            def cost(delta, name=name, idx=idx):
                params = {k: v.copy() for k, v in example.PARAMS.items()}
                params[name][idx] += delta
                a = X
                for l in (1, 2, 3):
                    z = a @ params[f"W{l}"] + params[f"b{l}"]
                    a = relu(z) if l < 3 else z
                return np.sum((a - Y) ** 2) / (2 * n)

            numeric = (cost(1e-6) - cost(-1e-6)) / 2e-6
            assert grads["d" + name][idx] == pytest.approx(numeric, abs=1e-8)


@pytest.mark.parametrize(
    ("buggy", "words"),
    [
        (make_backward(sign=-1.0), "sign is wrong"),
        (make_backward(scale=lambda n, k: 1.0), "n times too large"),
        (make_backward(scale=lambda n, k: 2.0 * n), "half the right value"),
        (make_backward(scale=lambda n, k: n * n), "divided by n twice"),
        (make_backward(scale=lambda n, k: n * k), "number of outputs"),
        (make_backward(relu_prime=False), "ReLU's derivative"),
        (make_backward(relu_on_output=True), "a'(Z3) = 1"),
        (make_backward(dW_transposed=True), "dW3 has shape (1, 2), the transpose"),
        (make_backward(db_rows=True), "np.sum(dZ3, axis=0, keepdims=True)"),
        (lambda X, Y, p: {"dZ3": 0}, "missing"),
        (lambda X, Y, p: [1, 2], "must return a dict"),
    ],
)
def test_backward_check_names_the_mistake(buggy, words):
    feedback = fb.check_backward(buggy)
    assert not feedback.ok
    assert words in feedback.message, feedback.message


def test_backward_check_reports_db_without_keepdims():
    def flat_db(X, Y, p):
        grads = make_backward()(X, Y, p)
        grads["db3"] = grads["db3"].ravel()
        return grads

    feedback = fb.check_backward(flat_db)
    assert not feedback.ok and "keepdims=True" in feedback.message


def test_checks_do_not_let_the_reader_change_the_example():
    def vandal(X, Y, p):
        p["W1"][...] = 0.0
        return make_backward()(X, Y, p)

    fb.check_backward(vandal)
    assert example.PARAMS["W1"][0, 0] == 0.5
