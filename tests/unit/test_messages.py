"""The exact words a learner reads, and small results checked by hand.

Each message is matched whole (``^...$``), so that a check that names the wrong argument,
or says the wrong shape, fails here; mutation testing (`make mutation`) showed which
messages no test read.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from nncode import ACTIVATIONS, NN, TrainingDivergedError, classic
from nncode.batchnorm import BatchNormNN, batchnorm_backward, batchnorm_forward
from nncode.data import walkthrough_data
from nncode.gradcheck import (
    gradient_check,
    numerical_gradient,
    numerical_gradient_of,
    relative_error,
)
from nncode.init import initialize
from nncode.losses import LOSSES, cross_entropy_delta_from_z, cross_entropy_from_z, one_hot
from nncode.optim import SGD
from nncode.training import (
    accuracy,
    fit,
    l2_penalty,
    layer_gradient_norms,
    loss_and_gradients,
    minibatches,
)


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
    # softmax rows (1/4, 3/4), (1/2, 1/2) and (1/2, 1/2): n = 3 samples, 2 classes
    z = np.array([[0.0, np.log(3.0)], [2.0, 2.0], [0.0, 0.0]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(
        cross_entropy_delta_from_z(z, Y),
        np.array([[0.25, -0.25], [-0.5, 0.5], [0.5, -0.5]]) / 3,
        rtol=1e-14,
    )
    want = -(np.log(0.75) + np.log(0.5) + np.log(0.5)) / 3
    assert cross_entropy_from_z(z, Y) == pytest.approx(want, rel=1e-14)
    numeric = numerical_gradient_of(lambda a: cross_entropy_from_z(a, Y), z)
    np.testing.assert_allclose(cross_entropy_delta_from_z(z, Y), numeric, atol=1e-9)
    raises(
        ValueError,
        "z and Y must have the same shape (n_samples, n_outputs); got z (3, 2) and Y (3, 1)",
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


def plain_net(dims=(2, 3, 1), hidden="relu"):
    return NN(list(dims), hidden, "identity", "mse", seed=0)


def test_divergence_messages_in_full():
    ones = np.ones((1, 1))
    # the data overflow the loss itself: 1e300 * 0.001 is finite, its square is not
    net = NN([1, 1], "identity", "identity", "mse", seed=0)
    net.params["W1"][...] = 1e-3
    with pytest.raises(TrainingDivergedError) as caught:
        net.train(np.full((1, 1), 1e300), ones, 3, verbose=False)
    assert str(caught.value) == (
        "the loss is inf at iteration 0, before any update: the loss itself overflowed on finite "
        "outputs. The data are too large (largest |X| = 1e+300, largest |Y| = 1) or the starting "
        "weights are: scale the data first (standardise each column of X, for example); a "
        "smaller learning rate cannot help"
    )
    # z1 = inf already; then inf - inf = nan in z2 (no NumPy warning escapes the loop)
    wide = NN([2, 2, 1], "relu", "identity", "mse", seed=0)
    wide.params["W1"][...] = 1.0
    wide.params["W2"][...] = [[1.0], [-1.0]]
    with pytest.raises(
        TrainingDivergedError, match=r"before any update: the forward pass overflowed in z1\. "
    ):
        wide.train(np.full((1, 2), 1e308), ones, 1, verbose=False)
    # finite at iteration 0, one update, then inf at iteration 1: the learning rate's fault
    step = NN([1, 1], "identity", "identity", "mse", seed=0)
    step.params["W1"][...] = 1e-3
    with pytest.raises(TrainingDivergedError) as caught:
        step.train(np.full((1, 1), 1e100), np.zeros((1, 1)), 3, learning_rate=1.0, verbose=False)
    assert str(caught.value) == (
        "the loss became inf at iteration 1 (learning rate 1.0): the updates made the weights "
        "grow until they overflowed, so training diverged: try a smaller learning rate"
    )
    # the last update itself overflows: the weights are checked after the loop
    last = NN([1, 1], "identity", "identity", "mse", seed=0)
    last.params["W1"][...] = 1e-3
    with pytest.raises(TrainingDivergedError) as caught:
        last.train(np.full((1, 1), 1e150), np.zeros((1, 1)), 1, learning_rate=1e20, verbose=False)
    assert str(caught.value) == (
        "W1 stopped being finite after the last update (learning_rate=1e+20); training "
        "diverged: try a smaller learning rate"
    )


def test_backward_pass_names_what_coef_lacks():
    net = plain_net()
    X, Y = np.ones((4, 2)), np.ones((4, 1))
    coef = net.forward_pass(X, training=True)
    raises(
        TypeError,
        "coef must be the dict returned by forward_pass(X, training=True); got ndarray",
        lambda: net.backward_pass(X, Y, coef["x2"]),
    )
    partial = {k: v for k, v in coef.items() if k not in ("z1", "x1")}
    raises(
        ValueError,
        "coef is missing ['z1', 'x1']; pass the dict from forward_pass(X, training=True)",
        lambda: net.backward_pass(X, Y, partial),
    )
    raises(
        ValueError,
        "coef['x1'] has shape (4, 2), but layer 1 of this network gives (4, 3): pass the "
        "dict from this network's forward_pass(X, training=True)",
        lambda: net.backward_pass(X, Y, {**coef, "x1": np.ones((4, 2))}),
    )


def test_train_and_fit_defaults():
    X, Y = np.random.default_rng(0).normal(size=(6, 2)), np.ones((6, 1))
    a, b = plain_net(), plain_net()
    assert a.train(X, Y, 3, verbose=False) == b.train(X, Y, 3, learning_rate=0.01, verbose=False)
    c, d = plain_net(), plain_net()
    np.testing.assert_allclose(  # SGD(0.01), full batch
        fit(c, X, Y, 2)["train_loss"],
        fit(d, X, Y, 2, optimizer=SGD(0.01))["train_loss"],
        rtol=1e-12,
    )
    np.testing.assert_allclose(c.params["W1"], d.params["W1"], rtol=1e-12)
    history = fit(plain_net(), X, Y, 2)
    assert set(history) == {"train_loss", "val_loss", "best_epoch", "epochs_run"}
    assert (
        history["best_epoch"] is None and history["val_loss"] == [] and history["epochs_run"] == 2
    )


@pytest.mark.parametrize(
    "kwargs, err, message",
    [
        ({"epochs": -1}, ValueError, "epochs must be >= 0; got -1"),
        ({"batch_size": 0}, ValueError, "batch_size must be at least 1; got 0"),
        ({"batch_size": 2.0}, TypeError, "batch_size must be a whole number >= 1; got 2.0 (use int(2.0))"),
        ({"keep_prob": 0}, ValueError, "keep_prob must be a number in (0, 1]; got 0"),
        ({"l2": -1}, ValueError, "l2 must be a finite number >= 0; got -1"),
        ({"patience": 2}, ValueError, "patience (early stopping) needs validation data X_val and Y_val"),
        ({"patience": -1, "X_val": np.ones((2, 2)), "Y_val": np.ones((2, 1))}, ValueError,
         "patience must be >= 0; got -1"),
        ({"seed": -3}, TypeError, "seed must be None or a whole number >= 0; got -3"),
    ],
)  # fmt: skip
def test_fit_names_each_setting(kwargs, err, message):
    args = {"epochs": 1, **kwargs}
    raises(err, message, lambda: fit(plain_net(), np.ones((4, 2)), np.ones((4, 1)), **args))


def test_read_only_weights_are_not_trained_or_initialised():
    net = plain_net()
    net.params["W2"].flags.writeable = False
    message = (
        "params['W2'] is read-only, so training cannot update it; train a copy: "
        "net.params = {k: v.copy() for k, v in net.params.items()}"
    )
    raises(ValueError, message, lambda: fit(net, np.ones((4, 2)), np.ones((4, 1)), 1))
    raises(ValueError, message, lambda: initialize(net))


def test_minibatches_need_at_least_one_sample_and_one_per_batch():
    assert [b.tolist() for b in minibatches(1, 1, np.random.default_rng(0))] == [[0]]
    raises(
        ValueError,
        "n must be at least 1; got 0",
        lambda: list(minibatches(0, 1, np.random.default_rng(0))),
    )
    raises(
        ValueError,
        "batch_size must be at least 1; got 0",
        lambda: list(minibatches(3, 0, np.random.default_rng(0))),
    )


def test_layer_gradient_norms_of_a_network_with_batch_norm_use_a_training_pass():
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    net = BatchNormNN([3, 4, 2], "tanh", "identity", "mse", seed=0)
    twin = BatchNormNN([3, 4, 2], "tanh", "identity", "mse", seed=0)
    grads = twin.backward(twin.forward(X, training=True), Y)
    want = [float(np.linalg.norm(grads[f"dW{l}"])) for l in (1, 2)]
    assert layer_gradient_norms(net, X, Y) == want


def test_bce_targets_are_checked_at_both_ends():
    z = np.zeros((1, 1))
    for bad, shown in ((2.0, "2 to 2"), (1.5, "1.5 to 1.5"), (-1.0, "-1 to -1")):
        raises(
            ValueError,
            f"bce needs targets Y in [0, 1] (0 or 1 for two classes); got values from "
            f"{shown}: outside [0, 1] the loss has no minimum and goes negative. For other targets "
            "use the 'mse' loss",
            lambda bad=bad: LOSSES["bce"]["loss_from_z"](z, np.full((1, 1), bad)),
        )
    raises(
        ValueError,
        "z and Y must have the same shape (n_samples, n_outputs); got z (1, 1) and Y (1, 2)",
        lambda: LOSSES["bce"]["loss_from_z"](z, np.zeros((1, 2))),
    )
    assert LOSSES["bce"]["loss_from_z"](z, np.ones((1, 1))) == pytest.approx(np.log(2))


def test_cross_entropy_of_a_zero_probability_is_large_but_finite():
    """log 0 is clipped at log 1e-12 = -27.63..."""
    a, Y = np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])
    assert LOSSES["cross_entropy"]["loss"](a, Y) == pytest.approx(-np.log(1e-12))
    np.testing.assert_allclose(LOSSES["cross_entropy"]["derivative"](a, Y), [[-1e12, 0.0]])


def test_leaky_relu_at_the_kink_and_in_float32():
    d = ACTIVATIONS["leaky_relu"]["derivative"](np.array([-1.0, 0.0, 1.0], dtype=np.float32))
    assert d.dtype == np.float32 and d.tolist() == [pytest.approx(0.01), pytest.approx(0.01), 1.0]


def test_relative_error_in_float64_whatever_it_is_given():
    assert relative_error([True], [False]) == 1.0  # booleans have no subtraction of their own
    assert relative_error([False], [True]) == 1.0
    big = np.array([2**62])  # int64: a - b would overflow
    assert relative_error(big, -big) == 1.0
    raises(
        ValueError,
        "b is a ragged list: its rows have different lengths [1, 2]; every row needs "
        "the same number of entries",
        lambda: relative_error([[1.0], [2.0]], [[1.0], [2.0, 3.0]]),
    )


def test_gradient_check_uses_the_step_it_is_given():
    rng = np.random.default_rng(1)
    net = NN([2, 3, 1], "tanh", "identity", "mse", seed=0)
    for p in net.params.values():
        p[...] = rng.normal(size=p.shape)
    X, Y = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    assert max(gradient_check(net, X, Y).values()) < 1e-7
    assert max(gradient_check(net, X, Y, eps=0.3).values()) > 1e-4  # a coarse step shows


def test_numerical_gradient_names_what_param_is():
    raises(
        TypeError,
        "param must be a float NumPy array that f reads (it is moved in place); got list",
        lambda: numerical_gradient(lambda: 0.0, [1.0]),
    )


def test_cross_entropy_on_outputs_that_are_not_probabilities_says_so():
    message = (
        "cross_entropy expects predicted probabilities in [0, 1], such as a softmax output; got "
        "values from -0.5 to 1.5"
    )
    a, Y = np.array([[1.5, -0.5]]), np.array([[1.0, 0.0]])
    raises(ValueError, message, lambda: LOSSES["cross_entropy"]["loss"](a, Y))
    raises(ValueError, message, lambda: LOSSES["cross_entropy"]["derivative"](a, Y))


def test_batchnorm_forward_and_backward_name_their_arguments():
    Z, one, zero = np.arange(6.0).reshape(3, 2), np.ones((1, 2)), np.zeros((1, 2))
    raises(
        ValueError,
        "eps must be a finite number > 0; got 0",
        lambda: batchnorm_forward(Z, one, zero, eps=0),
    )
    raises(
        ValueError,
        "beta must have shape (1, 2); got (2,)",
        lambda: batchnorm_forward(Z, one, np.zeros(2)),
    )
    raises(
        ValueError,
        "Z must be a 2-D batch of shape (n, m) with n >= 2 samples; got shape (1, 2)",
        lambda: batchnorm_forward(Z[:1], one, zero),
    )
    f32 = np.float32
    out, cache = batchnorm_forward(Z.astype(f32), one.astype(f32), zero.astype(f32))
    assert out.dtype == np.float32  # float32 stays float32
    out, cache = batchnorm_forward(Z.astype(int), one, zero)  # integers become float64
    assert out.dtype == np.float64
    np.testing.assert_allclose(
        out, [[-1.224744871, -1.224744871], [0, 0], [1.224744871, 1.224744871]], rtol=1e-5
    )  # (z - mean) / std, by hand: std = sqrt(8/3)
    np.testing.assert_array_equal(cache["mu"], [[2.0, 3.0]])  # one row: the column means
    np.testing.assert_allclose(cache["var"], [[8 / 3, 8 / 3]])
    minimal = {k: cache[k] for k in ("Zhat", "inv_std", "gamma")}  # all that backward reads
    dZ, _, _ = batchnorm_backward(np.ones((3, 2)), minimal)
    np.testing.assert_allclose(dZ, 0.0, atol=1e-15)  # a shift of every z changes nothing
    raises(
        TypeError,
        "cache must be the dict that batchnorm_forward returned with Zbn",
        lambda: batchnorm_backward(np.ones((3, 2)), {"Zhat": 1}),
    )
    raises(
        ValueError,
        "dZbn must have the shape of Z, (3, 2); got (2, 3)",
        lambda: batchnorm_backward(np.ones((2, 3)), cache),
    )
    raises(
        ValueError,
        "dZbn is a ragged list: its rows have different lengths [2, 1]; every row needs "
        "the same number of entries",
        lambda: batchnorm_backward([[1.0, 2.0], [3.0]], cache),
    )


def test_batch_norm_network_arguments_and_batches():
    a = BatchNormNN([3, 4, 2], "tanh", "identity", "mse", seed=3)
    np.testing.assert_array_equal(
        a.params["W1"], NN([3, 4, 2], "tanh", "identity", "mse", seed=3).params["W1"]
    )
    X = np.random.default_rng(0).normal(size=(2, 3))
    coef = a.forward(X, training=True)  # two samples are enough for a mean and a variance
    assert "bn1" in coef
    raises(
        ValueError,
        "a training pass of a network with batch norm needs a batch of at least 2 "
        "samples (a mean and variance over them); got 1: choose a batch_size that leaves no "
        "batch of a single sample",
        lambda: a.forward(np.ones((1, 3)), training=True),
    )
    plain = a.forward(X, training=True, keep_prob=1.0, rng=np.random.default_rng(0))
    assert not any(k.startswith("m") for k in plain)  # keep_prob = 1: no dropout, no mask
    raises(
        ValueError,
        "keep_prob must be a number in (0, 1]; got 0",
        lambda: a.forward(X, training=True, keep_prob=0, rng=np.random.default_rng(0)),
    )
    raises(
        ValueError,
        "dropout (keep_prob < 1) needs rng, a generator such as np.random.default_rng(0)",
        lambda: a.forward(X, training=True, keep_prob=0.5),
    )


def test_forward_pass_of_a_batch_norm_network_in_training_uses_the_batch():
    net = BatchNormNN([3, 4, 2], "tanh", "identity", "mse", seed=0)
    X = np.random.default_rng(1).normal(loc=5.0, size=(6, 3))
    coef = net.forward_pass(X, training=True)
    assert "bn1" in coef  # the batch's statistics, cached for backward_pass
    np.testing.assert_allclose(coef["zbn1"].mean(axis=0), 0.0, atol=1e-12)  # gamma 1, beta 0


class Scripted:
    """An 'optimiser' that sets the one weight to the next value of a script at each step."""

    def __init__(self, *values):
        self.values = list(values)

    def step(self, params, grads):
        params["W1"][...] = self.values.pop(0) if self.values else params["W1"]


def one_weight_net():
    net = NN([1, 1], "identity", "identity", "mse", seed=0)
    net.params["W1"][...] = 1.0
    return net


def test_early_stopping_counts_from_the_best_epoch_and_keeps_the_first_best():
    """J = w^2 / 2 on the point (1, 0): the script makes the losses 5, 3, 4, 4, 4, ..."""
    X, Y = np.ones((1, 1)), np.zeros((1, 1))
    w = [np.sqrt(10.0), np.sqrt(6.0)] + [np.sqrt(8.0)] * 10
    net = one_weight_net()
    h = fit(net, X, Y, 12, optimizer=Scripted(*w), X_val=X, Y_val=Y, patience=2)
    assert h["val_loss"] == pytest.approx([5.0, 3.0, 4.0, 4.0])  # stops 2 epochs after the best
    assert (h["best_epoch"], h["epochs_run"]) == (1, 4)
    assert net.params["W1"][0, 0] == pytest.approx(np.sqrt(6.0))  # the best weights are back
    # equal losses do not count as an improvement: the first of them stays the best
    flat = fit(
        one_weight_net(), X, Y, 12, optimizer=Scripted(*[2.0] * 12), X_val=X, Y_val=Y, patience=2
    )
    assert (flat["best_epoch"], flat["epochs_run"]) == (0, 3)
    # without patience, validation is only recorded: the last weights stay
    last = one_weight_net()
    fit(last, X, Y, 4, optimizer=Scripted(*w), X_val=X, Y_val=Y)
    assert last.params["W1"][0, 0] == pytest.approx(np.sqrt(8.0))


def test_divergence_in_fit_names_the_epoch_and_the_optimiser_s_rate():
    class Explodes:  # no lr attribute
        def step(self, params, grads):
            params["W1"] *= 1e200

    X, Y = np.ones((1, 1)), np.zeros((1, 1))
    with pytest.raises(TrainingDivergedError) as caught:
        fit(one_weight_net(), X, Y, 5, optimizer=Explodes())
    assert re.match(
        r"the loss became (inf|nan) in epoch 1 \(learning rate of the optimizer\): the updates made",
        str(caught.value),
    )


def test_loss_and_gradients_defaults_add_nothing():
    net = plain_net()
    X, Y = np.random.default_rng(2).normal(size=(5, 2)), np.ones((5, 1))
    loss, grads = loss_and_gradients(net, X, Y)  # l2 = 0, keep_prob = 1
    coef = net.forward(X, training=True)
    assert loss == net.loss(coef, Y)
    for k, g in net.backward(coef, Y).items():
        np.testing.assert_array_equal(grads[k], g)
    raises(
        ValueError, "l2 must be a finite number >= 0; got -1", lambda: l2_penalty(net.params, -1)
    )


def test_cross_entropy_targets_message_in_full():
    raises(
        ValueError,
        "cross_entropy needs each row of Y to be a probability distribution over the "
        "classes (entries >= 0 summing to 1, such as a one-hot row); row 1 sums to 2 (min 1). "
        "From integer labels use one_hot(labels, K)",
        lambda: cross_entropy_from_z(np.zeros((2, 2)), np.array([[1.0, 0.0], [1.0, 1.0]])),
    )


@pytest.mark.parametrize(
    "args, err, message",
    [
        (([2, 3, 4, 1], ["relu"], "identity", "mse"), ValueError,
         ("activation_hidden is a list of 1 activations, but layers_dims=[2, 3, 4, 1] has 2 hidden "
         "layer(s): give one per hidden layer, or a single dict for all of them")),
        (([2, 3, 1], "rleu", "identity", "mse"), ValueError,
         ("activation_hidden: unknown activation 'rleu'; known names are ['identity', 'leaky_relu', "
         "'relu', 'sigmoid', 'softmax', 'tanh']")),
        (([2, 3, 1], ["relu"], "idenity", "mse"), ValueError,
         ("activation_output: unknown activation 'idenity'; known names are ['identity', "
         "'leaky_relu', 'relu', 'sigmoid', 'softmax', 'tanh']")),
        (([2, 3, 4, 1], ["relu", "tnah"], "identity", "mse"), ValueError,
         ("activation_hidden[1]: unknown activation 'tnah'; known names are ['identity', "
         "'leaky_relu', 'relu', 'sigmoid', 'softmax', 'tanh']")),
        (([2, 3, 1], {"activation": np.tanh}, "identity", "mse"), ValueError,
         ("activation_hidden is missing the key(s) ['derivative']; an activation dict needs "
         "['activation', 'derivative'], it has ['activation']")),
        (([2, 3, 1], "relu", "identity", {"loss": np.sum}), ValueError,
         ("loss_function is missing the key(s) ['derivative']; a loss dict needs ['loss', "
         "'derivative'], it has ['loss']")),
        (([2, 3, 1], "relu", "identity", "mae"), ValueError,
         ("loss_function: unknown loss 'mae'; known names are ['bce', 'cross_entropy', 'mse']")),
        (([2, 3, 1], "relu", 7, "mse"), TypeError,
         ("activation_output must be a dict with keys ['activation', 'derivative'] (or a name from "
         "['identity', 'leaky_relu', 'relu', 'sigmoid', 'softmax', 'tanh']); got int")),
        (([2, 3, 1], "relu", "identity", 7), TypeError,
         ("loss_function must be a dict with keys ['loss', 'derivative'] (or a name from ['bce', "
         "'cross_entropy', 'mse']); got int")),
        (([2, 3, 3], "softmax", "softmax", "cross_entropy"), ValueError,
         ("activation_hidden: softmax is not elementwise (each output depends on the whole row of "
         "receptors), so it cannot be a hidden activation; use it only as activation_output, with "
         "the 'cross_entropy' loss")),
        (([2, 3], "relu", "softmax", "mse"), ValueError,
         ("activation_output='softmax' needs the loss it pairs with, 'cross_entropy' (got "
         "loss_function='mse'): softmax has no elementwise derivative, so only that pair's dJ/dZ "
         "= (P - Y)/n works")),
        (([2, 3], "relu", "softmax", {"loss": np.sum, "derivative": np.sum}), ValueError,
         ("activation_output='softmax' needs the loss it pairs with, 'cross_entropy' (got "
         "loss_function='custom'): softmax has no elementwise derivative, so only that pair's "
         "dJ/dZ = (P - Y)/n works")),
    ],
)  # fmt: skip
def test_the_network_names_each_constructor_argument(args, err, message):
    raises(err, message, lambda: NN(*args))


def test_a_softmax_without_a_name_is_refused_in_words():
    nameless = {**ACTIVATIONS["softmax"]}
    del nameless["name"]
    raises(
        ValueError,
        "activation_hidden: this activation is not elementwise (each output depends "
        "on the whole row of receptors), so it cannot be a hidden activation; use it only as "
        "activation_output, with the 'cross_entropy' loss",
        lambda: NN([2, 3, 3], nameless, "softmax", "cross_entropy"),
    )


def test_the_constructor_keeps_what_it_is_given():
    net = NN([2, 3, 4, 1], ["relu", "tanh"], "sigmoid", "bce", seed=5)
    assert [a["name"] for a in net.activations] == ["relu", "tanh", "sigmoid"]
    assert net.fused and net.L == 3 and net.seed == 5 and net.loss_function["name"] == "bce"
    assert [tuple(k) for k in net.layer_keys[:1]] == [
        ("W1", "b1", "z1", "x1", "x0", "m1", "dZ1", "dW1", "db1")
    ]
    same = NN([2, 3, 4, 1], "relu", "sigmoid", "bce")  # one name for every hidden layer
    assert [a["name"] for a in same.activations] == ["relu", "relu", "sigmoid"]
    assert not NN([2, 1], "relu", "sigmoid", "mse").fused  # sigmoid pairs with bce only


def test_derivatives_keep_float32():
    z = np.array([[-1.0, 0.0, 2.0]], dtype=np.float32)
    for name in ("relu", "leaky_relu", "identity", "sigmoid", "tanh"):
        assert ACTIVATIONS[name]["derivative"](z).dtype == np.float32, name


def test_negative_outputs_alone_are_refused():
    for loss, output in (("bce", "sigmoid"), ("cross_entropy", "softmax")):
        raises(
            ValueError,
            f"{loss} expects predicted probabilities in [0, 1], such as a {output} "
            "output; got values from -0.5 to -0.5",
            lambda loss=loss: LOSSES[loss]["loss"](np.full((1, 1), -0.5), np.ones((1, 1))),
        )


def test_one_hot_names_the_shape_of_labels():
    raises(
        ValueError,
        "labels must be a 1-D array of class labels, one per sample; got shape (2, 2, 2)",
        lambda: one_hot(np.zeros((2, 2, 2), dtype=int), 2),
    )
    raises(
        ValueError,
        "labels is a ragged list: its rows have different lengths [2, 1]; every row "
        "needs the same number of entries",
        lambda: accuracy(plain_net((2, 3)), np.ones((2, 2)), [[0, 1], [1]]),
    )
    raises(
        ValueError,
        "x is a ragged list: its rows have different lengths [2, 1]; every row needs "
        "the same number of entries",
        lambda: numerical_gradient_of(np.sum, [[1.0, 2.0], [3.0]]),
    )


def test_batch_norm_network_dropout_eps_and_caches():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(8, 3)).astype(np.float32)
    net = BatchNormNN([3, 50, 4, 2], "tanh", "identity", "mse", seed=0)
    net.params = {k: v.astype(np.float32) for k, v in net.params.items()}
    coef = net.forward(X, training=True, keep_prob=0.5, rng=np.random.default_rng(0))
    assert coef["m1"].dtype == np.float32 and set(np.unique(coef["m1"])) == {0.0, 2.0}  # 1/p
    # eps reaches the normalisation: with gamma 1 and beta 0, var(Zbn) = var / (var + eps)
    wide = BatchNormNN([3, 4, 2], "tanh", "identity", "mse", seed=0, eps=1.0)
    Xd = X.astype(np.float64)
    c = wide.forward(Xd, training=True)
    var = (Xd @ wide.params["W1"]).var(axis=0)
    np.testing.assert_allclose(c["zbn1"].var(axis=0), var / (var + 1.0), rtol=1e-10)
    deep = BatchNormNN([3, 4, 4, 2], "tanh", "identity", "mse", seed=0)
    coef = deep.forward(Xd, training=True)
    del coef["bn1"]
    raises(
        ValueError,
        "coef has no batch-norm cache ['bn1']: backpropagation needs the coef of a "
        "training pass, forward(X, training=True) (or forward_pass(X, training=True))",
        lambda: deep.backward(coef, np.zeros((8, 2))),
    )


def test_check_data_names_the_columns_and_checks_targets_for_backward_pass():
    net = NN([2, 3, 1], "relu", "sigmoid", "bce", seed=0)
    X = np.ones((4, 2))
    raises(
        ValueError,
        "X has 3 columns but the network expects 2 (neurons in layer 0); got shape (4, 3)",
        lambda: net.compute_loss(np.ones((4, 3)), np.ones((4, 1))),
    )
    coef = net.forward_pass(X, training=True)
    # backward_pass never evaluates the loss: only check_data can refuse the targets
    with pytest.raises(ValueError, match=r"^bce needs targets Y in \[0, 1\]"):
        net.backward_pass(X, np.full((4, 1), 3.0), coef)
