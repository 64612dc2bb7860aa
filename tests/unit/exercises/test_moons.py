"""The check of the blobs exercise (Part IV): its slip catalogue, proved."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode import classic
from nncode.exercises.moons import check_blobs, hint_blobs


def blobs():
    X, labels = make_blobs(n_samples=200, centers=2, cluster_std=1.5, random_state=3)
    return (X - X.mean(axis=0)) / X.std(axis=0), labels.reshape(-1, 1).astype(float)


X, y = blobs()
RAW = make_blobs(n_samples=200, centers=2, cluster_std=1.5, random_state=3)[0]


def trained_output():
    net = classic.ClassicMLP(2, 10, 1, rng=0)
    net.train(X, y, 2000, lr=0.1)
    return net.predict(X)


OUT = trained_output()
THREE = y.copy()
THREE[:5] = 2

SLIPS = [
    # (name, the learner's (X, y, output), words the message must contain)
    ("targets flat", (X, y.ravel(), OUT), ["y is 1-D", "reshape(-1, 1)"]),
    ("three centres", (X, THREE, OUT), ["centers=2"]),
    ("a single class", (X, np.zeros_like(y), OUT), ["single class"]),
    ("raw coordinates", (RAW, y, OUT), ["not normalised", "X.std(axis=0)"]),
    ("X transposed", (X.T, y, OUT), ["X should have shape (n_samples, 2)", "(2, 200)"]),
    ("output flat", (X, y, OUT.ravel()), ["output has shape (200,)"]),
    ("output outside [0, 1]", (X, y, OUT * 2 - 0.5), ["outside [0, 1]"]),
    (
        "an untrained network",
        (X, y, classic.ClassicMLP(2, 10, 1, rng=0).predict(X)),
        ["same class"],
    ),
    ("chance level", (X, y, np.random.default_rng(0).uniform(size=y.shape)), ["right side of 0.5"]),
    ("a diverged network", (X, y, np.full_like(y, np.nan)), ["NaN", "diverge"]),
    (
        "targets and predictions swapped",
        (X, OUT, y),
        ["swapped", "check_blobs(X, y, net.predict(X))"],
    ),
]


def test_a_trained_network_passes_with_the_accuracy_counted_by_hand():
    before = [a.copy() for a in (X, y, OUT)]
    feedback = check_blobs(X, y, OUT)
    passes(feedback)
    assert all(np.array_equal(a, b) for a, b in zip(before, (X, y, OUT))), "arguments changed"
    right = sum(int((o > 0.5) == (t > 0.5)) for o, t in zip(OUT.ravel(), y.ravel()))
    assert f"{right / len(y):.1%}" in feedback.message


@pytest.mark.parametrize(("name", "args", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, args, words):
    fails(check_blobs(*args), *words)


@pytest.mark.parametrize("position", [0, 1, 2])
@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(position, garbage):
    args = [X, y, OUT]
    args[position] = garbage
    fails(check_blobs(*args))


def test_hints():
    assert "normalise" in str(hint_blobs()).lower() and "reshape" in str(hint_blobs(2))
