"""Optimisers and initialisers: documented defaults, hand-computed steps, named arguments."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nncode import NN
from nncode.init import init_params, initialize
from nncode.optim import SGD, Adam, Momentum


def test_defaults_are_the_documented_ones():
    # Adam's defaults are those of Kingma and Ba (2015), and PyTorch's
    adam = Adam()
    assert (adam.lr, adam.beta1, adam.beta2, adam.eps) == (0.001, 0.9, 0.999, 1e-8)
    assert SGD().lr == 0.01
    assert (Momentum().lr, Momentum().mu) == (0.01, 0.9)


def test_one_step_of_each_by_hand():
    g = {"dW1": np.array([[2.0, -4.0]])}
    w = {"W1": np.array([[1.0, 1.0]])}
    SGD(0.5).step(w, g)
    np.testing.assert_array_equal(w["W1"], [[0.0, 3.0]])  # 1 - 0.5 * 2, 1 + 0.5 * 4
    w, opt = {"W1": np.array([[1.0, 1.0]])}, Momentum(0.5, mu=0.5)
    opt.step(w, g)  # v = g
    opt.step(w, g)  # v = 0.5 g + g = 1.5 g
    np.testing.assert_array_equal(w["W1"], [[1.0 - 0.5 * 2 - 0.75 * 2, 1.0 + 0.5 * 4 + 0.75 * 4]])
    # Adam's first step is lr * sign(g) (up to eps): m/(1 - b1) = g, s/(1 - b2) = g^2
    w, opt = {"W1": np.array([[1.0, 1.0]])}, Adam(0.1, eps=1e-12)
    opt.step(w, g)
    np.testing.assert_allclose(w["W1"], [[0.9, 1.1]], rtol=1e-12)
    assert opt.t == 1
    # the second step: m = 0.9 * 0.1 g + 0.1 g, bias-corrected by 1 - 0.81
    opt.step(w, g)
    m = (0.9 * 0.1 * 2 + 0.1 * 2) / (1 - 0.9**2)
    s = (0.999 * 0.001 * 4 + 0.001 * 4) / (1 - 0.999**2)
    assert w["W1"][0, 0] == pytest.approx(0.9 - 0.1 * m / (math.sqrt(s) + 1e-12), rel=1e-12)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: SGD(0), r"^learning_rate must be a finite number > 0; got 0$"),
        (lambda: Momentum(-1.0), r"^learning_rate must be a finite number > 0"),
        (lambda: Momentum(0.1, mu=1.5), r"^mu must be a number in \[0, 1\); got 1.5$"),
        (lambda: Adam(0.0), r"^learning_rate must be a finite number > 0"),
        (lambda: Adam(beta1=-0.1), r"^beta1 must be a number in \[0, 1\); got -0.1$"),
        (lambda: Adam(beta2=1), r"^beta2 must be a number in \[0, 1\); got 1$"),
        (lambda: Adam(eps=0.0), r"^eps must be a finite number > 0; got 0.0$"),
    ],
)
def test_each_setting_is_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("make", [SGD, Momentum, Adam])
def test_a_text_is_not_a_learning_rate(make):
    with pytest.raises(TypeError, match=r"^learning_rate must be a positive number; got '0.1'$"):
        make("0.1")


def test_init_params_defaults_to_he_and_draws_from_the_seed():
    np.testing.assert_array_equal(
        init_params([5, 4], seed=2)["W1"], init_params([5, 4], "he", 2)["W1"]
    )
    rng = np.random.default_rng(2)  # W1, then W2, each N(0, 2 / n_in)
    params = init_params([5, 4, 3], "he", seed=2)
    np.testing.assert_array_equal(params["W1"], rng.normal(0.0, math.sqrt(2 / 5), size=(5, 4)))
    np.testing.assert_array_equal(params["W2"], rng.normal(0.0, math.sqrt(2 / 4), size=(4, 3)))
    assert list(params) == ["W1", "b1", "W2", "b2"]
    np.testing.assert_array_equal(params["b2"], np.zeros((1, 3)))
    xavier = init_params([30, 70], "xavier", seed=0)["W1"]
    np.testing.assert_array_equal(
        xavier, np.random.default_rng(0).normal(0.0, math.sqrt(2 / 100), size=(30, 70))
    )
    normal = init_params([3, 2], "normal", seed=1)["W1"]
    np.testing.assert_array_equal(normal, np.random.default_rng(1).normal(0.0, 0.001, (3, 2)))


def test_initialize_fills_the_network_s_own_arrays():
    net = NN([4, 3, 2], "relu", "identity", "mse", seed=0)
    W1 = net.params["W1"]
    assert initialize(net, "xavier", seed=7) is net
    assert net.params["W1"] is W1  # the same array, filled in place
    for k, v in init_params([4, 3, 2], "xavier", seed=7).items():
        np.testing.assert_array_equal(net.params[k], v)
    initialize(net, seed=7)  # he by default
    np.testing.assert_array_equal(net.params["W2"], init_params([4, 3, 2], "he", 7)["W2"])
    del net.params["b1"]
    with pytest.raises(ValueError, match=r"params is missing 'b1'"):
        initialize(net)
    for bad in ("net", object()):
        with pytest.raises(
            TypeError, match=r"^net must be a network such as NN\(.*got (str|object)$"
        ):
            initialize(bad)
    with pytest.raises(ValueError, match=r"^scheme: unknown initialiser 'glorot'; known are"):
        init_params([2, 2], "glorot")
