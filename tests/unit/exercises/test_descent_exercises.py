"""The checks of full-batch and stochastic descent on the ten points (Part I): their slip
catalogues, proved.

(Named ``test_descent_exercises.py`` because ``tests/unit/test_descent.py`` tests the
module ``nncode.descent``, and test file names are unique across the tiers.)

The right weights are computed here with plain Python loops over the points, and checked
against PyTorch's SGD optimiser on the same two-weight model: one step on the mean loss
of all the points, and one step per point.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.data import ten_points
from nncode.exercises.descent import (
    DESCENT_CASES,
    check_full_batch,
    check_sgd_epoch,
    hint_full_batch,
    hint_sgd_epoch,
)


def full_batch_step(w, X, y, learning_rate):
    """The book's solution."""
    errors = X @ w - y[:, 0]
    return w - learning_rate * X.T @ errors / len(X)


def sgd_epoch(w, X, y, learning_rate):
    """The book's solution."""
    for i in range(len(X)):
        error = X[i] @ w - y[i, 0]
        w = w - learning_rate * error * X[i]
    return w


def point_gradient(w, x, y):
    """(x·w − y) x for one point, in plain Python."""
    error = sum(wj * xj for wj, xj in zip(w, x)) - y
    return [error * xj for xj in x]


def full_batch_by_loops(w, X, y, learning_rate):
    grads = [point_gradient(list(w), list(x), t) for x, t in zip(X.tolist(), y[:, 0].tolist())]
    mean = [sum(g[j] for g in grads) / len(grads) for j in range(2)]
    return np.array([w[j] - learning_rate * mean[j] for j in range(2)])


def sgd_by_loops(w, X, y, learning_rate):
    w = list(w)
    for x, t in zip(X.tolist(), y[:, 0].tolist()):
        g = point_gradient(w, x, t)
        w = [w[j] - learning_rate * g[j] for j in range(2)]
    return np.array(w)


