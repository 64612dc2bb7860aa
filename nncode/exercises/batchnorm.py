"""The exercises of *Batch normalisation* (``book/part5/batchnorm.md``).

- ``check_bn_backward(bn_backward)``: ``bn_backward(dZbn, Z, gamma, eps)`` returns
  ``(dZ, dgamma, dbeta)``, the gradients of J through Zbn = gamma Zhat + beta, where Zhat is Z
  normalised column by column with its batch mean and (biased) batch variance;
- ``check_running_statistics(update_running, bn_inference)``: the running statistics of a
  network trained with batch norm. ``update_running(running_mean, running_var, Z,
  momentum)`` returns the new ``(running_mean, running_var)`` after a training batch Z,
  moved the fraction ``momentum`` of the way towards the batch's mean and *unbiased*
  variance, as PyTorch does; ``bn_inference(Z, gamma, beta, running_mean, running_var,
  eps)`` normalises Z with the running statistics. The check runs both inside a trained
  ``BatchNormNN`` and compares with it;

each with its ``hint_bn_backward`` and ``hint_running_statistics``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..batchnorm import BN_EPS, BatchNormNN, batchnorm_backward, batchnorm_forward
from ..losses import one_hot
from ..optim import Momentum
from ..training import fit
from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed


def _bn_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Six samples of four receptors (one column of tiny spread, where eps matters), a
    gamma and an upstream gradient."""
    rng = np.random.default_rng(17)
    Z = rng.normal(loc=[2.0, -1.0, 0.0, 5.0], scale=[3.0, 0.5, 0.01, 1.0], size=(6, 4))
    gamma = rng.normal(1.0, 0.5, size=(1, 4))
    G = rng.normal(size=(6, 4))
    return kit.read_only(Z), kit.read_only(gamma), kit.read_only(G)


