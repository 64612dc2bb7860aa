"""The check of one gradient-descent step by hand in PyTorch (Part V): its slip catalogue.

The reference of the check is ``nncode``'s ``NN``; the independent answer is PyTorch's own
``torch.optim.SGD``, which knows nothing of nncode: the check accepts it, so the two agree.
"""

from __future__ import annotations

import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.pytorch import check_sgd_step, hint_sgd_step

torch = require_module("torch", "PyTorch (requirements-test.txt)")


def loss(model, x, y):
    return ((model(x) - y) ** 2).sum() / (2 * len(x))


def variant(
    zero=True, J=loss, sign=-1, lr_on=lambda p: True, no_grad=True, returns=lambda J, m: J.item()
):
    """The book's sgd_step with at most one slip: each keyword is one of the catalogue."""

    def sgd_step(model, x, y, lr):
        if zero:
            model.zero_grad()
        cost = J(model, x, y)
        cost.backward()
        context = torch.no_grad() if no_grad else torch.enable_grad()
        with context:
            for p in model.parameters():
                p += sign * (lr if lr_on(p) else 1.0) * p.grad
        return returns(cost, model)

    return sgd_step


def by_torch_optim(model, x, y, lr):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    optimizer.zero_grad()
    J = loss(model, x, y)
    J.backward()
    optimizer.step()
    return J


def zero_at_the_end(model, x, y, lr):
    J = loss(model, x, y)
    J.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
            p.grad.zero_()
    return float(J)


def transposed_gradient(model, x, y, lr):
    model.zero_grad()
    J = loss(model, x, y)
    J.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad.T
    return J.item()


def rebinds(model, x, y, lr):
    model.zero_grad()
    J = loss(model, x, y)
    J.backward()
    for layer in model.layers:
        layer.weight = layer.weight - lr * layer.weight.grad
    return J.item()


def backward_twice(model, x, y, lr):
    J = loss(model, x, y)
    J.backward()
    J.backward()
    return J.item()


def no_backward(model, x, y, lr):
    J = loss(model, x, y)
    with torch.no_grad():
        for p in model.parameters():
            p -= lr * p.grad
    return J.item()


def forward_without_grad(model, x, y, lr):
    with torch.no_grad():
        J = loss(model, x, y)
    J.backward()
    return J.item()


def changes_x(model, x, y, lr):
    J = variant()(model, x, y, lr)
    x += 1
    return J


def in_float32(model, x, y, lr):
    return variant()(model, x.float(), y.float(), lr)


SLIPS = [
    # (name, learner code, words the message must contain)
    ("zero_grad forgotten", variant(zero=False), ["second step", "adds", "model.zero_grad()"]),
    ("mean over every entry", variant(J=lambda m, x, y: ((m(x) - y) ** 2).mean()), ["2/3", "18"]),
    (
        "mean over every entry, halved",
        variant(J=lambda m, x, y: ((m(x) - y) ** 2).mean() / 2),
        ["1/3", "instead of by 2n"],
    ),
    (
        "the 1/2 missing",
        variant(J=lambda m, x, y: ((m(x) - y) ** 2).sum() / len(x)),
        ["twice too far", "1/2"],
    ),
    (
        "the 1/n missing",
        variant(J=lambda m, x, y: ((m(x) - y) ** 2).sum() / 2),
        ["n = 6 times too far"],
    ),
    ("the plain sum", variant(J=lambda m, x, y: ((m(x) - y) ** 2).sum()), ["2n = 12 times"]),
    ("the wrong sign", variant(sign=1), ["uphill", "p -= lr * p.grad"]),
    (
        "lr forgotten on the biases",
        variant(lr_on=lambda p: p.dim() == 2),
        ["b1 moved by the whole"],
    ),
    (
        "lr forgotten on the weights",
        variant(lr_on=lambda p: p.dim() == 1),
        ["W1 moved by the whole"],
    ),
    ("no torch.no_grad()", variant(no_grad=False), ["RuntimeError", "torch.no_grad()"]),
    ("gradient transposed", transposed_gradient, ["no transpose", "(n_out, n_in)"]),
    ("parameters rebound", rebinds, ["replaced by a new tensor", "in place"]),
    ("backward twice", backward_twice, ["once per step"]),
    ("no backward()", no_backward, ["None", "J.backward() before the update"]),
    ("forward under no_grad", forward_without_grad, ["without autograd recording it"]),
    ("no update", lambda m, x, y, lr: loss(m, x, y).item(), ["W1 did not move"]),
    ("nothing returned", variant(returns=lambda J, m: None), ["returned None", "J.item()"]),
    ("the model returned", variant(returns=lambda J, m: m), ["must be one number"]),
    ("x changed in place", changes_x, ["changed x or y in place"]),
    ("float32 data", in_float32, ["float64"]),
]


def loss_after(model, x, y, lr):
    J = variant(returns=lambda J, m: None)(model, x, y, lr)
    assert J is None
    return loss(model, x, y).item()


SLIPS.append(("the loss after the update", loss_after, ["after the update"]))


def test_the_book_s_solution_passes():
    passes(check_sgd_step(variant()))


def test_other_right_answers_pass():
    passes(check_sgd_step(zero_at_the_end))
    passes(check_sgd_step(variant(J=lambda m, x, y: ((m(x) - y) ** 2).sum(dim=1).mean() / 2)))


def test_pytorch_s_own_optimiser_passes():
    passes(check_sgd_step(by_torch_optim))


@pytest.mark.parametrize(("name", "code", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, code, words):
    fails(check_sgd_step(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_sgd_step(garbage))


def test_hints():
    assert "model.zero_grad()" in str(hint_sgd_step(3)) and "sum()" in str(hint_sgd_step(2))
