"""Every kind of bad input gets an error that names the argument and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from nncode import ACTIVATIONS, NN, TrainingDivergedError, classic


def net(dims=(2, 3, 1)):
    return NN(list(dims), "relu", "identity", "mse", seed=0)


GOOD_X = np.ones((4, 2))
GOOD_Y = np.ones((4, 1))


@pytest.mark.parametrize(
    "dims, err, message",
    [
        ([3], ValueError, r"layers_dims needs at least two entries"),
        ([], ValueError, r"layers_dims needs at least two entries"),
        ([2, 0, 1], ValueError, r"layers_dims\[1\] must be at least 1 neuron; got 0"),
        ([2, -3, 1], ValueError, r"layers_dims\[1\] must be at least 1 neuron; got -3"),
        ([2, 2.5, 1], TypeError, r"layers_dims\[1\] must be a whole number of neurons; got 2.5"),
        ([2, True, 1], TypeError, r"layers_dims\[1\] must be a whole number"),
        ("231", TypeError, r"layers_dims must be a list of layer widths"),
        (3, TypeError, r"layers_dims must be a list of layer widths"),
    ],
)
def test_layer_sizes(dims, err, message):
    with pytest.raises(err, match=message):
        NN(dims, "relu", "identity", "mse")


def test_numpy_integer_widths_are_fine():
    assert NN(np.array([2, 3, 1]), "relu", "identity", "mse").layers_dims == [2, 3, 1]


@pytest.mark.parametrize(
    "kwargs, err, message",
    [
        (
            {"activation_hidden": {"activation": np.tanh}},
            ValueError,
            r"activation_hidden is missing the key\(s\) \['derivative'\]",
        ),
        (
            {"activation_hidden": [ACTIVATIONS["relu"]]},
            ValueError,
            r"activation_hidden is a list of 1 activations, but layers_dims=\[2, 3, 4, 1\] has 2",
        ),
        ({"activation_hidden": 42}, TypeError, r"activation_hidden must be a dict with keys"),
        (
            {"activation_hidden": "rleu"},
            ValueError,
            r"activation_hidden: unknown activation 'rleu'",
        ),
        (
            {"activation_hidden": [ACTIVATIONS["relu"], {"activation": 1, "derivative": 2}]},
            TypeError,
            r"activation_hidden\[1\]\['activation'\] must be a function",
        ),
        ({"activation_output": ["identity"]}, TypeError, r"activation_output must be a dict"),
        (
            {"loss_function": {"loss": lambda a, y: 0}},
            ValueError,
            r"loss_function is missing the key\(s\) \['derivative'\]",
        ),
        ({"loss_function": "mae"}, ValueError, r"loss_function: unknown loss 'mae'"),
        ({"loss_function": None}, TypeError, r"loss_function must be a dict"),
        ({"seed": -1}, TypeError, r"seed must be None or a whole number >= 0"),
    ],
)
def test_activation_and_loss_dicts(kwargs, err, message):
    args = {"activation_hidden": "relu", "activation_output": "identity", "loss_function": "mse"}
    args.update(kwargs)
    with pytest.raises(err, match=message):
        NN([2, 3, 4, 1], **args)


@pytest.mark.parametrize(
    "X, err, message",
    [
        (
            np.ones(2),
            ValueError,
            r"X must be a 2-D array of shape \(n_samples, 2\).*got 1-D shape \(2,\)",
        ),
        (np.ones((2, 2, 2)), ValueError, r"X must be a 2-D array.*got 3-D"),
        (np.ones((4, 3)), ValueError, r"X has 3 columns but the network expects 2"),
        (np.ones((0, 2)), ValueError, r"X is empty"),
        (
            np.array([[1.0, np.nan]]),
            ValueError,
            r"X contains NaN or infinite values \(first at row 0, column 1\)",
        ),
        (np.array([[1.0, np.inf]]), ValueError, r"X contains NaN or infinite"),
        ([["a", "b"]], TypeError, r"X must hold numbers; got an array of dtype <U1"),
        (np.array([[1, None]], dtype=object), TypeError, r"X must hold numbers"),
        (np.array([[1j, 2]]), TypeError, r"X must hold real numbers"),
    ],
)
def test_bad_X_in_forward_pass(X, err, message):
    with pytest.raises(err, match=message):
        net().forward_pass(X)


@pytest.mark.parametrize(
    "Y, err, message",
    [
        (
            np.ones(4),
            ValueError,
            r"Y must be a 2-D array of shape \(n_samples, 1\).*Y.reshape\(-1, 1\)",
        ),
        (
            np.ones((4, 2)),
            ValueError,
            r"Y has 2 columns but the network expects 1 \(neurons in the output layer 2\)",
        ),
        (np.ones((3, 1)), ValueError, r"Y has 3 rows but X has 4"),
        (np.full((4, 1), np.nan), ValueError, r"Y contains NaN"),
    ],
)
@pytest.mark.parametrize("method", ["train", "backward_pass", "compute_loss"])
def test_bad_Y(Y, err, message, method):
    n = net()
    with pytest.raises(err, match=message):
        if method == "train":
            n.train(GOOD_X, Y, 1)
        elif method == "backward_pass":
            n.backward_pass(GOOD_X, Y, n.forward_pass(GOOD_X, training=True))
        else:
            n.compute_loss(GOOD_X, Y)


def test_backward_pass_needs_the_training_dict():
    n = net()
    with pytest.raises(
        TypeError, match=r"coef must be the dict returned by forward_pass\(X, training=True\)"
    ):
        n.backward_pass(GOOD_X, GOOD_Y, n.forward_pass(GOOD_X))
    with pytest.raises(ValueError, match=r"coef is missing \['z2', 'x2'\]"):
        coef = n.forward_pass(GOOD_X, training=True)
        n.backward_pass(GOOD_X, GOOD_Y, {k: coef[k] for k in ("x0", "z1", "x1")})
    with pytest.raises(ValueError, match=r"coef was computed for an X of shape \(3, 2\)"):
        n.backward_pass(GOOD_X, GOOD_Y, n.forward_pass(np.ones((3, 2)), training=True))


@pytest.mark.parametrize(
    "lr, err, message",
    [
        (0, ValueError, r"learning_rate must be a finite number > 0; got 0"),
        (-0.1, ValueError, r"learning_rate must be a finite number > 0; got -0.1"),
        (float("nan"), ValueError, r"learning_rate must be a finite number > 0; got nan"),
        (float("inf"), ValueError, r"learning_rate must be a finite number > 0"),
        ("0.1", TypeError, r"learning_rate must be a positive number; got '0.1'"),
    ],
)
def test_learning_rate(lr, err, message):
    with pytest.raises(err, match=message):
        net().train(GOOD_X, GOOD_Y, 1, learning_rate=lr)


@pytest.mark.parametrize(
    "n_it, err, message",
    [
        (-1, ValueError, r"n_it must be >= 0; got -1"),
        (10.5, TypeError, r"n_it must be a whole number >= 0; got 10.5"),
        (100.0, TypeError, r"n_it must be a whole number"),
        (None, TypeError, r"n_it must be a whole number"),
    ],
)
def test_iteration_count(n_it, err, message):
    with pytest.raises(err, match=message):
        net().train(GOOD_X, GOOD_Y, n_it)


def test_divergence_is_signalled_not_returned(capsys):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2)) * 10
    Y = rng.normal(size=(20, 1)) * 100
    n = NN([2, 8, 1], "relu", "identity", "mse", seed=0)
    with pytest.raises(
        TrainingDivergedError, match=r"training diverged: try a smaller learning rate"
    ):
        n.train(X, Y, 500, learning_rate=5.0, verbose=False)


def test_classic_network_checks_its_input_too():
    m = classic.ClassicMLP(4, 3, rng=0)
    with pytest.raises(ValueError, match=r"X has 2 columns but the network expects 4"):
        m.predict(np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"y has 2 rows but X has 3"):
        m.step(np.ones((3, 4)), np.ones((2, 1)), 0.1)
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0"):
        m.train(np.ones((3, 4)), np.ones((3, 1)), 10, lr=-1)
    with pytest.raises(ValueError, match=r"n_hidden must be at least 1; got 0"):
        classic.ClassicMLP(4, 0)
