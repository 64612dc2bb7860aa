"""The check of the twelve steps' exercise (Part IV): its slip catalogue, proved.

The right answer is written here as a reader would write it, and once more from finite
differences of J = ½ Σ (ŷ − y)² and from PyTorch's autograd: the check accepts all three,
so its reference (one iteration of the twelve steps, with += and E = y − output) is the
gradient-descent step it claims to be.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.twelve_steps import (
    LR,
    _case,
    check_gradient_descent_step,
    hint_gradient_descent_step,
)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def step_with(**slip):
    """gradient_descent_step as the chapter's solution writes it, with one slip."""

    def gradient_descent_step(X, y, wh, bh, wout, bout, lr):
        zh = X @ (wh.T if slip.get("wh_T") else wh) + bh
        h = sigmoid(zh)
        zo = h @ wout + bout
        y_hat = sigmoid(zo)
        err = (y - y_hat) if slip.get("E") else (y_hat - y)
        s_out = zo * (1 - zo) if slip.get("at_z") else y_hat * (1 - y_hat)
        s_h = zh * (1 - zh) if slip.get("at_z") else h * (1 - h)
        dZ2 = err if slip.get("no_s_out") else err * s_out
        back = dZ2 @ wout if slip.get("wout_not_T") else dZ2 @ wout.T
        dZ1 = back if slip.get("no_s_h") else back * s_h
        dwout = dZ2.T @ h if slip.get("dwout_T") else h.T @ dZ2
        dwh = X @ dZ1 if slip.get("X_not_T") else X.T @ dZ1
        axis = 1 if slip.get("axis1") else 0
        dbout = dZ2.sum(axis=axis, keepdims=True)
        dbh = dZ2.sum() if slip.get("bh_output") else dZ1.sum(axis=axis, keepdims=True)
        rate = 0.1 if slip.get("typed") else lr
        if slip.get("mean"):
            dwh, dbh, dwout, dbout = (g / len(X) for g in (dwh, dbh, dwout, dbout))
        rates = {
            k: (1.0 if k in slip.get("no_lr", "") else rate) for k in ("wh", "bh", "wout", "bout")
        }
        new = (
            wh - rates["wh"] * dwh,
            bh - rates["bh"] * dbh,
            wout - rates["wout"] * dwout,
            bout - rates["bout"] * dbout,
        )
        if slip.get("plus_on_biases"):
            new = (new[0], bh + rates["bh"] * dbh, new[2], bout + rates["bout"] * dbout)
        if slip.get("grads"):
            new = (dwh, dbh, dwout, dbout)
        return new[2:] + new[:2] if slip.get("order") else new

    return gradient_descent_step


def step_laid_out(hidden, output, dwh=lambda X, dZ1: X.T @ dZ1, slope=lambda s: s * (1 - s)):
    """gradient_descent_step with the receptors and wh's gradient written by the caller."""

    def gradient_descent_step(X, y, wh, bh, wout, bout, lr):
        h = sigmoid(hidden(X, wh, bh))
        y_hat = sigmoid(output(h, wout, bout))
        dZ2 = (y_hat - y) * slope(y_hat)
        dZ1 = (dZ2 @ wout.T) * slope(h)
        return (
            wh - lr * dwh(X, dZ1),
            bh - lr * dZ1.sum(axis=0, keepdims=True),
            wout - lr * (h.T @ dZ2),
            bout - lr * dZ2.sum(axis=0, keepdims=True),
        )

    return gradient_descent_step


def rows(X, wh, bh):
    return X @ wh + bh


def out(h, wout, bout):
    return h @ wout + bout


def in_place(X, y, wh, bh, wout, bout, lr):
    wh -= lr * 0.01
    return wh, bh, wout, bout


