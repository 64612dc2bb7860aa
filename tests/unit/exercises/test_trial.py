"""The check of one gradient-descent step with an offset (Part I): its slip catalogue, proved.

The right step is written here twice: from the chapter's formulas, and as a finite
difference of the cost, which knows nothing of the slopes' formulas. The first case is
also worked by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.trial import STEP_CASES, check_gradient_step, hint_gradient_step


def step(w, b, x, y, learning_rate):
    """The book's solution."""
    y_hat = w * x + b
    dw = np.mean((y_hat - y) * x)
    db = np.mean(y_hat - y)
    return w - learning_rate * dw, b - learning_rate * db


def cost(w, b, x, y):
    return sum((w * xi + b - yi) ** 2 for xi, yi in zip(x, y)) / (2 * len(x))


def step_by_finite_differences(w, b, x, y, learning_rate, eps=1e-6):
    """The slopes as central differences of the cost: an oracle without any formula."""
    dw = (cost(w + eps, b, x, y) - cost(w - eps, b, x, y)) / (2 * eps)
    db = (cost(w, b + eps, x, y) - cost(w, b - eps, x, y)) / (2 * eps)
    return w - learning_rate * dw, b - learning_rate * db


def variant(**slip):
    """``step`` with one slip: each keyword is a slip of the catalogue."""

    def step(w, b, x, y, learning_rate):
        y_hat = w * x + (0 if slip.get("no_b") else b)
        error = y_hat - y
        if slip.get("target_minus_prediction"):
            error = y - y_hat
        mean = np.sum if slip.get("sum") else np.mean
        dw = mean(error * (w if slip.get("wrt_x") else 1 if slip.get("no_x") else x))
        db = mean(error * (x if slip.get("x_in_b") else 1))
        if slip.get("twice"):
            dw, db = 2 * dw, 2 * db
        if slip.get("n_twice"):
            dw, db = dw / len(x), db / len(x)
        if slip.get("first_point"):
            dw, db = error[0] * x[0], error[0]
        if slip.get("cost"):
            dw = db = np.mean(error**2) / 2
        lr_w = 1 if slip.get("no_lr_w") else learning_rate
        lr_b = 1 if slip.get("no_lr_b") else learning_rate
        sign_w = 1 if slip.get("plus_w") else -1
        sign_b = 1 if slip.get("plus_b") else -1
        w_new = w + sign_w * lr_w * dw
        if slip.get("b_after_w"):
            db = np.mean(w_new * x + b - y)
        b_new = b + sign_b * lr_b * db
        if slip.get("swap"):
            return b_new, w_new
        if slip.get("changes"):
            return learning_rate * dw, learning_rate * db
        if slip.get("slopes"):
            return dw, db
        return w_new, b_new

    return step


def only_w(w, b, x, y, learning_rate):
    return step(w, b, x, y, learning_rate)[0]


def unchanged(w, b, x, y, learning_rate):
    step(w, b, x, y, learning_rate)
    return w, b


def in_place(w, b, x, y, learning_rate):
    x *= 1.0  # harmless, but a change of the argument all the same
    x[0] = 99.0
    return step(w, b, x, y, learning_rate)


def wrong_order_of_arguments(w, b, x, y, learning_rate):
    return step(b, w, x, y, learning_rate)


SLIPS = [
    # (name, learner code, words the message must contain)
    ("sign on both", variant(plus_w=True, plus_b=True), ["uphill", "w − η·∂J/∂w"]),
    ("y - y_hat", variant(target_minus_prediction=True), ["uphill", "prediction minus the target"]),
    ("sign on b", variant(plus_b=True), ["b moved uphill", "w is right"]),
    ("sign on w", variant(plus_w=True), ["w moved uphill", "b is right"]),
    ("lr forgotten", variant(no_lr_w=True, no_lr_b=True), ["learning rate is missing:"]),
    ("lr forgotten on w", variant(no_lr_w=True), ["learning rate is missing on w"]),
    ("lr forgotten on b", variant(no_lr_b=True), ["learning rate is missing on b"]),
    ("x in b's slope", variant(x_in_b=True), ["b moved by w's slope", "no factor x"]),
    ("x missing in w's slope", variant(no_x=True), ["missing the factor x"]),
    ("derivative with respect to x", variant(wrt_x=True), ["with respect to x", "(ŷ − y)·x"]),
    ("the error instead of its slope", variant(cost=True), ["stepped by the error J"]),
    ("sum, not mean", variant(sum=True), ["n = 5 times too large", "np.mean"]),
    ("n twice", variant(n_twice=True), ["divided by n = 5 twice"]),
    ("no one half", variant(twice=True), ["twice too large", "½"]),
    ("one point", variant(first_point=True), ["first point alone", "all the points"]),
    ("b left out of y_hat", variant(no_b=True), ["leaves out b", "ŷ = w·x + b"]),
    ("b's slope after w moved", variant(b_after_w=True), ["after w had already moved"]),
    ("(b, w)", variant(swap=True), ["wrong order", "(w, b)"]),
    ("the changes", variant(changes=True), ["returned the change"]),
    ("the slopes", variant(slopes=True), ["returned the slopes"]),
    ("unchanged", unchanged, ["have not moved"]),
    ("only w", only_w, ["the pair (w, b)", "one number"]),
    ("changes x in place", in_place, ["changed its argument x in place"]),
    ("w and b swapped on the way in", wrong_order_of_arguments, ["not the result of one step"]),
]


def test_the_book_s_solution_passes():
    passes(check_gradient_step(step))


def test_the_reference_agrees_with_finite_differences_and_by_hand():
    for case in STEP_CASES:
        assert np.allclose(step(*case), step_by_finite_differences(*case), atol=1e-8)
    # by hand, the chapter's case (the last): y = 2x + 1 on x = 1, 2, 3 from w = b = 0, η = 0.05;
    # ∂J/∂w = −(3·1 + 5·2 + 7·3)/3 = −34/3, ∂J/∂b = −(3 + 5 + 7)/3 = −5
    assert STEP_CASES[-1].learning_rate == 0.05
    assert np.allclose(step(*STEP_CASES[-1]), (0.05 * 34 / 3, 0.05 * 5))
    passes(check_gradient_step(step_by_finite_differences))


def test_the_cases_contain_a_zero_input_and_a_start_above_the_best_line():
    assert any(0.0 in case.x for case in STEP_CASES)
    assert any(np.any(case.x < 0) for case in STEP_CASES)
    assert len({len(case.x) for case in STEP_CASES}) == len(STEP_CASES)


def test_other_return_types_are_accepted():
    passes(check_gradient_step(lambda *a: list(step(*a))))
    passes(check_gradient_step(lambda *a: np.array(step(*a))))
    passes(check_gradient_step(lambda *a: tuple(np.array([v]) for v in step(*a))))


@pytest.mark.parametrize(("name", "code", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, code, words):
    fails(check_gradient_step(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_gradient_step(garbage))


def test_hints():
    assert "four steps" in str(hint_gradient_step())
    assert "np.mean" in str(hint_gradient_step(2)) and "return" in str(hint_gradient_step(3))
