"""Every kind of bad input gets an error that names the argument and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from nncode import ACTIVATIONS, LOSSES, NN, TrainingDivergedError, classic, descent
from nncode.activations import softmax
from nncode.batchnorm import BatchNormNN, batchnorm_backward, batchnorm_forward
from nncode.data import ten_points, walkthrough_data
from nncode.diagrams import network_diagram
from nncode.gradcheck import gradient_check, numerical_gradient, relative_error
from nncode.init import init_params, initialize
from nncode.losses import cross_entropy_from_z, one_hot
from nncode.optim import SGD, Adam, Momentum
from nncode.training import accuracy, fit, l2_penalty, layer_gradient_norms, minibatches


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


# ---------------------------------------------------------------- the rest of the package
# One test per kind of bad input, each with the words a learner reads asserted.


def softmax_net(dims=(2, 3, 3)):
    return NN(list(dims), "relu", "softmax", "cross_entropy", seed=0)


ONE_HOT = np.eye(3)[[0, 1, 2, 0]]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: net().forward_pass([[1, 2], [3]]), r"X is a ragged list: .* lengths \[2, 1\]"),
        (lambda: net().train(GOOD_X, [[1], [2, 3], [1], [1]], 1), r"Y is a ragged list"),
        (lambda: one_hot([[0, 1], [2]], 3), r"labels is a ragged list"),
        (lambda: relative_error([[1.0], [2.0, 3.0]], [[1.0]]), r"a is a ragged list"),
        (lambda: descent.cost([[1.0], [2.0, 3.0]], *ten_points()), r"w is a ragged list"),
    ],
)
def test_ragged_lists_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_edited_params_are_named_before_any_product():
    wrong_w, no_bias, extra, a_list, nan, frozen = (net() for _ in range(6))
    wrong_w.params["W1"] = np.ones((3, 3))
    del no_bias.params["b2"]
    extra.params["W9"] = np.ones((1, 1))
    a_list.params["b1"] = [[0.0, 0.0, 0.0]]
    nan.params["W2"][0, 0] = np.nan
    frozen.params["W1"].flags.writeable = False
    cases = [
        (wrong_w, ValueError, (r"params\['W1'\] has shape \(3, 3\) but layer 1 needs \(2, 3\): "
         r"one row per neuron of layer 0 \(2\) and one column per neuron of layer 1 \(3\)")),
        (no_bias, ValueError, r"params is missing 'b2' \(shape \(1, 1\)\); initialize_parameters"),
        (extra, ValueError, r"params has keys this network does not have: \['W9'\]"),
        (a_list, TypeError, r"params\['b1'\] must be a float NumPy array of shape \(1, 3\); got list"),
        (nan, ValueError, r"params\['W2'\] contains NaN or infinite values"),
    ]  # fmt: skip
    for n, err, message in cases:
        for call in (
            lambda n=n: n.forward_pass(GOOD_X),
            lambda n=n: n.compute_loss(GOOD_X, GOOD_Y),
            lambda n=n: n.train(GOOD_X, GOOD_Y, 1, verbose=False),
            lambda n=n: fit(n, GOOD_X, GOOD_Y, 1),
        ):
            with pytest.raises(err, match=message):
                call()
    frozen.forward_pass(GOOD_X)  # reading a read-only weight is fine; updating it is not
    with pytest.raises(ValueError, match=r"params\['W1'\] is read-only.*train a copy"):
        frozen.train(GOOD_X, GOOD_Y, 1)
    bn = BatchNormNN([2, 3, 1], "relu", "identity", "mse", seed=0)
    bn.params["gamma1"] = np.ones((1, 4))
    with pytest.raises(ValueError, match=r"params\['gamma1'\] has shape \(1, 4\) but layer 1"):
        bn.forward_pass(GOOD_X)


def test_a_cache_from_another_network_is_refused():
    other = NN([2, 5, 1], "relu", "identity", "mse", seed=0)
    with pytest.raises(
        ValueError,
        match=r"coef\['z1'\] has shape \(4, 5\), but layer 1 of this network gives \(4, 3\): "
        r"pass the dict from this network's forward_pass",
    ):
        net().backward_pass(GOOD_X, GOOD_Y, other.forward_pass(GOOD_X, training=True))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: cross_entropy_from_z(np.zeros((4, 3)), np.ones((4, 1))), r"got z \(4, 3\) and Y \(4, 1\)"),
        (lambda: LOSSES["mse"]["loss"](np.zeros((4, 2)), np.zeros((4, 1))), r"got a \(4, 2\) and Y \(4, 1\)"),
        (lambda: LOSSES["mse"]["derivative"](np.zeros((4, 1)), np.zeros((1, 4))), r"a \(4, 1\) and Y \(1, 4\)"),
        (lambda: LOSSES["bce"]["delta_from_z"](np.zeros((2, 1)), np.zeros((2, 2))), r"z \(2, 1\) and Y \(2, 2\)"),
        (lambda: LOSSES["cross_entropy"]["derivative"](np.ones((2, 3)), np.ones((1, 3))), r"a \(2, 3\)"),
        (lambda: relative_error(np.ones((2, 3)), np.ones((1, 3))), r"one \(non-empty\) shape; got \(2, 3\) and \(1, 3\)"),
        (lambda: accuracy(softmax_net(), GOOD_X, ONE_HOT), r"labels is one-hot, use np.argmax\(labels, axis=1\)"),
        (lambda: accuracy(softmax_net(), GOOD_X, [0, 1]), r"one class label per row of X, shape \(4,\)"),
    ],
)  # fmt: skip
def test_shapes_that_numpy_would_broadcast_silently(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_softmax_of_a_single_row_says_how_to_make_it_one():
    with pytest.raises(
        ValueError, match=r"got shape \(2,\): for one sample use z.reshape\(1, -1\)"
    ):
        softmax(np.array([1.0, 2.0]))


def test_bce_targets_outside_zero_one_never_train_to_a_negative_loss():
    message = r"bce needs targets Y in \[0, 1\].*got values from -1 to 2.*use the 'mse' loss"
    Y = np.array([[2.0], [0.0], [1.0], [-1.0]])
    n = NN([2, 3, 1], "relu", "sigmoid", "bce", seed=0)
    for call in (
        lambda: n.train(GOOD_X, Y, 50, verbose=False),
        lambda: fit(n, GOOD_X, Y, 5),
        lambda: n.compute_loss(GOOD_X, Y),
        lambda: LOSSES["bce"]["loss"](np.full((4, 1), 0.5), Y),
        lambda: LOSSES["bce"]["loss_from_z"](np.zeros((4, 1)), Y),
    ):
        with pytest.raises(ValueError, match=message):
            call()


def test_cross_entropy_rows_must_be_distributions():
    zeros, halves = np.zeros((4, 3)), np.full((4, 3), 0.5)
    n = softmax_net()
    for Y, words in ((zeros, r"row 0 sums to 0 "), (halves, r"row 0 sums to 1.5 ")):
        for call in (
            lambda Y=Y: n.train(GOOD_X, Y, 5, verbose=False),
            lambda Y=Y: fit(n, GOOD_X, Y, 1),
            lambda Y=Y: LOSSES["cross_entropy"]["loss"](np.full((4, 3), 1 / 3), Y),
            lambda Y=Y: LOSSES["cross_entropy"]["loss_from_z"](np.zeros((4, 3)), Y),
        ):
            with pytest.raises(ValueError, match=r"each row of Y to be a probability .*" + words):
                call()
    negative = ONE_HOT + np.array([[-0.5, 0.5, 0.0]])  # sums to 1, but not >= 0
    with pytest.raises(ValueError, match=r"row 1 sums to 1 \(min -0.5\)"):
        n.compute_loss(GOOD_X, negative)
    # soft targets that are distributions are fine, and so is float32 one-hot
    n.compute_loss(GOOD_X, np.full((4, 3), 1 / 3))
    n.compute_loss(GOOD_X.astype(np.float32), ONE_HOT.astype(np.float32))


def test_integer_labels_point_to_one_hot_not_to_a_reshape():
    with pytest.raises(ValueError, match=r"Y looks like integer class labels: .*one_hot\(Y, 3\)"):
        softmax_net().train(GOOD_X, np.array([0, 1, 2, 0]), 5)
    with pytest.raises(ValueError, match=r"Y_val looks like integer class labels"):
        fit(softmax_net(), GOOD_X, ONE_HOT, 1, X_val=GOOD_X, Y_val=np.array([0, 1, 2, 0]))
    # one output column: a reshape is the right advice
    with pytest.raises(ValueError, match=r"for one column use Y.reshape\(-1, 1\)$"):
        net().train(GOOD_X, np.ones(4), 1)


@pytest.mark.parametrize(
    "labels, n_classes, err, message",
    [
        ([0, 1], 0, ValueError, r"n_classes must be at least 1; got 0"),
        ([0, 1], 2.5, TypeError, r"n_classes must be a whole number >= 1; got 2.5"),
        ([0, 1], 3.0, TypeError, r"got 3.0 \(use int\(3.0\)\)"),
        ([0, 1], "3", TypeError, r"n_classes must be a whole number"),
        ([0.0, 1.0], 2, TypeError, r"labels must be whole numbers 0..1 .*labels.astype\(int\)"),
        ([[0, 1], [1, 0]], 2, ValueError, r"got shape \(2, 2\): it is one-hot already"),
        ([0, 3], 3, ValueError, r"labels must lie in 0..2; got 0..3"),
    ],
)
def test_one_hot_says_what_it_needs(labels, n_classes, err, message):
    with pytest.raises(err, match=message):
        one_hot(labels, n_classes)


def test_an_optimiser_class_is_not_an_optimiser():
    for cls in (SGD, Momentum, Adam):
        with pytest.raises(
            TypeError, match=rf"not the class {cls.__name__}: call it with its learning rate"
        ):
            fit(softmax_net(), GOOD_X, ONE_HOT, 1, optimizer=cls)


def test_half_of_the_validation_data_is_named():
    with pytest.raises(
        ValueError, match=r"needs both X_val and Y_val; got X_val but Y_val is None"
    ):
        fit(softmax_net(), GOOD_X, ONE_HOT, 1, X_val=GOOD_X)
    with pytest.raises(ValueError, match=r"got Y_val but X_val is None"):
        fit(softmax_net(), GOOD_X, ONE_HOT, 1, Y_val=ONE_HOT)
    with pytest.raises(ValueError, match=r"X_val has 5 columns but the network expects 2"):
        fit(softmax_net(), GOOD_X, ONE_HOT, 1, X_val=np.ones((4, 5)), Y_val=ONE_HOT)
    with pytest.raises(ValueError, match=r"Y_val has 2 rows but X_val has 4"):
        fit(softmax_net(), GOOD_X, ONE_HOT, 1, X_val=GOOD_X, Y_val=ONE_HOT[:2])


def test_seeds_and_generators_for_the_classic_network():
    legacy = np.random.RandomState(7).uniform(size=(4, 3))  # np.random.seed(7); uniform
    np.testing.assert_array_equal(classic.ClassicMLP(4, 3, rng=7).wh, legacy)
    np.testing.assert_array_equal(classic.ClassicMLP(4, 3, rng=np.int64(7)).wh, legacy)
    drawn = np.random.default_rng(7).uniform(size=(4, 3))
    np.testing.assert_array_equal(classic.ClassicMLP(4, 3, rng=np.random.default_rng(7)).wh, drawn)
    np.testing.assert_array_equal(classic.walkthrough_weights(7)[0], legacy)
    for bad in (None, -1, 2.5, "42", True):
        with pytest.raises(TypeError, match=r"rng must be a seed \(a whole number >= 0\), an "):
            classic.ClassicMLP(4, 3, rng=bad)
        with pytest.raises(TypeError, match=r"rng must be a seed"):
            classic.walkthrough_weights(bad)


@pytest.mark.parametrize("scalar", [np.float32, np.float64])
def test_numpy_scalars_are_numbers_too(scalar):
    fit(softmax_net(), GOOD_X, ONE_HOT, 1, l2=scalar(0.1), keep_prob=scalar(0.5), seed=0)
    opt = Adam(scalar(0.01), beta1=scalar(0.9), beta2=scalar(0.99), eps=scalar(1e-7))
    assert (opt.lr, opt.beta1) == (pytest.approx(0.01), pytest.approx(0.9))
    assert Momentum(scalar(0.1), mu=scalar(0.5)).mu == 0.5
    assert SGD(scalar(0.5)).lr == 0.5
    net().train(GOOD_X, GOOD_Y, 1, learning_rate=scalar(0.5), verbose=False)
    assert l2_penalty({"W1": np.ones((1, 2))}, scalar(2.0)) == 2.0


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: fit(softmax_net(), GOOD_X, ONE_HOT, 1, l2=-0.1), r"l2 must be a finite number >= 0; got -0.1"),
        (lambda: fit(softmax_net(), GOOD_X, ONE_HOT, 1, l2=np.nan), r"l2 must be a finite number >= 0"),
        (lambda: Adam(beta1=1.0), r"beta1 must be a number in \[0, 1\); got 1.0"),
        (lambda: Momentum(mu=np.float32(-0.5)), r"mu must be a number in \[0, 1\)"),
        (lambda: fit(softmax_net(), GOOD_X, ONE_HOT, 1, batch_size=0), r"batch_size must be at least 1"),
    ],
)  # fmt: skip
def test_numbers_outside_their_range(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_diagram_refuses_what_json_cannot_carry():
    n = net()
    n.params["W1"][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"params\['W1'\] contains NaN or infinite values"):
        network_diagram(n)
    huge = net()
    huge.params["W1"][...] = 1e200
    huge.params["W2"][...] = 1e200
    overflowed = r"the forward values overflowed \(z2 is not finite\)"
    with pytest.raises(ValueError, match=overflowed), np.errstate(over="ignore"):
        network_diagram(huge, values=(GOOD_X, GOOD_Y))


def test_divergence_says_whether_the_data_or_the_learning_rate_is_to_blame():
    huge = np.full((4, 2), 1e300)
    with pytest.raises(
        TrainingDivergedError,
        match=r"the loss is inf at iteration 0, before any update: .*largest \|X\| = 1e\+300.*"
        r"scale the data first.*a smaller learning rate cannot help",
    ):
        net().train(huge, GOOD_Y, 5, verbose=False)
    with pytest.raises(
        TrainingDivergedError,
        match=r"in epoch 0, before any update: the forward pass overflowed in",
    ):
        n = net()
        n.params["W1"][...] = 1e200
        n.params["W2"][...] = 1e200
        fit(n, GOOD_X, GOOD_Y, 1)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(20, 2)), rng.normal(size=(20, 1))
    for train in (
        lambda n: n.train(X, Y, 500, learning_rate=5.0, verbose=False),
        lambda n: fit(n, X, Y, 500, optimizer=SGD(5.0)),
    ):
        with pytest.raises(TrainingDivergedError, match=r"learning rate 5.0\): the updates made"):
            train(NN([2, 8, 1], "relu", "identity", "mse", seed=0))


@pytest.mark.parametrize(
    "call, err, message",
    [
        (lambda: classic.walkthrough_forward(np.ones((3, 3)), np.ones((3, 1)), *walkthrough_data()),
         ValueError, r"X has shape \(4, 3\), but w_ih \(3, 3\).*need \(3, 3\): samples are columns"),
        (lambda: classic.walkthrough_train(np.ones((4, 3)), np.ones((2, 1)), *walkthrough_data()),
         ValueError, r"w_ho has shape \(2, 1\).*need \(3, 1\)"),
        (lambda: classic.walkthrough_gradients(np.ones((4, 3)), np.ones((3, 1)), np.ones(4), [[1]]),
         ValueError, r"X must be a 2-D array of shape \(n_inputs, n_samples\), one sample per column"),
        (lambda: numerical_gradient(lambda: 0.0, np.array([1, 2])),
         TypeError, r"param must be a float NumPy array that f reads .*got dtype int64"),
        (lambda: numerical_gradient(3.0, np.ones(2)), TypeError, r"f must be a function"),
        (lambda: gradient_check("net", GOOD_X, GOOD_Y), TypeError, r"net must be a network such as NN\(\[2, 3, 1\]"),
        (lambda: gradient_check(net(), GOOD_X, GOOD_Y, eps=0), ValueError, r"eps must be a finite number > 0"),
        (lambda: fit(NN, GOOD_X, GOOD_Y, 1), TypeError, r"net must be a network .*; got the class NN"),
        (lambda: layer_gradient_norms(None, GOOD_X, GOOD_Y), TypeError, r"net must be a network .*got NoneType"),
        (lambda: net().forward(GOOD_X, training=True, keep_prob=0.5, rng=3), TypeError, r"needs rng, a generator such as np.random.default_rng\(0\); got 3"),
        (lambda: init_params([2, 1], ["he"]), ValueError, r"scheme: unknown initialiser \['he'\]"),
        (lambda: initialize("net"), TypeError, r"net must be a network such as NN.*; got str"),
        (lambda: list(minibatches(4, 2, 0)), TypeError, r"rng must be a np.random.Generator"),
        (lambda: batchnorm_backward(np.ones((2, 2)), {}), TypeError, r"cache must be the dict that batchnorm_forward"),
        (lambda: batchnorm_forward([[1.0], [2.0, 3.0]], np.ones((1, 1)), np.zeros((1, 1))),
         ValueError, r"Z is a ragged list"),
    ],
)  # fmt: skip
def test_the_other_public_functions_name_what_is_wrong(call, err, message):
    with pytest.raises(err, match=message):
        call()