SLIPS = [
    # (name, the learner's function, words the message must contain)
    ("E = y - output with -=", step_with(E=True), ["all four parameters move uphill", "w − lr"]),
    ("+= on the biases", step_with(plus_on_biases=True), ["['bh', 'bout'] move uphill"]),
    ("lr forgotten", step_with(no_lr="wh bh wout bout"), ["without the learning rate"]),
    ("lr forgotten on bh", step_with(no_lr="bh"), ["['bh'] are updated without the learning"]),
    ("lr typed in", step_with(typed=True), ["0.1 typed in", f"lr = {LR}"]),
    ("divided by n", step_with(mean=True), ["divided by the number of samples, n = 5", "sums"]),
    ("slope at the receptor", step_with(at_z=True), ["wrong variable", "receptors"]),
    ("no output slope", step_with(no_s_out=True), ["misses the factor ŷ(1 − ŷ)", "cross-entropy"]),
    ("no hidden slope", step_with(no_s_h=True), ["misses the factor h(1 − h)"]),
    ("bh with d_output", step_with(bh_output=True), ["*output* layer", "dZ1"]),
    ("row sums", step_with(axis1=True), ["row sums", "one value per *sample*", "axis=0"]),
    ("wout's gradient transposed", step_with(dwout_T=True), ["dZ2.T @ h", "h.T @ dZ2"]),
    ("gradients returned", step_with(grads=True), ["returns the gradients"]),
    ("wrong order", step_with(order=True), ["(wout, bout, wh, bh)", "(wh, bh, wout, bout)"]),
    ("x @ wh.T", step_with(wh_T=True), ["X @ wh, not X @ wh.T"]),
    ("dZ2 @ wout", step_with(wout_not_T=True), ["dZ2 @ wout.T, not dZ2 @ wout"]),
    ("X @ dZ1", step_with(X_not_T=True), ["X.T @ dZ1"]),
    ("in place", in_place, ["changed its argument wh in place", "wh -= "]),
    (
        "slope of the sigmoid of the output",
        step_laid_out(rows, out, slope=lambda s: sigmoid(s) * (1 - sigmoid(s))),
        ["wrong variable", "sigmoid once more"],
    ),
    (
        "h @ wout.T",
        step_laid_out(rows, lambda h, wout, bout: h @ wout.T + bout),
        ["not h @ wout.T"],
    ),
    ("wh @ X", step_laid_out(lambda X, wh, bh: wh @ X + bh, out), ["samples are the rows of X"]),
    (
        "samples in columns",
        step_laid_out(lambda X, wh, bh: wh.T @ X.T + bh, out),
        ["one sample per *row*", "walk-through"],
    ),
    (
        "dZ1.T @ X",
        step_laid_out(rows, out, dwh=lambda X, dZ1: dZ1.T @ X),
        ["shape of its weight", "X.T @ dZ1"],
    ),
    ("one array", lambda X, y, wh, bh, wout, bout, lr: wh, ["return the four new parameters"]),
    ("nothing returned", lambda X, y, wh, bh, wout, bout, lr: None, ["returns None"]),
    ("unchanged", lambda X, y, wh, bh, wout, bout, lr: (wh, bh, wout, bout), ["unchanged"]),
    (
        "a ragged item",
        lambda X, y, wh, bh, wout, bout, lr: (wh, [[1, 2], [3]], wout, bout),
        ["bh, item 2", "ragged"],
    ),
]


def test_the_solution_passes():
    passes(check_gradient_descent_step(step_with()))


def J(case, wh, bh, wout, bout):
    """The twelve steps' cost, ½ Σ (ŷ − y)², summed over the samples."""
    y_hat = sigmoid(sigmoid(case["X"] @ wh + bh) @ wout + bout)
    return 0.5 * float(np.sum((y_hat - case["y"]) ** 2))


def by_finite_differences(X, y, wh, bh, wout, bout, lr):
    """The gradient of J from its definition, one parameter entry at a time."""
    case, params, eps = {"X": X, "y": y}, [wh, bh, wout, bout], 1e-6
    new = []
    for k, p in enumerate(params):
        grad = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            up = [q.copy() for q in params]
            down = [q.copy() for q in params]
            up[k][idx] += eps
            down[k][idx] -= eps
            grad[idx] = (J(case, *up) - J(case, *down)) / (2 * eps)
        new.append(p - lr * grad)
    return tuple(new)


def test_the_step_from_finite_differences_passes():
    passes(check_gradient_descent_step(by_finite_differences))


def test_the_step_from_pytorch_autograd_passes():
    torch = require_module("torch", "PyTorch (requirements-test.txt)")

    def by_autograd(X, y, wh, bh, wout, bout, lr):
        p = [torch.tensor(a, requires_grad=True) for a in (wh, bh, wout, bout)]
        y_hat = torch.sigmoid(torch.sigmoid(torch.tensor(X) @ p[0] + p[1]) @ p[2] + p[3])
        (0.5 * torch.sum((y_hat - torch.tensor(y)) ** 2)).backward()
        return tuple((q - lr * q.grad).detach().numpy() for q in p)

    passes(check_gradient_descent_step(by_autograd))


def test_the_check_s_sizes_are_all_different():
    case = _case()
    n, n_in = case["X"].shape
    assert len({n, n_in, case["wh"].shape[1], case["wout"].shape[1]}) == 4
    # a typed-in 0.1, a forgotten rate (1) and a rate divided by n all give other steps
    assert len({LR, LR / n, 0.1, 1.0, 1.0 / n}) == 5


@pytest.mark.parametrize(("name", "code", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, code, words):
    fails(check_gradient_descent_step(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_gradient_descent_step(garbage))
    fails(check_gradient_descent_step(lambda *args: (garbage,) * 4))


def test_hints():
    assert "ŷ − y" in str(hint_gradient_descent_step())
    assert "wout.T" in str(hint_gradient_descent_step(2))
    assert "axis=0" in str(hint_gradient_descent_step(3))
    assert "has hints 1 to 3" in str(hint_gradient_descent_step(4))
