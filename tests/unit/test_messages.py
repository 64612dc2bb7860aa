"""The exact words a learner reads, and small results checked by hand.

Each message is matched whole (``^...$``), so that a check that names the wrong argument,
or says the wrong shape, fails here; mutation testing (`make mutation`) showed which
messages no test read.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from nncode import ACTIVATIONS, NN, classic
from nncode.data import walkthrough_data
from nncode.gradcheck import numerical_gradient, numerical_gradient_of
from nncode.losses import LOSSES, cross_entropy_delta_from_z, cross_entropy_from_z
from nncode.training import accuracy


def raises(err, message, call):
    with pytest.raises(err) as caught:
        call()
    assert str(caught.value) == message, str(caught.value)


def test_the_classic_network_names_every_argument():
    m = classic.ClassicMLP(4, 3, rng=0)
    X4, y1 = np.ones((3, 4)), np.ones((3, 1))
    raises(
        ValueError,
        "X has 2 columns but the network expects 4 (input neurons); got shape (3, 2)",
        lambda: m.step(np.ones((3, 2)), y1, 0.1),
    )
    raises(
        ValueError,
        "X has 2 columns but the network expects 4 (input neurons); got shape (3, 2)",
        lambda: m.train(np.ones((3, 2)), y1, 1),
    )
    raises(
        ValueError,
        "X has 5 columns but the network expects 4 (input neurons); got shape (1, 5)",
        lambda: m.predict(np.ones((1, 5))),
    )
    raises(
        ValueError,
        "y has 2 columns but the network expects 1 (outputs); got shape (3, 2)",
        lambda: m.step(X4, np.ones((3, 2)), 0.1),
    )
    raises(
        ValueError,
        "y has 2 columns but the network expects 1 (outputs); got shape (3, 2)",
        lambda: m.train(X4, np.ones((3, 2)), 1),
    )
    raises(
        ValueError,
        "y has 2 rows but X has 3: one row per sample in both",
        lambda: m.train(X4, np.ones((2, 1)), 1),
    )
    raises(ValueError, "lr must be a finite number > 0; got 0", lambda: m.step(X4, y1, 0))
    raises(ValueError, "lr must be a finite number > 0; got -1", lambda: m.train(X4, y1, 1, lr=-1))
    raises(ValueError, "epochs must be >= 0; got -2", lambda: m.train(X4, y1, -2))
    for i, name in enumerate(("n_inputs", "n_hidden", "n_outputs")):
        sizes = [4, 3, 1]
        sizes[i] = 0
        raises(
            ValueError, f"{name} must be at least 1; got 0", lambda s=sizes: classic.ClassicMLP(*s)
        )
        raises(
            ValueError,
            f"{name} must be at least 1; got 0",
            lambda s=sizes: classic.walkthrough_weights(0, *s),
        )
    assert m.train(X4, y1, 0) == []  # zero epochs: nothing happens


def test_the_walk_through_names_every_array():
    X, y = walkthrough_data()
    w_ih, w_ho = classic.walkthrough_weights(42)
    cases = [
        (
            (np.ones(3), w_ho, X, y),
            "w_ih must be a 2-D array of shape (n_inputs, n_hidden); got 1-D shape (3,)",
        ),
        (
            (w_ih, np.ones(3), X, y),
            "w_ho must be a 2-D array of shape (n_hidden, n_outputs); got 1-D shape (3,)",
        ),
        (
            (w_ih, w_ho, np.ones(4), y),
            "X must be a 2-D array of shape (n_inputs, n_samples), one sample per column; got 1-D shape (4,)",
        ),
        (
            (w_ih, w_ho, X, np.ones(3)),
            "y must be a 2-D array of shape (n_outputs, n_samples), one sample per column; got 1-D shape (3,)",
        ),
        (
            (w_ih, np.ones((2, 1)), X, y),
            (
                "w_ho has shape (2, 1), but w_ih (4, 3), w_ho (2, 1) and X (4, 3) need (3, 1): samples are "
                "columns here (X is n_inputs x n)"
            ),
        ),
        (
            (w_ih, w_ho, X.T, y),
            (
                "X has shape (3, 4), but w_ih (4, 3), w_ho (3, 1) and X (3, 4) need (4, 4): samples are "
                "columns here (X is n_inputs x n)"
            ),
        ),
        (
            (w_ih, w_ho, X, y.T),
            (
                "y has shape (3, 1), but w_ih (4, 3), w_ho (3, 1) and X (4, 3) need (1, 3): samples are "
                "columns here (X is n_inputs x n)"
            ),
        ),
    ]
    for args, message in cases:
        for f in (
            classic.walkthrough_forward,
            classic.walkthrough_gradients,
            classic.walkthrough_train,
        ):
            raises(ValueError, message, lambda f=f, args=args: f(*args))
    raises(
        ValueError,
        "lr must be a finite number > 0; got 0",
        lambda: classic.walkthrough_train(w_ih, w_ho, X, y, lr=0),
    )
    raises(
        ValueError,
        "epochs must be >= 0; got -1",
        lambda: classic.walkthrough_train(w_ih, w_ho, X, y, epochs=-1),
    )


def test_walkthrough_train_defaults_and_returns():
    X, y = walkthrough_data()
    w_ih, w_ho = classic.walkthrough_weights(42)
    _, _, losses = classic.walkthrough_train(w_ih, w_ho, X, y)
    assert len(losses) == 1000  # the default: 1000 epochs at lr = 0.1, as the source trains
    _, _, short = classic.walkthrough_train(w_ih, w_ho, X, y, lr=0.1, epochs=1000)
    assert losses == short
    g = classic.walkthrough_gradients(w_ih, w_ho, X, y)
    one_ih, one_ho, one = classic.walkthrough_train(w_ih, w_ho, X, y, lr=0.5, epochs=1)
    np.testing.assert_array_equal(one_ih, w_ih - 0.5 * g["error_wrt_w_ih"])
    np.testing.assert_array_equal(one_ho, w_ho - 0.5 * g["error_wrt_w_ho"])
    assert one == [float(np.mean(g["error"]))]


def test_network_repr_names_its_parts():
    assert repr(NN([2, 3, 1], "relu", "identity", "mse")) == (
        "NN(layers_dims=[2, 3, 1], activations=['relu', 'identity'], loss='mse')"
    )
    mine = {"activation": np.tanh, "derivative": lambda z: 1 - np.tanh(z) ** 2}
    loss = {"loss": LOSSES["mse"]["loss"], "derivative": LOSSES["mse"]["derivative"]}
    assert repr(NN([2, 2], "tanh", mine, loss)) == (
        "NN(layers_dims=[2, 2], activations=['custom'], loss='custom')"
    )


def test_the_network_names_its_layers_in_messages():
    net = NN([2, 3, 1], "relu", "identity", "mse")
    raises(
        ValueError,
        "X has 3 columns but the network expects 2 (neurons in layer 0); got shape (4, 3)",
        lambda: net.forward_pass(np.ones((4, 3))),
    )
    raises(
        ValueError,
        "Y has 2 columns but the network expects 1 (neurons in the output layer 2); "
        "got shape (4, 2)",
        lambda: net.compute_loss(np.ones((4, 2)), np.ones((4, 2))),
    )
    raises(
        ValueError,
        "softmax has no elementwise derivative (each output depends on the whole row "
        "of z); use it as the output activation together with the 'cross_entropy' loss, whose "
        "dJ/dZ = (P - Y)/n the network uses directly",
        lambda: ACTIVATIONS["softmax"]["derivative"](np.zeros((1, 2))),
    )


def test_cross_entropy_delta_from_z_by_hand_and_by_differences():
    z = np.array([[0.0, np.log(3.0)], [2.0, 2.0]])  # softmax rows (1/4, 3/4) and (1/2, 1/2)
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_allclose(
        cross_entropy_delta_from_z(z, Y), [[0.125, -0.125], [-0.25, 0.25]], rtol=1e-14
    )
    assert cross_entropy_from_z(z, Y) == pytest.approx(-(np.log(0.75) + np.log(0.5)) / 2)
    numeric = numerical_gradient_of(lambda a: cross_entropy_from_z(a, Y), z)
    np.testing.assert_allclose(cross_entropy_delta_from_z(z, Y), numeric, atol=1e-9)
    raises(
        ValueError,
        "z and Y must have the same shape (n_samples, n_outputs); got z (2, 2) and Y (2, 1)",
        lambda: cross_entropy_delta_from_z(z, Y[:, :1]),
    )


def test_bce_on_outputs_that_are_not_probabilities_says_so():
    message = (
        "bce expects predicted probabilities in [0, 1], such as a sigmoid output; got "
        "values from -0.5 to 1.5"
    )
    a, Y = np.array([[1.5], [-0.5]]), np.array([[1.0], [0.0]])
    raises(ValueError, message, lambda: LOSSES["bce"]["loss"](a, Y))
    raises(ValueError, message, lambda: LOSSES["bce"]["derivative"](a, Y))


def test_accuracy_by_hand():
    net = NN([2, 3], "identity", "identity", "mse")
    net.params["W1"][...] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]  # output = (x1, x2, 0)
    X = np.array([[2.0, 1.0], [0.0, 3.0], [-1.0, -2.0], [5.0, 4.0]])  # argmax 0, 1, 2, 0
    assert accuracy(net, X, [0, 1, 2, 0]) == 1.0
    assert accuracy(net, X, np.array([0, 1, 1, 1])) == 0.5
    assert accuracy(net, X, [2, 2, 2, 2]) == 0.25
    raises(
        ValueError,
        "labels must hold one class label per row of X, shape (4,); got shape (4, 3): "
        "labels is one-hot, use np.argmax(labels, axis=1)",
        lambda: accuracy(net, X, np.eye(3)[[0, 1, 2, 0]]),
    )
    raises(
        ValueError,
        "labels must hold one class label per row of X, shape (4,); got shape (3,)",
        lambda: accuracy(net, X, [0, 1, 2]),
    )


def test_numerical_gradient_of_leaves_x_alone_and_takes_lists():
    x = np.array([1.0, -2.0])
    grad = numerical_gradient_of(lambda a: float(a[0] ** 2 * a[1]), x)
    np.testing.assert_allclose(grad, [2 * 1.0 * -2.0, 1.0], rtol=1e-8)  # (2 x0 x1, x0^2)
    np.testing.assert_array_equal(x, [1.0, -2.0])
    np.testing.assert_allclose(numerical_gradient_of(np.sum, [[1, 2]]), [[1.0, 1.0]], rtol=1e-9)
    # eps is the step: with 0.5, the central difference of x^3 at 0 is 0.25 (not 0)
    assert numerical_gradient_of(lambda a: float(a[0] ** 3), [0.0], eps=0.5)[0] == pytest.approx(
        0.25
    )
    assert numerical_gradient(lambda: 0.0, np.zeros(2, dtype=np.float32)).dtype == np.float64
    raises(
        ValueError,
        "eps must be a finite number > 0; got 0",
        lambda: numerical_gradient(lambda: 0.0, np.ones(1), 0),
    )


def test_messages_use_the_words_of_the_text():
    """Spot checks that the messages keep the book's notation."""
    with pytest.raises(ValueError, match=re.escape("one row per neuron of layer 0 (2)")):
        net = NN([2, 3, 1], "relu", "identity", "mse")
        net.params["W1"] = np.ones((3, 3))
        net.forward_pass(np.ones((1, 2)))


