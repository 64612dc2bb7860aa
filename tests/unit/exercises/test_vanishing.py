"""The check of the per-layer gradient norms (Part V): its slip catalogue, proved.

The independent answer computes the gradients by PyTorch's autograd on the same weights
(sigmoid layers, softmax and cross-entropy written out): the check accepts it, so its
reference norms are right.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.vanishing import check_gradient_norms, gradient_case, hint_gradient_norms


def norms_of(key, measure=np.linalg.norm, order=1, keep=slice(None)):
    """The book's gradient_norms, measuring ``key`` with ``measure``: one slip per keyword."""

    def gradient_norms(net, X, Y):
        coef = net.forward_pass(X, training=True)
        grads = net.backward_pass(X, Y, coef)
        source = net.params if key == "W" else grads
        name = "W" if key == "W" else key
        return [measure(source[f"{name}{l}"]) for l in range(1, net.L + 1)][::order][keep]

    return gradient_norms


def with_biases(net, X, Y):
    grads = net.backward_pass(X, Y, net.forward_pass(X, training=True))
    return [
        np.sqrt(np.sum(grads[f"dW{l}"] ** 2) + np.sum(grads[f"db{l}"] ** 2))
        for l in range(1, net.L + 1)
    ]


def trains(net, X, Y):
    norms = norms_of("dW")(net, X, Y)
    net.train(X, Y, n_it=1, verbose=False)
    return norms


def as_dict(net, X, Y):
    return dict(enumerate(norms_of("dW")(net, X, Y), start=1))


SLIPS = [
    # (name, learner code, words the message must contain)
    ("reversed", norms_of("dW", order=-1), ["reverse order", "l = 1, ..., L"]),
    ("dZ for dW", norms_of("dZ"), ["norms of dZ(l)", "X(l-1).T @ dZ(l)"]),
    ("the weights", norms_of("W"), ["weights W(l) themselves"]),
    ("squared", norms_of("dW", lambda g: np.sum(g**2)), ["squared norms"]),
    ("spectral", norms_of("dW", lambda g: np.linalg.norm(g, 2)), ["spectral", "Frobenius"]),
    ("mean |dW|", norms_of("dW", lambda g: np.mean(np.abs(g))), ["mean absolute"]),
    ("biases included", with_biases, ["include the biases"]),
    ("output layer left out", norms_of("dW", keep=slice(None, -1)), ["leaves out the output"]),
    ("layer 1 left out", norms_of("dW", keep=slice(1, None)), ["leaves out layer 1"]),
    ("one number", lambda net, X, Y: np.linalg.norm(norms_of("dW")(net, X, Y)), ["one number"]),
    ("a step taken", trains, ["changed the network's weights"]),
    ("a dict", as_dict, ["returned a dict", "list of numbers"]),
    ("nothing returned", lambda net, X, Y: None, ["None"]),
    ("the gradients themselves", lambda net, X, Y: net.backward(net.forward(X), Y), ["a dict"]),
]


def norms_by_autograd(net, X, Y):
    """The gradients by PyTorch's autograd: an oracle that shares nothing with nncode."""
    torch = require_module("torch", "PyTorch (requirements-test.txt)")
    p = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    a = torch.tensor(X)
    for l in range(1, net.L + 1):
        z = a @ p[f"W{l}"] + p[f"b{l}"]
        a = torch.sigmoid(z) if l < net.L else z
    J = -(torch.tensor(Y) * torch.log_softmax(a, dim=1)).sum() / len(X)
    J.backward()
    return [float(p[f"W{l}"].grad.norm()) for l in range(1, net.L + 1)]


def test_the_book_s_solution_passes():
    passes(check_gradient_norms(norms_of("dW")))


def test_pytorch_s_gradients_pass():
    passes(check_gradient_norms(norms_by_autograd))


def test_the_norms_differ_between_layers():
    """Otherwise the reversed order or a layer left out could go unnoticed."""
    net, X, Y = gradient_case()
    norms = norms_of("dW")(net, X, Y)
    assert len(set(np.round(norms, 6))) == len(norms)


@pytest.mark.parametrize(("name", "code", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, code, words):
    fails(check_gradient_norms(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_gradient_norms(garbage))


def test_hints():
    assert "np.linalg.norm" in str(hint_gradient_norms(3))
    assert "training=True" in str(hint_gradient_norms(2))
