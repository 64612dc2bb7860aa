"""The blobs exercise's check (Part IV): right answers pass, each typical mistake is named."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_blobs

from nncode import classic
from nncode.exercises import Feedback
from nncode.exercises.classic import check_blobs


@pytest.fixture(scope="module")
def blobs():
    X, labels = make_blobs(n_samples=200, centers=2, cluster_std=1.5, random_state=3)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, labels.reshape(-1, 1).astype(float)


@pytest.fixture(scope="module")
def trained(blobs):
    X, y = blobs
    net = classic.ClassicMLP(2, 10, 1, rng=0)
    net.train(X, y, 2000, lr=0.1)
    return net.predict(X)


def test_a_trained_network_passes(blobs, trained):
    X, y = blobs
    fb = check_blobs(X, y, trained)
    assert isinstance(fb, Feedback) and fb.ok, fb.message
    # the accuracy it reports is the share of points on the right side of 0.5
    accuracy = np.mean((trained > 0.5) == (y > 0.5))
    assert f"{accuracy:.1%}" in fb.message


def test_an_untrained_network_fails(blobs):
    X, y = blobs
    out = classic.ClassicMLP(2, 10, 1, rng=0).predict(X)
    fb = check_blobs(X, y, out)
    assert not fb.ok and "same class" in fb.message  # uniform [0,1) weights: all near 1


def test_chance_level_output_fails_on_accuracy(blobs):
    X, y = blobs
    out = np.random.default_rng(0).uniform(size=y.shape)
    fb = check_blobs(X, y, out)
    assert not fb.ok and "right side of 0.5" in fb.message


def test_flat_targets_are_named(blobs, trained):
    X, y = blobs
    fb = check_blobs(X, y.ravel(), trained)
    assert not fb.ok and "reshape(-1, 1)" in fb.message


def test_three_centres_are_named(blobs, trained):
    X, y = blobs
    y3 = y.copy()
    y3[:5] = 2
    fb = check_blobs(X, y3, trained)
    assert not fb.ok and "centers=2" in fb.message


def test_raw_coordinates_are_named(trained):
    X, labels = make_blobs(n_samples=200, centers=2, cluster_std=1.5, random_state=3)
    fb = check_blobs(X, labels.reshape(-1, 1), trained)
    assert not fb.ok and "not normalised" in fb.message


def test_output_of_the_wrong_shape_is_named(blobs, trained):
    X, y = blobs
    fb = check_blobs(X, y, trained.ravel())
    assert not fb.ok and "output has shape" in fb.message


def test_output_outside_the_unit_interval_is_named(blobs, trained):
    X, y = blobs
    fb = check_blobs(X, y, trained * 2 - 0.5)
    assert not fb.ok and "outside [0, 1]" in fb.message


def test_not_an_answer_raises():
    with pytest.raises(TypeError, match="X must be an array of numbers"):
        check_blobs("points", np.zeros((2, 1)), np.zeros((2, 1)))
