"""The checks of inverted dropout and early stopping (Part V): their slip catalogues, proved.

Independent answers: dropout written with ``rng.binomial`` (another way of drawing the
mask, which the check must accept since it reads the mask from the output), its backward
pass by PyTorch's autograd through that mask, and the stopping rule of ``nncode``'s own
``fit`` run on a real network with a patience.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode import NN
from nncode.exercises.regularisation import (
    KEEP_PROB,
    SCRIPTS,
    check_dropout,
    check_early_stopping,
    hint_dropout,
    hint_early_stopping,
)
from nncode.training import fit


def forward_with(
    keep=lambda rng, x, p: rng.random(x.shape) < p,
    scale=lambda p: 1 / p,
    at_inference=lambda x, p: x,
):
    """The book's dropout_forward with at most one slip: each keyword is one of the catalogue."""

    def dropout_forward(x, keep_prob, rng, training):
        if not training:
            return at_inference(x, keep_prob), None
        mask = keep(rng, x, keep_prob) * scale(keep_prob)
        return x * mask, mask

    return dropout_forward


def backward(d_out, mask):
    return d_out * mask


def forward_bool(x, keep_prob, rng, training):
    """Keeps the boolean mask; the scale goes into out only."""
    if not training:
        return x, None
    keep = rng.random(x.shape) < keep_prob
    return x * keep / keep_prob, keep


def new_mask_backward(d_out, mask):
    return d_out * (np.random.default_rng(123).random(d_out.shape) < KEEP_PROB) / KEEP_PROB


def forward_global(x, keep_prob, rng, training):
    if not training:
        return x, None
    mask = (np.random.rand(*x.shape) < keep_prob) / keep_prob
    return x * mask, mask


def forward_own_seed(x, keep_prob, rng, training):
    return forward_with()(x, keep_prob, np.random.default_rng(0), training)


def forward_in_place(x, keep_prob, rng, training):
    mask = (rng.random(x.shape) < keep_prob) / keep_prob
    x *= mask
    return x, mask


DROPOUT_SLIPS = [
    # (name, forward, backward, words the message must contain)
    ("not divided by keep_prob", forward_with(scale=lambda p: 1), backward, ["not divided"]),
    ("multiplied by keep_prob", forward_with(scale=lambda p: p), backward, ["multiplied by keep"]),
    (
        "dropped with probability keep_prob",
        forward_with(keep=lambda rng, x, p: rng.random(x.shape) > p),
        backward,
        ["drops a neuron with probability keep_prob", "< keep_prob"],
    ),
    (
        "one mask for every sample",
        forward_with(keep=lambda rng, x, p: rng.random((1, x.shape[1])) < p),
        backward,
        ["same neurons are dropped for every sample", "rng.random(x.shape)"],
    ),
    (
        "one mask entry per sample",
        forward_with(keep=lambda rng, x, p: rng.random((x.shape[0], 1)) < p),
        backward,
        ["all its neurons or none"],
    ),
    (
        "dropout at inference",
        forward_with(at_inference=lambda x, p: x * (np.random.default_rng(0).random(x.shape) < p)),
        backward,
        ["training only", "out = x"],
    ),
    (
        "scaled at inference",
        forward_with(at_inference=lambda x, p: x * p),
        backward,
        ["multiplies x by keep_prob", "out = x"],
    ),
    (
        "divided at inference",
        forward_with(at_inference=lambda x, p: x / p),
        backward,
        ["divides x by keep_prob"],
    ),
    (
        "nothing dropped",
        forward_with(keep=lambda rng, x, p: np.ones(x.shape)),
        backward,
        ["keeps 100.0%"],
    ),
    (
        "x unchanged",
        forward_with(keep=lambda rng, x, p: np.ones(x.shape), scale=lambda p: 1),
        backward,
        ["x unchanged in a training pass"],
    ),
    (
        "everything dropped",
        forward_with(keep=lambda rng, x, p: np.zeros(x.shape)),
        backward,
        ["every"],
    ),
    ("a new mask in backward", forward_with(), new_mask_backward, ["draws a new mask"]),
    ("mask not applied", forward_with(), lambda d_out, mask: d_out, ["returns d_out unchanged"]),
    ("1/keep_prob missing in backward", forward_bool, backward, ["not by 1/keep_prob"]),
    ("scale only", forward_with(), lambda d_out, mask: d_out / KEEP_PROB, ["drops nothing"]),
    ("scale twice", forward_bool, lambda d, m: d * m / KEEP_PROB**2, ["scale 1/keep_prob twice"]),
    ("NumPy's global generator", forward_global, backward, ["np.random.rand", "rng.random"]),
    ("its own seed", forward_own_seed, backward, ["ignores its rng"]),
    ("x changed in place", forward_in_place, backward, ["changed its argument x in place"]),
    ("out only", lambda x, p, rng, training: x, backward, ["two things, (out, mask)"]),
    (
        "transposed mask",
        forward_with(keep=lambda rng, x, p: (rng.random(x.shape[::-1]) < p).T),
        lambda d_out, mask: d_out * mask.T,
        ["shape"],
    ),
]


