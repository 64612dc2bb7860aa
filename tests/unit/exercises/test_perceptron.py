"""The check of the perceptron's threshold rule (Part I): its slip catalogue, proved.

The right outputs are written here by hand for the chapter's weights and threshold, and
computed once more with plain Python loops that share nothing with the module.
"""

from __future__ import annotations

import numpy as np
import pytest
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.perceptron import PERCEPTRON_CASES, check_perceptron, hint_perceptron


def perceptron(X, w, b):
    """The book's solution."""
    return (X @ w + b > 0).astype(int)


def perceptron_by_loops(X, w, b):
    """One input at a time, in plain Python."""
    out = []
    for row in X.tolist():
        total = sum(wj * xj for wj, xj in zip(w.tolist(), row)) + b
        out.append(1 if total > 0 else 0)
    return out


def with_if(X, w, b):
    if X @ w + b > 0:
        return 1
    return 0


def first_row_only(X, w, b):
    return int(X[0] @ w + b > 0)


def changes_X(X, w, b):
    X[X > 0] = 1.0
    X[0, 0] = 5.0
    return perceptron(X, w, b)


SLIPS = [
    # (name, learner code, words the message must contain)
    (">= instead of >", lambda X, w, b: (X @ w + b >= 0).astype(int), ["exactly 0", "not >="]),
    ("bias subtracted", lambda X, w, b: (X @ w - b > 0) * 1, ["wrong sign", "the threshold"]),
    ("bias forgotten", lambda X, w, b: (X @ w > 0) * 1, ["bias is missing"]),
    ("unweighted sum", lambda X, w, b: (X.sum(axis=1) + b > 0) * 1, ["without their weights"]),
    ("w @ X", lambda X, w, b: (w @ X + b > 0) * 1, ["one input per row", "X @ w"]),
    ("X.T @ w", lambda X, w, b: (X.T @ w + b > 0) * 1, ["one input per row", "X @ w"]),
    ("no sum", lambda X, w, b: (X * w + b > 0) * 1, ["did not add the products up"]),
    ("sum over axis 0", lambda X, w, b: ((X * w).sum(axis=0) + b > 0) * 1, ["axis=0", "axis=1"]),
    ("the sums", lambda X, w, b: X @ w + b, ["returned the weighted sums", "> 0"]),
    ("a sigmoid", lambda X, w, b: 1 / (1 + np.exp(-(X @ w + b))), ["sigmoid", "jumps"]),
    ("swapped", lambda X, w, b: (X @ w + b <= 0) * 1, ["1 and 0 are swapped"]),
    ("swapped, strict", lambda X, w, b: (X @ w + b < 0) * 1, ["1 and 0 are swapped"]),
    ("if on an array", with_if, ["`if` needs one True or False", "8 sums"]),
    ("one row", first_row_only, ["single number", "shape (8,)"]),
    ("changes X", changes_X, ["changed its argument X in place"]),
]


def test_the_book_s_solution_passes():
    passes(check_perceptron(perceptron))
    passes(check_perceptron(lambda X, w, b: X @ w + b > 0))  # booleans are 1 and 0
    passes(check_perceptron(lambda X, w, b: (X @ w + b > 0).reshape(-1, 1)))  # a column


def test_an_independent_perceptron_passes():
    passes(check_perceptron(perceptron_by_loops))


def test_the_chapter_s_perceptron_by_hand():
    X, w, b = PERCEPTRON_CASES[0]
    assert w.tolist() == [2, 3, 4] and b == -4
    # rows 000, 001, 010, 011, 100, 101, 110, 111: sums 0, 4, 3, 7, 2, 6, 5, 9 against 4
    assert perceptron(X, w, b).tolist() == [0, 0, 0, 1, 0, 1, 1, 1]


def test_every_case_has_a_sum_exactly_at_the_threshold():
    for X, w, b in PERCEPTRON_CASES:
        assert np.any(X @ w + b == 0)
    assert any(X.shape[0] == X.shape[1] for X, _, _ in PERCEPTRON_CASES)


@pytest.mark.parametrize(("name", "code", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, code, words):
    fails(check_perceptron(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_perceptron(garbage))


def test_hints():
    assert "above 0" in str(hint_perceptron()) and "X @ w" in str(hint_perceptron(2))
    assert "> 0" in str(hint_perceptron(3))