def with_torch(w, X, y, learning_rate, stochastic):
    torch = require_module("torch", "PyTorch (requirements-test.txt)")
    weights = torch.tensor(np.array(w), dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.SGD([weights], lr=learning_rate)
    Xt, yt = torch.tensor(X), torch.tensor(y[:, 0])
    batches = [slice(i, i + 1) for i in range(len(X))] if stochastic else [slice(None)]
    for rows in batches:
        optimiser.zero_grad()
        loss = torch.mean((Xt[rows] @ weights - yt[rows]) ** 2) / 2
        loss.backward()
        optimiser.step()
    return weights.detach().numpy()


def full_variant(**slip):
    """``full_batch_step`` with one slip."""

    def step(w, X, y, learning_rate):
        n = len(X)
        errors = X @ w - y[:, 0]
        if slip.get("first"):
            g = errors[0] * X[0]
        elif slip.get("last"):
            for i in range(n):
                g = errors[i] * X[i]
        elif slip.get("no_x"):
            g = np.mean(errors)
        elif slip.get("cost"):
            g = np.mean(errors**2) / 2
        else:
            g = X.T @ errors / slip.get("divide", lambda n, m: n)(n, X.shape[1])
        g = g * slip.get("factor", 1)
        lr = np.array(
            [
                1 if slip.get("no_lr_1") else learning_rate,
                1 if slip.get("no_lr_2") else learning_rate,
            ]
        )
        if slip.get("no_lr"):
            lr = 1
        if slip.get("gradient"):
            return g
        return w + slip.get("sign", -1) * lr * g

    return step


def sgd_variant(**slip):
    """``sgd_epoch`` with one slip."""

    def epoch(w, X, y, learning_rate):
        n, start = len(X), w.copy()
        order = range(n - 1, -1, -1) if slip.get("reversed") else range(n)
        history = [w]
        for i in order:
            at = start if slip.get("restart") else w
            if slip.get("full"):
                g = X.T @ (X @ at - y[:, 0]) / n
            else:
                g = (X[i] @ at - y[i, 0]) * X[i] / slip.get("divide", 1)
            lr = 1 if slip.get("no_lr") else learning_rate
            w = (start if slip.get("restart") else w) + slip.get("sign", -1) * lr * g * slip.get(
                "factor", 1
            )
            history.append(w)
            if slip.get("early"):
                return w
        if slip.get("history"):
            return np.array(history)
        return w

    return epoch


def accumulated_at_start(w, X, y, learning_rate):
    """Every point's gradient at the starting weights, the updates added up."""
    total = np.zeros(2)
    for i in range(len(X)):
        total += (X[i] @ w - y[i, 0]) * X[i]
    return w - learning_rate * total


def one_full_batch(w, X, y, learning_rate):
    return full_batch_step(w, X, y, learning_rate)


def changes_w(w, X, y, learning_rate):
    for i in range(len(X)):
        w -= learning_rate * (X[i] @ w - y[i, 0]) * X[i]
    return w


def column_target(w, X, y, learning_rate):
    return w - learning_rate * X.T @ (X @ w - y) / len(X)


FULL_SLIPS = [
    # (name, learner code, words the message must contain)
    ("one point", full_variant(first=True), ["first point's gradient alone"]),
    ("the last point", full_variant(last=True), ["last point's gradient alone", "overwrote"]),
    ("sum, not mean", full_variant(divide=lambda n, m: 1), ["n = 10 times too large"]),
    ("n twice", full_variant(divide=lambda n, m: n * n), ["divided by n = 10 twice"]),
    ("n of the weights", full_variant(divide=lambda n, m: m), ["number of weights", "X.shape[0]"]),
    ("sign", full_variant(sign=1), ["moved uphill"]),
    ("lr forgotten", full_variant(no_lr=True), ["learning rate is missing:"]),
    ("lr forgotten on w1", full_variant(no_lr_1=True), ["learning rate is missing on w₁"]),
    ("lr forgotten on w2", full_variant(no_lr_2=True), ["learning rate is missing on w₂"]),
    ("no one half", full_variant(factor=2), ["twice too large"]),
    ("x missing", full_variant(no_x=True), ["factor xᵢ is missing"]),
    ("the cost", full_variant(cost=True), ["cost J itself"]),
    ("the gradient", full_variant(gradient=True), ["returned the gradient"]),
    ("a stochastic epoch", sgd_epoch, ["stochastic epoch", "single update"]),
    ("y as a column", column_target, ["(10, 10) matrix", "y[:, 0]"]),
    ("changes w", changes_w, ["changed its argument w in place"]),
]

SGD_SLIPS = [
    ("one full-batch step", one_full_batch, ["one full-batch step", "that point's gradient"]),
    ("n full-batch steps", sgd_variant(full=True), ["made 10 updates", "average gradient"]),
    ("not carried, added up", accumulated_at_start, ["at the starting weights", "next point"]),
    ("not carried, restarted", sgd_variant(restart=True), ["Only the last point's update"]),
    ("return inside the loop", sgd_variant(early=True), ["return statement is inside the loop"]),
    ("divided by n", sgd_variant(divide=10), ["divided by n = 10", "n = 1"]),
    ("reversed", sgd_variant(reversed=True), ["from last to first"]),
    ("sign", sgd_variant(sign=1), ["moved uphill"]),
    ("lr forgotten", sgd_variant(no_lr=True), ["learning rate is missing"]),
    ("no one half", sgd_variant(factor=2), ["twice too large"]),
    ("the history", sgd_variant(history=True), ["every weight vector of the epoch"]),
    ("changes w in place", changes_w, ["changed its argument w in place", "w.copy()"]),
]

SLIPS = [(s, check_full_batch) for s in FULL_SLIPS] + [(s, check_sgd_epoch) for s in SGD_SLIPS]
"""The whole catalogue of the module: each slip with the check that must name it."""


@pytest.mark.parametrize(("slip", "check"), SLIPS, ids=[f"{c.__name__}-{s[0]}" for s, c in SLIPS])
def test_every_slip_is_named(slip, check):
    _, code, words = slip
    fails(check(code), *words)


def test_the_book_s_solutions_pass():
    passes(check_full_batch(full_batch_step))
    passes(check_sgd_epoch(sgd_epoch))
    passes(check_sgd_epoch(lambda *a: sgd_epoch(*a).reshape(2, 1)))  # a column is fine


def test_independent_solutions_pass():
    passes(check_full_batch(full_batch_by_loops))
    passes(check_sgd_epoch(sgd_by_loops))


@pytest.mark.parametrize("case", range(len(DESCENT_CASES)))
def test_pytorch_s_sgd_agrees(case):
    w, X, y, lr = DESCENT_CASES[case]
    assert np.allclose(with_torch(w, X, y, lr, False), full_batch_by_loops(w, X, y, lr))
    assert np.allclose(with_torch(w, X, y, lr, True), sgd_by_loops(w, X, y, lr))


def test_the_first_case_is_the_chapter_s():
    X, y = ten_points()
    w, Xc, yc, _ = DESCENT_CASES[0]
    assert np.array_equal(X, Xc) and np.array_equal(y, yc) and not np.any(w)
    assert np.any(DESCENT_CASES[1].X == 0) and len(DESCENT_CASES[1].X) != len(X)


@pytest.mark.parametrize("check", [check_full_batch, check_sgd_epoch])
@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(check, garbage):
    fails(check(garbage))


def test_hints():
    assert "update once" in str(hint_full_batch()) and "y[:, 0]" in str(hint_full_batch(2))
    assert "in order" in str(hint_sgd_epoch()) and "no division by n" in str(hint_sgd_epoch(2))
    assert "for i in range" in str(hint_sgd_epoch(3))