def _normalised(Z: np.ndarray, var: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """Zhat and 1/sqrt(var + eps) for a given variance: the pieces the slips change."""
    inv_std = 1.0 / np.sqrt(var + eps)
    return (Z - Z.mean(axis=0, keepdims=True)) * inv_std, inv_std


def _dZ_slips(Z: np.ndarray, gamma: np.ndarray, G: np.ndarray, eps: float) -> list[Slip]:
    n = Z.shape[0]
    var = Z.var(axis=0, keepdims=True)
    Zhat, inv_std = _normalised(Z, var, eps)
    sum_g, sum_gz = G.sum(axis=0, keepdims=True), (G * Zhat).sum(axis=0, keepdims=True)
    unbiased_hat, unbiased_inv = _normalised(Z, var * n / (n - 1), eps)
    unbiased_sum = (G * unbiased_hat).sum(axis=0, keepdims=True)
    no_eps_hat, no_eps_inv = _normalised(Z, var, 0.0)
    sq_hat, sq_inv = _normalised(Z, (var + eps) ** 2 - eps, eps)  # divided by var + eps
    right = "dZ = gamma / (n sqrt(var + eps)) (n g - sum(g) - Zhat sum(g Zhat))"
    return [
        Slip(
            gamma * inv_std * G,
            "dZ is gamma / sqrt(var + eps) times dZbn: that treats the batch mean and "
            "variance as constants, but they depend on every z of the column. Subtract the "
            f"two mean terms: {right}.",
        ),
        Slip(
            gamma * inv_std / n * (n * G - sum_g),
            "dZ misses the term through the variance, - Zhat sum(g Zhat): each z also moves the "
            f"batch variance. {right}.",
        ),
        Slip(
            gamma * inv_std / n * (n * G - Zhat * sum_gz),
            "dZ misses the term through the mean, - sum(g): each z also moves the batch mean. "
            f"{right}.",
        ),
        Slip(
            gamma * unbiased_inv / n * (n * G - sum_g - unbiased_hat * unbiased_sum),
            f"dZ uses the unbiased variance (dividing by n - 1 = {n - 1}); batch norm "
            f"normalises with the batch's own variance, the mean of the squares, divided by "
            f"n = {n}: np.var(Z, axis=0), ddof=0.",
        ),
        Slip(
            gamma * inv_std / (n - 1) * (n * G - sum_g - Zhat * sum_gz),
            f"dZ divides by n - 1 = {n - 1} in front; the mean and the variance are averages "
            f"over the n = {n} samples: {right}.",
        ),
        Slip(
            inv_std / n * (n * G - sum_g - Zhat * sum_gz),
            f"dZ forgot gamma: Zbn = gamma Zhat + beta, so every path back through Zhat is "
            f"multiplied by gamma. {right}.",
        ),
        Slip(
            gamma * no_eps_inv / n * (n * G - sum_g - no_eps_hat * (G * no_eps_hat).sum(0)),
            "dZ divides by sqrt(var) without eps; the forward pass divided by "
            "sqrt(var + eps), so the backward pass does too (it matters in a column whose "
            "variance is tiny).",
        ),
        Slip(
            gamma * sq_inv / n * (n * G - sum_g - sq_hat * (G * sq_hat).sum(0)),
            "dZ divides by var + eps, not by its square root: the standard deviation is "
            "sqrt(var + eps).",
        ),
        Slip(
            gamma * inv_std / n * (n * G - sum_g - Zhat * sum_gz) * n,
            f"dZ is n = {n} times too large: the bracket (n g - sum(g) - Zhat sum(g Zhat)) is "
            "divided by n.",
        ),
    ]


def _zhat_slips(Z: np.ndarray, G: np.ndarray) -> list[Slip]:
    """dgamma = sum(dZbn * Zhat) with Zhat normalised the wrong way."""
    n, var = Z.shape[0], Z.var(axis=0, keepdims=True)
    centred = Z - Z.mean(axis=0, keepdims=True)
    wrong = {
        f"the unbiased variance (divided by n - 1 = {n - 1}); batch norm normalises with the "
        f"batch's own variance, divided by n = {n}: np.var(Z, axis=0), ddof=0": var * n / (n - 1),
        "sqrt(var) without eps; the forward pass divides by sqrt(var + eps) (it matters in a "
        "column whose variance is tiny)": var - BN_EPS,
        "var + eps instead of its square root: the standard deviation is sqrt(var + eps)": (
            (var + BN_EPS) ** 2 - BN_EPS
        ),
    }
    return [
        Slip(
            (G * centred / np.sqrt(v + BN_EPS)).sum(axis=0, keepdims=True),
            f"dgamma = sum(dZbn * Zhat) has a wrong Zhat: Z is normalised with {why}.",
        )
        for why, v in wrong.items()
    ]


@never_raises
def check_bn_backward(bn_backward: Any) -> Feedback:
    """Check ``bn_backward(dZbn, Z, gamma, eps)`` returning ``(dZ, dgamma, dbeta)``."""
    Z, gamma, G = _bn_data()
    got = kit.run(
        bn_backward,
        "bn_backward(dZbn, Z, gamma, eps)",
        {"dZbn": G, "Z": Z, "gamma": gamma, "eps": BN_EPS},
    )
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise NotYet(
            "bn_backward must return three arrays, (dZ, dgamma, dbeta); it returned "
            + (f"{len(got)} things" if isinstance(got, (tuple, list)) else "one thing")
            + "."
        )
    dZ, dgamma, dbeta = got
    _, cache = batchnorm_forward(Z, gamma, np.zeros_like(gamma), BN_EPS)
    want_dZ, want_dgamma, want_dbeta = batchnorm_backward(G, cache)
    n = Z.shape[0]
    keep = "sum over the samples and keep a row, np.sum(..., axis=0, keepdims=True)"
    compare(
        "dbeta",
        dbeta,
        want_dbeta,
        [
            Slip(G.mean(axis=0, keepdims=True), f"dbeta averages dZbn over the samples: {keep}."),
            Slip(want_dbeta.ravel(), f"dbeta is flat; it has the shape of beta, (1, m): {keep}."),
            Slip(G.sum(), f"dbeta adds up every entry into one number: {keep}."),
        ],
        shape_hint=f"dbeta has the shape of beta: {keep}.",
    )
    compare(
        "dgamma",
        dgamma,
        want_dgamma,
        [
            Slip(
                want_dbeta,
                "dgamma is sum(dZbn), which is dbeta: gamma multiplies Zhat, so its gradient is "
                "sum(dZbn * Zhat).",
            ),
            Slip(
                (G * Z).sum(axis=0, keepdims=True),
                "dgamma multiplies dZbn by Z; gamma multiplies the *normalised* Zhat: sum(dZbn * Zhat).",
            ),
            Slip(
                want_dgamma / n,
                f"dgamma averages over the samples; like dbeta it is a sum: {keep}.",
            ),
            Slip(
                gamma * want_dgamma,
                "dgamma is multiplied by gamma; the derivative of gamma Zhat with respect to "
                "gamma is Zhat alone: sum(dZbn * Zhat).",
            ),
            Slip(
                want_dgamma.ravel(),
                f"dgamma is flat; it has the shape of gamma, (1, m): {keep}.",
            ),
            *_zhat_slips(Z, G),
        ],
        shape_hint=f"dgamma has the shape of gamma: {keep}.",
    )
    compare(
        "dZ",
        dZ,
        want_dZ,
        _dZ_slips(Z, gamma, G, BN_EPS),
        shape_hint="dZ has the shape of Z, one row per sample.",
    )
    return passed(
        "dZ, dgamma and dbeta are right: both paths through the batch mean and variance are "
        "in dZ, and the tiny column shows that eps is where it belongs."
    )


# ---------------------------------------------------------------- running statistics

MOMENTUM = 0.1
"""The fraction of the way the running statistics move towards each batch's (PyTorch's)."""


def trained_network() -> tuple[BatchNormNN, np.ndarray, list[np.ndarray]]:
    """A small BatchNormNN trained by ``fit`` for a few epochs, test inputs, and the
    training batches whose passes the running-statistics check replays."""
    rng = np.random.default_rng(31)
    X = rng.normal(loc=2.0, scale=3.0, size=(96, 5))
    labels = (X[:, 0] + X[:, 1] > 4).astype(int) + (X[:, 2] > 2).astype(int)
    net = BatchNormNN([5, 6, 4, 3], "relu", "softmax", "cross_entropy", seed=0, momentum=MOMENTUM)
    fit(net, X, one_hot(labels, 3), epochs=3, optimizer=Momentum(0.05), batch_size=16, seed=0)
    for name in net.running:  # start the replay from PyTorch's initial estimates
        net.running[name][...] = 0.0 if name.startswith("mean") else 1.0
    batches = [kit.read_only(X[i : i + 8]) for i in range(0, 40, 8)]
    X_test = kit.read_only(rng.normal(loc=1.0, scale=2.0, size=(7, 5)))
    return net, X_test, batches


def _pair(got: Any, what: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(
            f"{what} must return two arrays, (running_mean, running_var): the new estimates."
        )
    return kit.as_array(got[0], "the new running_mean"), kit.as_array(got[1], "the new running_var")


_UpdateRule = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def _rules() -> list[tuple[_UpdateRule, str]]:
    """The update slips, each as (rule(mean, var, Z) -> (mean, var), what to say)."""
    m = MOMENTUM

    def unbiased(Z: np.ndarray) -> np.ndarray:
        return np.asarray(Z.var(axis=0, keepdims=True, ddof=1))

    def mean(Z: np.ndarray) -> np.ndarray:
        return np.asarray(Z.mean(axis=0, keepdims=True))

    right = "running = (1 - momentum) running + momentum batch"
    return [
        (
            lambda M, V, Z: (m * M + (1 - m) * mean(Z), m * V + (1 - m) * unbiased(Z)),
            (
                f"the running estimates keep only momentum = {m} of their old value and take "
                f"{1 - m:g} of the batch's: the other way round. As in PyTorch, momentum is the "
                f"weight of the *new* batch: {right}."
            ),
        ),
        (
            lambda M, V, Z: (
                (1 - m) * M + m * mean(Z),
                (1 - m) * V + m * np.asarray(Z.var(axis=0, keepdims=True)),
            ),
            (
                "the running variance averages the biased batch variances (divided by n); the "
                "running estimate is meant for the whole population, so PyTorch (and nncode) use "
                "the unbiased one, divided by n - 1: np.var(Z, axis=0, ddof=1)."
            ),
        ),
        (
            lambda M, V, Z: (mean(Z), unbiased(Z)),
            (
                "the running estimates are replaced by the batch's statistics: they should move "
                f"only the fraction momentum towards them, {right}."
            ),
        ),
        (
            lambda M, V, Z: ((1 - m) * M + m * mean(Z), (1 - m) * V + m * np.sqrt(unbiased(Z))),
            (
                "the running variance averages standard deviations; it averages variances (no "
                "square root)."
            ),
        ),
        (
            lambda M, V, Z: (M + m * mean(Z), V + m * unbiased(Z)),
            (
                f"the running estimates add momentum times the batch's statistics without "
                f"shrinking the old value: {right}."
            ),
        ),
        (
            lambda M, V, Z: (
                (1 - m) * M + m * np.asarray(Z.mean(axis=1, keepdims=True)).mean(),
                (1 - m) * V + m * np.asarray(Z.var(axis=1, ddof=1)).mean(),
            ),
            (
                "the statistics are taken over the wrong axis: one mean and variance per neuron "
                "(column), over the samples of the batch, axis=0."
            ),
        ),
    ]


def _replay(
    net: BatchNormNN,
    batches: list[np.ndarray],
    update: Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
) -> dict[str, np.ndarray]:
    """The running statistics that ``update`` gives over the training passes of ``batches``,
    from a copy of the net's starting estimates; the net itself is not changed."""
    estimates = {k: v.copy() for k, v in net.running.items()}
    saved = {k: v.copy() for k, v in net.running.items()}
    for X in batches:
        coef = net.forward(X, training=True)
        for l in range(1, net.L):
            estimates[f"mean{l}"], estimates[f"var{l}"] = update(
                estimates[f"mean{l}"], estimates[f"var{l}"], coef[f"z{l}"]
            )
    for k, v in net.running.items():
        v[...] = saved[k]
    return estimates


def _check_update(update_running: Any, net: BatchNormNN, batches: list[np.ndarray]) -> None:
    def theirs(M: np.ndarray, V: np.ndarray, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        got = kit.run(
            update_running,
            "update_running(running_mean, running_var, Z, momentum)",
            {"running_mean": M, "running_var": V, "Z": Z, "momentum": MOMENTUM},
            in_place="return the new estimates as new arrays instead of changing "
            "running_mean and running_var in place",
        )
        new_M, new_V = _pair(got, "update_running")
        if new_M.shape != M.shape or new_V.shape != V.shape:
            raise NotYet(
                f"the new running_mean and running_var must keep their shape, one entry per "
                f"neuron, (1, {M.shape[1]}); they have {new_M.shape} and {new_V.shape}: "
                "np.mean(Z, axis=0, keepdims=True)."
            )
        return new_M, new_V

    for count in (1, len(batches)):
        got = _replay(net, batches[:count], theirs)
        ref = _replay(net, batches[:count], _pytorch_rule)
        slips = [(_replay(net, batches[:count], rule), says) for rule, says in _rules()]
        for key in sorted(ref):
            what = f"the running {key[:-1]} of layer {key[-1]} after {count} batch(es)"
            compare(what, got[key], ref[key], [Slip(s[key], says) for s, says in slips])


def _pytorch_rule(M: np.ndarray, V: np.ndarray, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m = MOMENTUM
    return (
        (1 - m) * M + m * Z.mean(axis=0, keepdims=True),
        (1 - m) * V + m * Z.var(axis=0, keepdims=True, ddof=1),
    )


def _check_inference(bn_inference: Any, net: BatchNormNN, X_test: np.ndarray) -> None:
    x = X_test
    for l in range(1, net.L):
        Z = x @ net.params[f"W{l}"] + net.params[f"b{l}"]
        gamma, beta = net.params[f"gamma{l}"], net.params[f"beta{l}"]
        mean, var = net.running[f"mean{l}"], net.running[f"var{l}"]
        got = kit.run(
            bn_inference,
            "bn_inference(Z, gamma, beta, running_mean, running_var, eps)",
            {
                "Z": kit.read_only(Z),
                "gamma": kit.read_only(gamma),
                "beta": kit.read_only(beta),
                "running_mean": kit.read_only(mean),
                "running_var": kit.read_only(var),
                "eps": net.eps,
            },
        )
        want = gamma * (Z - mean) / np.sqrt(var + net.eps) + beta
        batch, _ = batchnorm_forward(Z, gamma, beta, net.eps)
        n = Z.shape[0]
        compare(
            f"bn_inference in hidden layer {l}",
            got,
            want,
            [
                Slip(
                    batch,
                    "bn_inference normalises with the mean and variance of the batch it is "
                    "given. At inference a prediction must not depend on which other samples "
                    "come with it (and a single sample has no variance at all): use the "
                    "running_mean and running_var that training left.",
                ),
                Slip(
                    gamma * (Z - mean) / np.sqrt(var * n / (n - 1) + net.eps) + beta,
                    "bn_inference corrects the running variance by n/(n - 1) again; it is "
                    "already the unbiased estimate: use it as it is.",
                ),
                Slip(
                    gamma * (Z - mean) / (var + net.eps) + beta,
                    "bn_inference divides by var + eps; divide by its square root, "
                    "np.sqrt(running_var + eps).",
                ),
                Slip(
                    gamma * (Z - mean) / np.sqrt(var) + beta,
                    "bn_inference divides by sqrt(running_var) without eps; training divided "
                    "by sqrt(var + eps), so inference does too.",
                ),
                Slip(
                    (Z - mean) / np.sqrt(var + net.eps),
                    "bn_inference forgets gamma and beta: after normalising, scale by gamma "
                    "and shift by beta, as in training.",
                ),
                Slip(
                    beta * (Z - mean) / np.sqrt(var + net.eps) + gamma,
                    "bn_inference swaps gamma and beta: gamma scales, beta shifts.",
                ),
                Slip(
                    gamma * (Z - mean) / np.sqrt(var + net.eps),
                    "bn_inference forgets the shift beta.",
                ),
                Slip(
                    Z,
                    "bn_inference returns Z unchanged: a network trained with batch norm must "
                    "normalise at inference too, with the running statistics.",
                ),
            ],
            shape_hint="one row per sample, one column per neuron, like Z.",
        )
        x = net.activations[l - 1]["activation"](want)
    one = kit.run(
        bn_inference,
        "bn_inference(Z, gamma, beta, running_mean, running_var, eps)",
        {
            "Z": kit.read_only(X_test[:1] @ net.params["W1"] + net.params["b1"]),
            "gamma": kit.read_only(net.params["gamma1"]),
            "beta": kit.read_only(net.params["beta1"]),
            "running_mean": kit.read_only(net.running["mean1"]),
            "running_var": kit.read_only(net.running["var1"]),
            "eps": net.eps,
        },
    )
    Z1 = X_test @ net.params["W1"] + net.params["b1"]
    want_one = net.normalise(1, Z1, {}, training=False)[:1]
    compare(
        "bn_inference for a single sample",
        one,
        want_one,
        otherwise="a single sample gives another answer than the same sample in a batch: "
        "inference must use the running statistics only.",
    )


@never_raises
def check_running_statistics(update_running: Any, bn_inference: Any) -> Feedback:
    """Check ``update_running(running_mean, running_var, Z, momentum)`` and
    ``bn_inference(Z, gamma, beta, running_mean, running_var, eps)`` in a trained network."""
    net, X_test, batches = trained_network()
    _check_update(update_running, net, batches)
    for X in batches:  # the running statistics the network itself keeps
        net.forward(X, training=True)
    _check_inference(bn_inference, net, X_test)
    return passed(
        "the running statistics are right: each training batch moves them the fraction "
        f"momentum = {MOMENTUM} of the way (with the unbiased variance), and inference uses "
        "them, so one sample alone gets the same prediction as in a batch."
    )


hint_bn_backward = hints(
    __name__,
    "bn_backward",
    "Recompute the forward pass first: the column means and (biased) variances of Z, "
    "1/sqrt(var + eps), and Zhat. Then dbeta and dgamma are sums over the samples.",
    "dbeta = sum(dZbn), dgamma = sum(dZbn * Zhat), both with axis=0, keepdims=True. dZ "
    "has three paths: straight through Zhat, through the mean and through the variance.",
    "dZ = gamma / (n * np.sqrt(var + eps)) * (n * dZbn - dbeta - Zhat * dgamma).",
)


hint_running_statistics = hints(
    __name__,
    "running_statistics",
    "Training keeps an estimate of each neuron's mean and variance; each batch moves it "
    "a little (the fraction momentum) towards that batch's. Inference normalises with "
    "these estimates instead of the batch's own.",
    "new = (1 - momentum) * old + momentum * batch, with the batch's mean and its "
    "unbiased variance np.var(Z, axis=0, ddof=1, keepdims=True).",
    "bn_inference: gamma * (Z - running_mean) / np.sqrt(running_var + eps) + beta.",
)