def test_classic_defaults_are_the_tutorial_s():
    """rng=0 draws what np.random.seed(0) draws; train's learning rate is 0.1."""
    np.testing.assert_array_equal(
        classic.ClassicMLP(4, 3).wh, np.random.RandomState(0).uniform(size=(4, 3))
    )
    X, y = np.ones((2, 4)), np.zeros((2, 1))
    a, b = classic.ClassicMLP(4, 3, rng=1), classic.ClassicMLP(4, 3, rng=1)
    assert a.train(X, y, 3) == b.train(X, y, 3, lr=0.1)
    np.testing.assert_array_equal(a.wh, b.wh)


def test_the_walk_through_uses_the_tutorial_s_names():
    X, y = walkthrough_data()
    w_ih, w_ho = classic.walkthrough_weights(42)
    forward = classic.walkthrough_forward(w_ih, w_ho, X, y)
    assert list(forward) == [
        "hiddenLayer_input", "hiddenLayer_activations", "outputLayer_input", "output", "error"
    ]  # fmt: skip
    np.testing.assert_array_equal(forward["hiddenLayer_input"], w_ih.T @ X)
    np.testing.assert_array_equal(
        forward["outputLayer_input"], w_ho.T @ forward["hiddenLayer_activations"]
    )
    pieces = classic.walkthrough_gradients(w_ih, w_ho, X, y)
    assert list(pieces) == [
        "error",
        "error_wrt_output",
        "output_wrt_outputLayer_input",
        "outputLayer_input_wrt_hiddenLayer_activations",
        "hiddenLayer_activations_wrt_hiddenLayer_input",
        "hiddenLayer_input_wrt_w_ih",
        "error_wrt_w_ho",
        "error_wrt_w_ih",
    ]
    np.testing.assert_array_equal(pieces["outputLayer_input_wrt_hiddenLayer_activations"], w_ho)
    np.testing.assert_array_equal(pieces["hiddenLayer_input_wrt_w_ih"], X)
