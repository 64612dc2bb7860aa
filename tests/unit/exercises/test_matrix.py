"""The check of the matrix-form forward pass (Part II): its slip catalogue, proved.

The right answer is written here from the book's equations, and once more with plain
Python loops over samples and neurons, which share nothing with nncode.
"""

from __future__ import annotations

import numpy as np
import pytest
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.data import example
from nncode.exercises.matrix import CASES, check_forward, hint_forward


def relu(z):
    return np.maximum(0, z)


def forward(X, params):
    """The book's solution."""
    Z1 = X @ params["W1"] + params["b1"]
    X1 = relu(Z1)
    Z2 = X1 @ params["W2"] + params["b2"]
    X2 = relu(Z2)
    Z3 = X2 @ params["W3"] + params["b3"]
    return Z1, X1, Z2, X2, Z3, Z3


def forward_by_loops(X, params):
    """The same, one sample and one neuron at a time, in plain Python."""
    arrays, x = [], [list(map(float, row)) for row in X]
    for l in (1, 2, 3):
        W, b = params[f"W{l}"].tolist(), params[f"b{l}"][0].tolist()
        z = [[sum(r[i] * W[i][j] for i in range(len(r))) + b[j] for j in range(len(b))] for r in x]
        x = [[max(0.0, v) for v in row] for row in z] if l < 3 else z
        arrays += [np.array(z), np.array(x)]
    return tuple(arrays)


def variant(**slip):
    """forward with one slip: each keyword is a slip of the catalogue."""

    def forward(X, params):
        Z1 = X @ params["W1"] + (0 if slip.get("no_bias") else params["b1"])
        if slip.get("minus_bias"):
            Z1 = X @ params["W1"] - params["b1"]
        X1 = Z1 if slip.get("no_relu") else relu(Z1)
        if slip.get("slope"):
            X1 = (Z1 > 0) * 1.0
        Z2 = (Z1 if slip.get("receptors") else X1) @ params["W2"] + params["b2"]
        X2 = relu(Z2)
        Z3 = X2 @ params["W3"] + params["b3"]
        X3 = relu(Z3) if slip.get("relu_out") else Z3
        if slip.get("order"):
            return X1, Z1, X2, Z2, X3, Z3
        return (Z1, X1, Z2, X2, Z3, X3)[: 5 if slip.get("five") else 6]

    return forward


def x_at_w_transposed(X, params):
    Z1 = X @ params["W1"].T + params["b1"]
    return (Z1,) + forward(X, params)[1:]


def w_at_x(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    return (Z1,) + forward(X, params)[1:]


def all_transposed(X, params):
    Z1 = params["W1"].T @ X.T + params["b1"].T
    X1 = relu(Z1)
    Z2 = params["W2"].T @ X1 + params["b2"].T
    X2 = relu(Z2)
    Z3 = params["W3"].T @ X2 + params["b3"].T
    return Z1, X1, Z2, X2, Z3, Z3


def bias_transposed(X, params):
    Z1 = X @ params["W1"] + params["b1"].T
    return (Z1,) + forward(X, params)[1:]


def np_max(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    X1 = np.max(0, Z1)
    return (Z1, X1) + forward(X, params)[2:]


def python_max(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    X1 = max(0, Z1)
    return (Z1, X1) + forward(X, params)[2:]


def np_max_with_an_axis(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    X1 = np.max(Z1, 0)  # runs: the 0 is read as an axis
    return (Z1, X1) + forward(X, params)[2:]


def one_number(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    X1 = np.max(Z1)
    Z2 = X1 @ params["W2"] + params["b2"]
    return Z1, X1, Z2


def relu_in_place(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    Z1[Z1 < 0] = 0
    X1 = Z1
    return (Z1, X1) + forward(X, params)[2:]


def hard_coded(X, params):
    return forward(example.X, example.PARAMS)


def changes_params(X, params):
    out = forward(X, params)
    params["W1"][...] = 0.0
    return out


SLIPS = [
    # (name, learner code, words the message must contain)
    ("bias forgotten", variant(no_bias=True), ["Z1 is missing the bias", "+ b1"]),
    ("bias subtracted", variant(minus_bias=True), ["subtracts the bias"]),
    ("W used transposed, x @ W.T", x_at_w_transposed, ["one row per input", "not x @ W.T"]),
    ("W @ x", w_at_x, ["the samples are the rows", "not W⁽¹⁾ @ X⁽⁰⁾"]),
    ("every layer transposed", all_transposed, ["(3, 4)", "(4, 3)", "transposed"]),
    ("bias as a column", bias_transposed, ["+ b, not + b.T"]),
    ("np.max(0, z)", np_max, ["np.max reduces", "np.maximum(0, z)", "`X1 = np.max(0, Z1)`"]),
    ("max(0, z)", python_max, ["Python's max(0, z)", "np.maximum(0, z)"]),
    (
        "np.max(z, 0)",
        np_max_with_an_axis,
        ["largest receptor of each column", "an axis", "np.maximum(0, Z1)"],
    ),
    ("np.max(z), one number", one_number, ["single number", "np.max"]),
    ("ReLU forgotten", variant(no_relu=True), ["X1 equals Z1", "np.maximum(0, Z1)"]),
    ("ReLU's slope for its value", variant(slope=True), ["slope (0 or 1)"]),
    ("ReLU on the output", variant(relu_out=True), ["ReLU applied to the output", "X3 = Z3"]),
    ("receptors fed forward", variant(receptors=True), ["computed from Z1", "activations"]),
    ("ReLU in place on Z", relu_in_place, ["Z1 equals X1", "in place"]),
    ("arrays in the wrong order", variant(order=True), ["Z1 equals X1", "wrong order"]),
    ("five arrays", variant(five=True), ["six arrays", "a tuple of 5 items"]),
    ("only works for the example", hard_coded, ["Z1 has shape (4, 3)", "(5, 4)"]),
    ("changes params in place", changes_params, ["params['W1'] in place"]),
]


def test_the_book_s_solution_passes():
    passes(check_forward(forward))


def test_an_independent_forward_pass_passes():
    """Plain loops, no nncode: the check's reference values are right."""
    passes(check_forward(forward_by_loops))


@pytest.mark.parametrize(("name", "code", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, code, words):
    fails(check_forward(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_forward(garbage))


def test_the_check_data_survives_a_learner_who_changes_it():
    fails(check_forward(changes_params), "in place")
    assert np.array_equal(CASES[0].params["W1"], example.PARAMS["W1"])
    passes(check_forward(forward))


def test_the_cases_cover_other_sizes_and_the_kink():
    assert [c.dims for c in CASES] == [[2, 3, 2, 1], [3, 4, 2, 3], [2, 3, 2, 2]]
    Z1 = np.array(forward_by_loops(CASES[2].X, CASES[2].params)[0])
    assert np.sum(Z1 == 0.0) >= 2, "the third case must put receptors exactly at 0"


def test_hints():
    assert "Hint 1 of 3" in str(hint_forward()) and "np.maximum" in str(hint_forward(3))