def loop(
    stop=lambda epoch, best_epoch, patience: epoch - best_epoch >= patience,
    copy=True,
    restore=True,
    copy_before=False,
):
    """The book's early_stopping with at most one slip: each keyword is one of the catalogue."""

    def early_stopping(net, train_epoch, val_loss, max_epochs, patience):
        best, best_epoch, best_params = np.inf, 0, None
        for epoch in range(max_epochs):
            before = {k: v.copy() for k, v in net.params.items()}
            train_epoch()
            loss = val_loss()
            if loss < best:
                best, best_epoch = loss, epoch
                if copy_before:
                    best_params = before
                elif copy:
                    best_params = {k: v.copy() for k, v in net.params.items()}
                else:
                    best_params = net.params
            elif stop(epoch, best_epoch, patience):
                break
        if restore:
            for k, v in best_params.items():
                net.params[k][...] = v
        return best_epoch

    return early_stopping


def rebinds(net, train_epoch, val_loss, max_epochs, patience):
    best, best_epoch, best_params = np.inf, 0, None
    for epoch in range(max_epochs):
        train_epoch()
        loss = val_loss()
        if loss < best:
            best, best_epoch, best_params = (
                loss,
                epoch,
                {k: v.copy() for k, v in net.params.items()},
            )
        elif epoch - best_epoch >= patience:
            break
    net.params = best_params


EARLY_SLIPS = [
    # (name, learner code, words the message must contain)
    ("the last weights kept", loop(restore=False), ["weights of the last epoch", "*copy*"]),
    ("a reference, not a copy", loop(copy=False), ["last epoch run", "same arrays"]),
    (
        "the weights of the epoch before",
        loop(copy_before=True),
        ["epoch *before* the best"],
    ),
    (
        "patience off by one, early",
        loop(stop=lambda e, b, p: e - b >= p - 1),
        ["one epoch early", "epoch - best_epoch >= patience"],
    ),
    (
        "patience off by one, late",
        loop(stop=lambda e, b, p: e - b > p),
        ["one epoch late", ">=, not >"],
    ),
    ("no patience", loop(stop=lambda e, b, p: True), ["first epoch that did not improve"]),
    ("never stops", loop(stop=lambda e, b, p: False), ["never stopped early"]),
    ("nothing done", lambda net, t, v, m, p: None, ["training should stop after 8 epochs"]),
    (
        "too many epochs",
        lambda net, t, v, m, p: [t() for _ in range(m + 1)],
        ["more than max_epochs = 12"],
    ),
]


def test_the_book_s_dropout_passes():
    passes(check_dropout(forward_with(), backward))
    passes(check_dropout(forward_bool, lambda d_out, keep: d_out * keep / KEEP_PROB))


def test_an_independent_dropout_passes():
    torch = require_module("torch", "PyTorch (requirements-test.txt)")

    def forward_binomial(x, keep_prob, rng, training):
        if not training:
            return x, None
        mask = rng.binomial(1, keep_prob, size=x.shape) / keep_prob
        return x * mask, mask

    def backward_by_autograd(d_out, mask):
        t = torch.ones(d_out.shape, dtype=torch.float64, requires_grad=True)
        (t * torch.tensor(mask)).backward(torch.tensor(d_out))
        return t.grad.numpy()

    passes(check_dropout(forward_binomial, backward_by_autograd))


@pytest.mark.parametrize(
    ("name", "forward", "backward_fn", "words"), DROPOUT_SLIPS, ids=[s[0] for s in DROPOUT_SLIPS]
)
def test_every_dropout_slip_is_named(name, forward, backward_fn, words):
    fails(check_dropout(forward, backward_fn), *words)


def test_the_book_s_early_stopping_passes():
    passes(check_early_stopping(loop()))
    passes(check_early_stopping(rebinds))


def test_the_scripts_agree_with_fit():
    """nncode's fit, on a network whose validation losses follow a script, stops where the
    book's loop (which the check accepts) stops, and keeps the same epoch's weights."""

    for losses, patience in SCRIPTS:
        net = NN([1, 1], "identity", "identity", "mse")
        net.params["W1"][...] = 0.0
        script = iter(losses)
        real_loss = net.loss

        def scripted(coef, Y, real_loss=real_loss, script=script):
            return next(script) if coef["x0"].shape[0] == 2 else real_loss(coef, Y)

        net.loss = scripted

        class Count:
            def step(self, params, grads):
                params["W1"] += 1.0

        X, Y = np.ones((3, 1)), np.ones((3, 1))
        history = fit(
            net,
            X,
            Y,
            epochs=len(losses),
            optimizer=Count(),
            X_val=np.ones((2, 1)),
            Y_val=np.ones((2, 1)),
            patience=patience,
        )
        counted = loop()
        fake = type("Net", (), {})()
        fake.params = {"W1": np.zeros((1, 1))}
        trained = [0]

        def train_epoch(fake=fake, trained=trained):
            trained[0] += 1
            fake.params["W1"] += 1

        counted(
            fake,
            train_epoch,
            lambda trained=trained, losses=losses: losses[trained[0] - 1],
            len(losses),
            patience,
        )
        assert history["epochs_run"] == trained[0]
        assert net.params["W1"][0, 0] == fake.params["W1"][0, 0] == history["best_epoch"] + 1


@pytest.mark.parametrize(("name", "code", "words"), EARLY_SLIPS, ids=[s[0] for s in EARLY_SLIPS])
def test_every_early_stopping_slip_is_named(name, code, words):
    fails(check_early_stopping(code), *words)


SLIPS = [(n, (f, b), w) for n, f, b, w in DROPOUT_SLIPS] + EARLY_SLIPS
"""The whole catalogue of the two checks, as (name, learner code, words)."""


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_dropout(garbage, backward))
    fails(check_dropout(forward_with(), garbage))
    fails(check_early_stopping(garbage))


def test_hints():
    assert "/ keep_prob" in str(hint_dropout(3)) and "copy()" in str(hint_early_stopping(2))
