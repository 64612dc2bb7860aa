"""The checks of the batch-norm backward pass and of the running statistics (Part V):
their slip catalogues, proved.

Independent answers: the backward pass by PyTorch's autograd through its own
``batch_norm``, and the running statistics by PyTorch's ``BatchNorm1d``, whose running
mean and variance (after the same training batches) and whose evaluation-mode output are
fed to the check as the reader's answers.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.batchnorm import (
    MOMENTUM,
    check_bn_backward,
    check_running_statistics,
    hint_bn_backward,
    hint_running_statistics,
    trained_network,
)


def bn_backward_with(
    var=lambda Z: Z.var(0, keepdims=True),
    eps_on=True,
    gamma_on=True,
    mean_term=True,
    var_term=True,
    divide=lambda n: n,
    sqrt=np.sqrt,
    dgamma=None,
    dbeta=None,
    right_dgamma=False,
):
    """The book's bn_backward with at most one slip: each keyword is one of the catalogue
    (``right_dgamma``: the slip is in dZ only, dgamma is computed right)."""

    def bn_backward(dZbn, Z, gamma, eps):
        n = Z.shape[0]
        inv_std = 1 / sqrt(var(Z) + (eps if eps_on else 0.0))
        Zhat = (Z - Z.mean(0, keepdims=True)) * inv_std
        db = dZbn.sum(0, keepdims=True)
        dg = (dZbn * Zhat).sum(0, keepdims=True)
        bracket = n * dZbn - (db if mean_term else 0) - (Zhat * dg if var_term else 0)
        dZ = (gamma if gamma_on else 1.0) * inv_std / divide(n) * bracket
        if right_dgamma:
            dg = bn_backward_with()(dZbn, Z, gamma, eps)[1]
        return (
            dZ,
            dg if dgamma is None else dgamma(dZbn, Z, Zhat, gamma),
            db if dbeta is None else dbeta(dZbn),
        )

    return bn_backward


def no_mean_terms(dZbn, Z, gamma, eps):
    _, dg, db = bn_backward_with()(dZbn, Z, gamma, eps)
    return gamma / np.sqrt(Z.var(0, keepdims=True) + eps) * dZbn, dg, db


BACKWARD_SLIPS = [
    # (name, learner code, words the message must contain)
    ("both mean terms forgotten", no_mean_terms, ["treats the batch mean and variance as"]),
    ("the variance term forgotten", bn_backward_with(var_term=False), ["through the variance"]),
    ("the mean term forgotten", bn_backward_with(mean_term=False), ["through the mean"]),
    (
        "unbiased variance",
        bn_backward_with(var=lambda Z: Z.var(0, ddof=1, keepdims=True)),
        ["wrong Zhat", "unbiased variance", "n - 1 = 5", "ddof=0"],
    ),
    ("n - 1 in front", bn_backward_with(divide=lambda n: n - 1), ["divides by n - 1 = 5"]),
    ("gamma forgotten", bn_backward_with(gamma_on=False), ["dZ forgot gamma"]),
    ("eps forgotten", bn_backward_with(eps_on=False), ["wrong Zhat", "without eps"]),
    (
        "no square root",
        bn_backward_with(sqrt=lambda v: v),
        ["wrong Zhat", "instead of its square root"],
    ),
    ("no 1/n", bn_backward_with(divide=lambda n: 1), ["n = 6 times too large"]),
    (
        "unbiased variance in dZ only",
        bn_backward_with(var=lambda Z: Z.var(0, ddof=1, keepdims=True), right_dgamma=True),
        ["dZ uses the unbiased variance", "n - 1 = 5"],
    ),
    (
        "eps forgotten in dZ only",
        bn_backward_with(eps_on=False, right_dgamma=True),
        ["dZ divides by sqrt(var) without eps"],
    ),
    (
        "no square root in dZ only",
        bn_backward_with(sqrt=lambda v: v, right_dgamma=True),
        ["dZ divides by var + eps, not by its square root"],
    ),
    (
        "dgamma = dbeta",
        bn_backward_with(dgamma=lambda g, Z, h, gm: g.sum(0, keepdims=True)),
        ["which is dbeta"],
    ),
    (
        "dgamma with Z",
        bn_backward_with(dgamma=lambda g, Z, h, gm: (g * Z).sum(0, keepdims=True)),
        ["*normalised*"],
    ),
    (
        "dgamma averaged",
        bn_backward_with(dgamma=lambda g, Z, h, gm: (g * h).mean(0, keepdims=True)),
        ["averages"],
    ),
    (
        "dgamma times gamma",
        bn_backward_with(dgamma=lambda g, Z, h, gm: gm * (g * h).sum(0, keepdims=True)),
        ["multiplied by gamma"],
    ),
    (
        "dgamma flat",
        bn_backward_with(dgamma=lambda g, Z, h, gm: (g * h).sum(0)),
        ["dgamma is flat"],
    ),
    (
        "dbeta averaged",
        bn_backward_with(dbeta=lambda g: g.mean(0, keepdims=True)),
        ["dbeta averages"],
    ),
    ("dbeta flat", bn_backward_with(dbeta=lambda g: g.sum(0)), ["dbeta is flat"]),
    ("dbeta one number", bn_backward_with(dbeta=np.sum), ["into one number"]),
    (
        "dbeta over the neurons",
        bn_backward_with(dbeta=lambda g: g.sum(1, keepdims=True)),
        ["(6, 1)", "axis=0"],
    ),
    ("dZ only", lambda g, Z, gm, eps: bn_backward_with()(g, Z, gm, eps)[0], ["three arrays"]),
    (
        "dZ transposed",
        lambda *a: (bn_backward_with()(*a)[0].T, *bn_backward_with()(*a)[1:]),
        ["transposed"],
    ),
]


def update(M, V, Z, momentum):
    return (
        (1 - momentum) * M + momentum * Z.mean(0, keepdims=True),
        (1 - momentum) * V + momentum * Z.var(0, ddof=1, keepdims=True),
    )


def inference(Z, gamma, beta, mean, var, eps):
    return gamma * (Z - mean) / np.sqrt(var + eps) + beta


def update_with(
    weight_old=lambda m: 1 - m, weight_new=lambda m: m, ddof=1, var=lambda v: v, axis=0
):
    def update_running(M, V, Z, momentum):
        new_mean = Z.mean(axis, keepdims=True) if axis == 0 else Z.mean() * np.ones_like(M)
        new_var = (
            var(Z.var(axis, ddof=ddof, keepdims=True))
            if axis == 0
            else Z.var(1, ddof=ddof).mean() * np.ones_like(V)
        )
        return (
            weight_old(momentum) * M + weight_new(momentum) * new_mean,
            weight_old(momentum) * V + weight_new(momentum) * new_var,
        )

    return update_running


def update_in_place(M, V, Z, momentum):
    M *= 1 - momentum
    M += momentum * Z.mean(0, keepdims=True)
    V *= 1 - momentum
    V += momentum * Z.var(0, ddof=1, keepdims=True)
    return M, V


def batch_statistics(Z, gamma, beta, mean, var, eps):
    return gamma * (Z - Z.mean(0)) / np.sqrt(Z.var(0) + eps) + beta


RUNNING_SLIPS = [
    # (name, update_running, bn_inference, words the message must contain)
    (
        "momentum the wrong way round",
        update_with(weight_old=lambda m: m, weight_new=lambda m: 1 - m),
        inference,
        ["the other way round", "weight of the *new* batch"],
    ),
    ("biased variance", update_with(ddof=0), inference, ["biased batch variances", "ddof=1"]),
    (
        "replaced",
        update_with(weight_old=lambda m: 0, weight_new=lambda m: 1),
        inference,
        ["replaced by the batch"],
    ),
    ("standard deviations", update_with(var=np.sqrt), inference, ["standard deviations"]),
    ("old value not shrunk", update_with(weight_old=lambda m: 1), inference, ["without shrinking"]),
    ("the wrong axis", update_with(axis=1), inference, ["wrong axis", "axis=0"]),
    ("in place", update_in_place, inference, ["in place"]),
    ("one array", lambda M, V, Z, m: M, inference, ["two arrays"]),
    (
        "batch statistics at inference",
        update,
        batch_statistics,
        ["mean and variance of the batch", "running_mean"],
    ),
    (
        "unbiased again at inference",
        update,
        lambda Z, g, b, M, V, eps: g * (Z - M) / np.sqrt(V * len(Z) / (len(Z) - 1) + eps) + b,
        ["n/(n - 1) again"],
    ),
    (
        "var for std",
        update,
        lambda Z, g, b, M, V, eps: g * (Z - M) / (V + eps) + b,
        ["square root"],
    ),
    (
        "eps forgotten",
        update,
        lambda Z, g, b, M, V, eps: g * (Z - M) / np.sqrt(V) + b,
        ["without eps"],
    ),
    (
        "no gamma, no beta",
        update,
        lambda Z, g, b, M, V, eps: (Z - M) / np.sqrt(V + eps),
        ["forgets gamma and beta"],
    ),
    (
        "gamma and beta swapped",
        update,
        lambda Z, g, b, M, V, eps: b * (Z - M) / np.sqrt(V + eps) + g,
        ["swaps gamma and beta"],
    ),
    (
        "beta forgotten",
        update,
        lambda Z, g, b, M, V, eps: g * (Z - M) / np.sqrt(V + eps),
        ["forgets the shift beta"],
    ),
    ("no normalisation", update, lambda Z, g, b, M, V, eps: Z, ["returns Z unchanged"]),
]

SLIPS = [(n, c, w) for n, c, w in BACKWARD_SLIPS] + [(n, (u, i), w) for n, u, i, w in RUNNING_SLIPS]
"""The whole catalogue of the two checks, as (name, learner code, words)."""


def test_the_book_s_solutions_pass():
    passes(check_bn_backward(bn_backward_with()))
    passes(check_running_statistics(update, inference))


def test_pytorch_s_batch_norm_passes():
    torch = require_module("torch", "PyTorch (requirements-test.txt)")

    def backward_by_autograd(dZbn, Z, gamma, eps):
        z = torch.tensor(Z, requires_grad=True)
        g = torch.tensor(gamma[0], requires_grad=True)
        b = torch.zeros(Z.shape[1], dtype=torch.float64, requires_grad=True)
        out = torch.nn.functional.batch_norm(z, None, None, g, b, training=True, eps=eps)
        out.backward(torch.tensor(dZbn))
        return z.grad.numpy(), g.grad.numpy()[None, :], b.grad.numpy()[None, :]

    def update_by_torch(M, V, Z, momentum):
        layer = torch.nn.BatchNorm1d(Z.shape[1], momentum=momentum, dtype=torch.float64)
        layer.running_mean.copy_(torch.tensor(M[0]))
        layer.running_var.copy_(torch.tensor(V[0]))
        layer.train()
        layer(torch.tensor(Z))
        return layer.running_mean.numpy()[None, :], layer.running_var.numpy()[None, :]

    def inference_by_torch(Z, gamma, beta, mean, var, eps):
        layer = torch.nn.BatchNorm1d(Z.shape[1], eps=eps, dtype=torch.float64)
        with torch.no_grad():
            layer.weight.copy_(torch.tensor(gamma[0]))
            layer.bias.copy_(torch.tensor(beta[0]))
            layer.running_mean.copy_(torch.tensor(mean[0]))
            layer.running_var.copy_(torch.tensor(var[0]))
            return layer.eval()(torch.tensor(Z)).numpy()

    passes(check_bn_backward(backward_by_autograd))
    passes(check_running_statistics(update_by_torch, inference_by_torch))


def test_the_check_s_network_has_moved_its_statistics():
    """Running statistics far from the test batch's, so that batch statistics show."""
    net, X_test, batches = trained_network()
    assert net.momentum == MOMENTUM and len(batches) >= 2
    Z = X_test @ net.params["W1"] + net.params["b1"]
    for X in batches:
        net.forward(X, training=True)
    assert not np.allclose(Z.mean(0), net.running["mean1"][0], atol=0.1)


@pytest.mark.parametrize(
    ("name", "code", "words"), BACKWARD_SLIPS, ids=[s[0] for s in BACKWARD_SLIPS]
)
def test_every_backward_slip_is_named(name, code, words):
    fails(check_bn_backward(code), *words)


@pytest.mark.parametrize(
    ("name", "update_running", "bn_inference", "words"),
    RUNNING_SLIPS,
    ids=[s[0] for s in RUNNING_SLIPS],
)
def test_every_running_statistics_slip_is_named(name, update_running, bn_inference, words):
    fails(check_running_statistics(update_running, bn_inference), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_bn_backward(garbage))
    fails(check_running_statistics(garbage, inference))
    fails(check_running_statistics(update, garbage))


def test_hints():
    assert "Zhat * dgamma" in str(hint_bn_backward(3))
    assert "ddof=1" in str(hint_running_statistics(2))
