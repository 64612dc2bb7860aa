"""The checks of the softmax + cross-entropy delta and of an Adam step (Part V): their
slip catalogues, proved.

Independent answers: the delta by PyTorch's autograd through its own ``cross_entropy``
(integer labels, mean over the samples), and the Adam step by ``torch.optim.Adam`` given
the same state: the check accepts both, so its references are right.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.digits import (
    LABELS,
    Z,
    check_adam_step,
    check_output_delta,
    hint_adam_step,
    hint_output_delta,
)


def softmax(Z, axis=1):
    e = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def delta_with(P=softmax, Y=lambda labels, K: np.eye(K)[labels], divide=lambda n, K: n, sign=1):
    """The book's output_delta with at most one slip: each keyword is one of the catalogue."""

    def output_delta(Z, labels):
        n, K = Z.shape
        return sign * (P(Z) - Y(labels, K)) / divide(n, K)

    return output_delta


DELTA_SLIPS = [
    # (name, learner code, words the message must contain)
    ("/n forgotten", delta_with(divide=lambda n, K: 1), ["not divided", "n = 6"]),
    ("Y - P", delta_with(sign=-1), ["wrong sign", "prediction minus the target"]),
    ("/(n K)", delta_with(divide=lambda n, K: n * K), ["n * K = 24"]),
    ("/K", delta_with(divide=lambda n, K: K), ["number of classes K = 4"]),
    (
        "softmax over the columns",
        delta_with(P=lambda Z: softmax(Z, axis=0)),
        ["wrong axis", "axis=1"],
    ),
    ("labels as a column", delta_with(Y=lambda labels, K: labels[:, None]), ["label number"]),
    ("labels, not one-hot", delta_with(Y=lambda labels, K: labels), ["one-hot rows, shape (6, 4)"]),
    (
        "one-hot of width n",
        delta_with(Y=lambda labels, K: np.eye(len(labels))[labels]),
        ["one per class"],
    ),
    ("no softmax", delta_with(P=lambda Z: Z), ["receptors Z where the probabilities"]),
    ("sigmoid", delta_with(P=lambda Z: 1 / (1 + np.exp(-Z))), ["sigmoid"]),
    (
        "times P(1 - P)",
        lambda Z, labels: softmax(Z) * (1 - softmax(Z)) * delta_with()(Z, labels),
        ["P(1 - P)", "cancels"],
    ),
    (
        "rows of Y reversed",
        delta_with(Y=lambda labels, K: np.eye(K)[labels][::-1]),
        ["wrong order"],
    ),
    ("transposed", lambda Z, labels: delta_with()(Z, labels).T, ["transposed"]),
    ("one number", lambda Z, labels: np.sum(delta_with()(Z, labels)), ["single number"]),
]


def adam_with(
    b1=lambda b: b,
    g1=lambda b: 1 - b,
    b2=lambda b: b,
    g2=lambda b: 1 - b,
    square=lambda g: g * g,
    correct_m=lambda b, t: 1 - b**t,
    correct_s=lambda b, t: 1 - b**t,
    sign=-1,
    lr_on=True,
    denominator=lambda v_hat, eps: np.sqrt(v_hat) + eps,
    returns="running",
):
    """The book's adam_step with at most one slip: each keyword is one of the catalogue."""

    def adam_step(w, g, m, v, t, lr, beta1, beta2, eps):
        m = b1(beta1) * m + g1(beta1) * g
        v = b2(beta2) * v + g2(beta2) * square(g)
        m_hat, v_hat = m / correct_m(beta1, t), v / correct_s(beta2, t)
        w = w + sign * (lr if lr_on else 1.0) * m_hat / denominator(v_hat, eps)
        return (w, m, v) if returns == "running" else (w, m_hat, v_hat)

    return adam_step


def no_correction(b, t):
    return 1.0


