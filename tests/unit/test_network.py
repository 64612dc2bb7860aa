"""The learner-facing NN: its API as taught, gradients by finite differences, training."""

from __future__ import annotations

import numpy as np
import pytest
from booktest import randomize

from nncode import ACTIVATIONS, LOSSES, NN
from nncode.gradcheck import gradient_check

ACTS = sorted(k for k, act in ACTIVATIONS.items() if act.get("elementwise", True))


def test_params_have_the_taught_names_shapes_and_distribution():
    net = NN([2, 3, 2, 1], ACTIVATIONS["relu"], ACTIVATIONS["identity"], LOSSES["mse"], seed=0)
    assert list(net.params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [net.params[f"W{l}"].shape for l in (1, 2, 3)] == [(2, 3), (3, 2), (2, 1)]
    assert [net.params[f"b{l}"].shape for l in (1, 2, 3)] == [(1, 3), (1, 2), (1, 1)]
    assert all(not net.params[f"b{l}"].any() for l in (1, 2, 3))
    big = NN([200, 300, 1], "relu", "identity", "mse", seed=1).params["W1"]
    assert abs(big.mean()) < 1e-5 and big.std() == pytest.approx(0.001, rel=0.01)


def test_seed_makes_weights_reproducible_and_uses_default_rng():
    a = NN([2, 3, 1], "relu", "identity", "mse", seed=7).params
    b = NN([2, 3, 1], "relu", "identity", "mse", seed=7).params
    c = NN([2, 3, 1], "relu", "identity", "mse", seed=8).params
    np.testing.assert_array_equal(a["W1"], b["W1"])
    for params, seed in ((a, 7), (c, 8)):  # each seed gives its own default_rng draw
        rng = np.random.default_rng(seed)
        np.testing.assert_array_equal(params["W1"], rng.normal(0, 0.001, size=(2, 3)))


def test_forward_pass_matches_the_scalar_equations(rng):
    """z_ik = sum_j w_jk x_ij + b_k, written as loops, against the matrix code."""
    net = NN([2, 3, 2, 1], "relu", "identity", "mse", seed=0)
    randomize(net, rng)
    X = rng.normal(size=(4, 2))
    coef = net.forward_pass(X, training=True)
    assert list(coef) == ["x0", "z1", "x1", "z2", "x2", "z3", "x3"]
    x = X
    for l, act in zip((1, 2, 3), (max, max, None)):
        W, b = net.params[f"W{l}"], net.params[f"b{l}"]
        z = np.array(
            [
                [
                    sum(W[j, k] * x[i, j] for j in range(W.shape[0])) + b[0, k]
                    for k in range(W.shape[1])
                ]
                for i in range(x.shape[0])
            ]
        )
        np.testing.assert_allclose(coef[f"z{l}"], z, rtol=1e-13)
        x = np.vectorize(lambda v: max(0.0, v))(z) if act else z
        np.testing.assert_allclose(coef[f"x{l}"], x, rtol=1e-13)
    np.testing.assert_array_equal(net.forward_pass(X), coef["x3"])


@pytest.mark.parametrize("hidden", ACTS)
@pytest.mark.parametrize("output", ACTS)
def test_backprop_matches_finite_differences_mse(hidden, output, rng):
    net = NN([3, 4, 2], hidden, output, "mse", seed=0)
    randomize(net, rng)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    errors = gradient_check(net, X, Y)
    assert max(errors.values()) < 1e-6, errors


@pytest.mark.parametrize("hidden", ACTS)
def test_backprop_matches_finite_differences_bce(hidden, rng):
    # bce needs probabilities, so the output is a sigmoid: once the registry's (stable, fused
    # dJ/dz) and once a plain dict without a name (the generic chain-rule path)
    plain_sigmoid = {k: ACTIVATIONS["sigmoid"][k] for k in ("activation", "derivative")}
    for output in ("sigmoid", plain_sigmoid):
        net = NN([3, 4, 2], hidden, output, "bce", seed=0)
        randomize(net, rng, scale=0.7)
        X = rng.normal(size=(6, 3))
        Y = (rng.random((6, 2)) > 0.5).astype(float)
        errors = gradient_check(net, X, Y)
        assert max(errors.values()) < 1e-6, (output, errors)


@pytest.mark.parametrize("dims", [[2, 1], [2, 3, 2, 1], [3, 5, 4, 4, 3, 2], [1, 2, 2, 2, 2, 2, 1]])
def test_deeper_networks_match_finite_differences(dims, rng):
    hidden = ["tanh", "leaky_relu", "sigmoid", "relu", "tanh"][: len(dims) - 2]
    net = NN(dims, hidden, "identity", "mse", seed=0)
    randomize(net, rng, scale=0.8)
    X, Y = rng.normal(size=(5, dims[0])), rng.normal(size=(5, dims[-1]))
    errors = gradient_check(net, X, Y)
    assert max(errors.values()) < 1e-6, errors


def test_backward_pass_returns_the_taught_keys_and_shapes(rng):
    net = NN([2, 3, 2, 1], "relu", "identity", "mse", seed=0)
    randomize(net, rng)
    X, Y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    grads = net.backward_pass(X, Y, net.forward_pass(X, training=True))
    assert set(grads) == {f"{k}{l}" for k in ("dZ", "dW", "db") for l in (1, 2, 3)}
    for l in (1, 2, 3):
        assert grads[f"dW{l}"].shape == net.params[f"W{l}"].shape
        assert grads[f"db{l}"].shape == net.params[f"b{l}"].shape
        assert grads[f"dZ{l}"].shape == (4, net.layers_dims[l])


def test_output_delta_of_the_worked_example_formula(rng):
    """dJ/dw(3)_{2,1} = (x(3) - y) * 1 * x(2)_2 for one sample (the chain-rule chapter)."""
    net = NN([2, 3, 2, 1], "relu", "identity", "mse", seed=0)
    randomize(net, rng)
    X, Y = rng.normal(size=(1, 2)), np.array([[3.0]])
    coef = net.forward_pass(X, training=True)
    grads = net.backward_pass(X, Y, coef)
    want = (coef["x3"][0, 0] - Y[0, 0]) * 1.0 * coef["x2"][0, 1]
    assert grads["dW3"][1, 0] == pytest.approx(want, rel=1e-13)


def test_training_fits_a_linear_target_and_prints_every_100(capsys):
    rng = np.random.default_rng(5)
    X = rng.uniform(-1, 1, size=(40, 2))
    Y = X @ np.array([[2.0], [-1.0]]) + 0.5
    net = NN([2, 1], "identity", "identity", "mse", seed=0)
    losses = net.train(X, Y, 1000, learning_rate=0.3)
    assert len(losses) == 1000
    assert losses[-1] < 1e-6 * losses[0]
    np.testing.assert_allclose(net.params["W1"], [[2.0], [-1.0]], atol=1e-3)
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 10 and "iteration" in printed[0]
    assert net.train(X, Y, 50, verbose=False) and capsys.readouterr().out == ""


def test_zero_iterations_is_allowed_and_changes_nothing():
    net = NN([2, 3, 1], "relu", "identity", "mse", seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    assert net.train(np.ones((2, 2)), np.ones((2, 1)), 0) == []
    for k, value in before.items():
        np.testing.assert_array_equal(value, net.params[k])


def test_a_learner_written_dict_works_like_the_registry_one(rng):
    mine = {"activation": lambda z: np.maximum(z, 0), "derivative": lambda z: (z > 0) * 1.0}
    loss = {
        "loss": lambda a, Y: np.sum((a - Y) ** 2) / (2 * len(Y)),
        "derivative": lambda a, Y: (a - Y) / len(Y),
    }
    a = NN([2, 3, 1], mine, {"activation": lambda z: z, "derivative": np.ones_like}, loss, seed=3)
    b = NN([2, 3, 1], "relu", "identity", "mse", seed=3)
    X, Y = rng.normal(size=(8, 2)), rng.normal(size=(8, 1))
    np.testing.assert_allclose(a.train(X, Y, 20, verbose=False), b.train(X, Y, 20, verbose=False))