ADAM_SLIPS = [
    # (name, learner code, words the message must contain)
    (
        "beta1 swapped",
        adam_with(b1=lambda b: 1 - b, g1=lambda b: b),
        ["m keeps 1 - beta1", "other way"],
    ),
    ("momentum's m", adam_with(g1=lambda b: 1), ["the gradient itself", "whole gradient"]),
    ("beta2 swapped", adam_with(b2=lambda b: 1 - b, g2=lambda b: b), ["v keeps 1 - beta2"]),
    ("g, not g squared", adam_with(square=lambda g: g), ["averages the gradient itself"]),
    ("|g|", adam_with(square=np.abs), ["averages |g|"]),
    (
        "no bias correction",
        adam_with(correct_m=no_correction, correct_s=no_correction),
        ["no bias correction", "t = 1"],
    ),
    ("v not corrected", adam_with(correct_s=no_correction), ["v is not bias-corrected"]),
    ("m not corrected", adam_with(correct_m=no_correction), ["m is not bias-corrected"]),
    (
        "t + 1",
        adam_with(correct_m=lambda b, t: 1 - b ** (t + 1), correct_s=lambda b, t: 1 - b ** (t + 1)),
        ["uses t + 1"],
    ),
    (
        "t - 1",
        adam_with(correct_m=lambda b, t: 1 - b ** (t - 1), correct_s=lambda b, t: 1 - b ** (t - 1)),
        ["not finite after step 1", "t = 1"],
    ),
    ("uphill", adam_with(sign=1), ["uphill"]),
    (
        "eps inside the sqrt",
        adam_with(denominator=lambda v, eps: np.sqrt(v + eps)),
        ["eps is inside the square root"],
    ),
    ("no sqrt", adam_with(denominator=lambda v, eps: v + eps), ["not by its square root"]),
    ("times sqrt", adam_with(denominator=lambda v, eps: 1 / np.sqrt(v)), ["multiplies by sqrt"]),
    ("lr forgotten", adam_with(lr_on=False), ["learning rate is missing"]),
    (
        "corrected m and v returned",
        adam_with(returns="corrected"),
        ["m after step 1 is the gradient itself", "bias-corrected"],
    ),
    (
        "plain SGD",
        lambda w, g, m, v, t, lr, b1, b2, eps: (
            w - lr * g,
            adam_with()(w, g, m, v, t, lr, b1, b2, eps)[1],
            adam_with()(w, g, m, v, t, lr, b1, b2, eps)[2],
        ),
        ["plain gradient descent"],
    ),
    ("w only", lambda w, g, m, v, t, lr, b1, b2, eps: w - lr * g, ["three arrays, (w, m, v)"]),
    ("in place", lambda w, g, m, v, *rest: (w.__isub__(g), m, v), ["in place"]),
]

SLIPS = DELTA_SLIPS + ADAM_SLIPS
"""The whole catalogue of the two checks, as (name, learner code, words)."""


def test_the_book_s_solutions_pass():
    passes(check_output_delta(delta_with()))
    passes(check_adam_step(adam_with()))


def test_independent_answers_pass():
    torch = require_module("torch", "PyTorch (requirements-test.txt)")

    def delta_by_autograd(Z, labels):
        z = torch.tensor(Z, requires_grad=True)
        torch.nn.functional.cross_entropy(z, torch.tensor(labels)).backward()
        return z.grad.numpy()

    def adam_by_torch(w, g, m, v, t, lr, beta1, beta2, eps):
        p = torch.tensor(w, requires_grad=True)
        optimizer = torch.optim.Adam([p], lr=lr, betas=(beta1, beta2), eps=eps)
        optimizer.state[p] = {
            "step": torch.tensor(float(t - 1)),
            "exp_avg": torch.tensor(m),
            "exp_avg_sq": torch.tensor(v),
        }
        p.grad = torch.tensor(g)
        optimizer.step()
        state = optimizer.state[p]
        return p.detach().numpy(), state["exp_avg"].numpy(), state["exp_avg_sq"].numpy()

    passes(check_output_delta(delta_by_autograd))
    passes(check_adam_step(adam_by_torch))


def test_the_check_data_tells_the_axes_apart():
    assert Z.shape[0] != Z.shape[1] and set(LABELS) == set(range(Z.shape[1]))


@pytest.mark.parametrize(("name", "code", "words"), DELTA_SLIPS, ids=[s[0] for s in DELTA_SLIPS])
def test_every_delta_slip_is_named(name, code, words):
    fails(check_output_delta(code), *words)


@pytest.mark.parametrize(("name", "code", "words"), ADAM_SLIPS, ids=[s[0] for s in ADAM_SLIPS])
def test_every_adam_slip_is_named(name, code, words):
    fails(check_adam_step(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_output_delta(garbage))
    fails(check_adam_step(garbage))


def test_hints():
    assert "np.eye" in str(hint_output_delta(2)) and "np.sqrt(v_hat) + eps" in str(
        hint_adam_step(3)
    )
