"""The checks of Part III's exercises accept right answers and name each typical mistake.

Every right answer here is written out independently of nncode (plain NumPy, the book's
formulas), and every wrong one is a mistake a learner makes; the test asserts the check
says what is wrong, not just "False".
"""

from __future__ import annotations

import numpy as np
import pytest

from nncode import ACTIVATIONS, LOSSES, NN
from nncode.exercises import Feedback
from nncode.exercises import build_nn as ex


def ok(fb: Feedback) -> None:
    assert isinstance(fb, Feedback)
    assert fb.ok, fb.message


def says(fb: Feedback, *fragments: str) -> None:
    assert isinstance(fb, Feedback)
    assert not fb.ok, "the check accepted a wrong answer"
    for fragment in fragments:
        assert fragment in fb.message, f"{fragment!r} not in {fb.message!r}"


# ---------------------------------------------------------------- Exercise: ReLU


def relu(z):
    return np.where(z > 0, z, 0.0)


def relu_slope(z):
    return np.where(z > 0, 1.0, 0.0)


def test_relu_right_answers_pass():
    ok(ex.check_relu({"activation": relu, "derivative": relu_slope}))
    ok(ex.check_relu({"activation": lambda z: z * (z > 0), "derivative": lambda z: z > 0}))
    ok(ex.check_relu(ACTIVATIONS["relu"]))


def in_place_relu(z):
    z[z < 0] = 0
    return z


@pytest.mark.parametrize(
    "answer, fragments",
    [
        (relu, ["you passed a function", "dict"]),
        ({"activation": relu}, ["relu_dict is missing the key(s) ['derivative']"]),
        ({"activation": relu, "derivative": 1.0}, ["must be a function"]),
        (
            {"activation": lambda z: max(0, np.max(z)), "derivative": relu_slope},
            ["single number", "(4, 3)", "np.maximum"],
        ),
        ({"activation": lambda z: z, "derivative": relu_slope}, ["identity"]),
        ({"activation": lambda z: np.minimum(0, z), "derivative": relu_slope}, ["negative part"]),
        ({"activation": in_place_relu, "derivative": relu_slope}, ["in place"]),
        ({"activation": lambda z: relu(z).T, "derivative": relu_slope}, ["(3, 4)", "transposed"]),
        ({"activation": relu, "derivative": relu}, ["activation itself, not its slope"]),
        ({"activation": relu, "derivative": np.ones_like}, ["1 everywhere"]),
        ({"activation": relu, "derivative": lambda z: (z < 0) * 1.0}, ["other way round"]),
        ({"activation": relu, "derivative": lambda z: relu_slope(z)[:, 0]}, ["(4,)", "(4, 3)"]),
        ({"activation": relu, "derivative": lambda z: 1 / 0}, ["ZeroDivisionError"]),
        ({"activation": lambda z: relu(z) + 0.1, "derivative": relu_slope}, ["differs", "at ["]),
    ],
)
def test_relu_mistakes_are_named(answer, fragments):
    says(ex.check_relu(answer), *fragments)


def test_relu_check_refuses_what_is_not_an_answer():
    with pytest.raises(TypeError, match="dict"):
        ex.check_relu(3)


# ---------------------------------------------------------------- Exercise: identity


def test_identity_right_answers_pass():
    ok(ex.check_identity({"activation": lambda z: z, "derivative": lambda z: np.ones(z.shape)}))
    ok(ex.check_identity(ACTIVATIONS["identity"]))


@pytest.mark.parametrize(
    "answer, fragments",
    [
        ({"activation": lambda z: z, "derivative": lambda z: 1}, ["single number", "np.ones_like"]),
        ({"activation": lambda z: z, "derivative": lambda z: z}, ["returns z, the activation"]),
        ({"activation": lambda z: z, "derivative": np.zeros_like}, ["zeros"]),
        ({"activation": relu, "derivative": np.ones_like}, ["is ReLU"]),
        ({"activation": np.ones_like, "derivative": np.ones_like}, ["returns ones"]),
        ({"derivative": np.ones_like}, ["identity_dict is missing the key(s) ['activation']"]),
    ],
)
def test_identity_mistakes_are_named(answer, fragments):
    says(ex.check_identity(answer), *fragments)


# ---------------------------------------------------------------- Exercise: MSE


def mse_by_loops(a, Y):
    n, k = Y.shape
    return sum((a[i, j] - Y[i, j]) ** 2 for i in range(n) for j in range(k)) / (2 * n)


def test_mse_right_answers_pass():
    ok(ex.check_mse({"loss": mse_by_loops, "derivative": lambda a, Y: (a - Y) / len(Y)}))
    ok(ex.check_mse(LOSSES["mse"]))


def right_derivative(a, Y):
    return (a - Y) / a.shape[0]


@pytest.mark.parametrize(
    "answer, fragments",
    [
        # the source's erratum: np.mean over every entry
        (
            {"loss": lambda a, Y: np.mean((a - Y) ** 2) / 2, "derivative": right_derivative},
            ["n * n_outputs = 15", "np.mean", "3 times smaller"],
        ),
        (
            {
                "loss": lambda a, Y: np.sum((a - Y) ** 2) / (2 * a.shape[1]),
                "derivative": right_derivative,
            },
            ["number of outputs (a.shape[1] = 3)"],
        ),
        (
            {"loss": lambda a, Y: np.sum((a - Y) ** 2) / len(Y), "derivative": right_derivative},
            ["factor 1/2"],
        ),
        (
            {"loss": lambda a, Y: np.sum((a - Y) ** 2) / 2, "derivative": right_derivative},
            ["does not divide by the number of samples n = 5"],
        ),
        (
            {
                "loss": lambda a, Y: np.mean((a - Y) ** 2, axis=0) / 2,
                "derivative": right_derivative,
            },
            ["array of shape (3,)", "one number"],
        ),
        ({"loss": mse_by_loops, "derivative": lambda a, Y: (Y - a) / len(Y)}, ["wrong sign"]),
        ({"loss": mse_by_loops, "derivative": lambda a, Y: a - Y}, ["forgot to divide", "n = 5"]),
        (
            {"loss": mse_by_loops, "derivative": lambda a, Y: (a - Y) / a.size},
            ["n * n_outputs = 15", "np.mean"],
        ),
        (
            {"loss": mse_by_loops, "derivative": lambda a, Y: (a - Y) / a.shape[1]},
            ["number of outputs (a.shape[1] = 3)"],
        ),
        (
            {"loss": mse_by_loops, "derivative": lambda a, Y: 2 * (a - Y) / len(Y)},
            ["twice too large"],
        ),
        (
            {"loss": mse_by_loops, "derivative": lambda a, Y: np.sum(a - Y) / len(Y)},
            ["single number", "(5, 3)"],
        ),
        ({"loss": mse_by_loops, "derivative": lambda a, Y: ((a - Y) / len(Y)).T}, ["transposed"]),
    ],
)
def test_mse_mistakes_are_named(answer, fragments):
    says(ex.check_mse(answer), *fragments)


# ---------------------------------------------------------------- Exercise: initialize_parameters


def init_right(self):
    rng = np.random.default_rng(self.seed)
    self.params = {}
    for l in range(1, len(self.layers_dims)):
        n_prev, n = self.layers_dims[l - 1], self.layers_dims[l]
        self.params["W" + str(l)] = rng.normal(0.0, 0.001, size=(n_prev, n))
        self.params["b" + str(l)] = np.zeros((1, n))
    return self.params


def init_variant(**change):
    """initialize_parameters with one thing done wrong."""

    def initialize_parameters(self):
        rng = np.random.default_rng(self.seed) if change.get("seeded", True) else np.random
        params = {}
        for l in range(1, len(self.layers_dims)):
            n_prev, n = self.layers_dims[l - 1], self.layers_dims[l]
            shape = (n, n_prev) if change.get("transpose") else (n_prev, n)
            scale = change.get("scale", 0.001)
            W = rng.uniform(size=shape) if change.get("uniform") else rng.normal(0, scale, shape)
            b = np.zeros(n) if change.get("flat_b") else np.zeros((1, n))
            if change.get("random_b"):
                b = rng.normal(0, 0.001, (1, n))
            key = l - 1 if change.get("from0") else l
            params[change.get("w", "W") + str(key)] = W
            params["b" + str(key)] = b
        if change.get("store", True):
            self.params = params
        return None if change.get("no_return") else params

    return initialize_parameters


def test_initialize_parameters_right_answers_pass():
    ok(ex.check_initialize_parameters(init_right))
    ok(ex.check_initialize_parameters(NN))
    ok(ex.check_initialize_parameters(NN.initialize_parameters))


@pytest.mark.parametrize(
    "change, fragments",
    [
        ({"transpose": True}, ["W1 has shape (5, 4)", "(4, 5)", "transposed"]),
        ({"flat_b": True}, ["b1 has shape (5,)", "(1, 5)"]),
        ({"random_b": True}, ["b1 is not zero"]),
        ({"scale": 0.001**2}, ["standard", "not the variance"]),
        ({"scale": 1.0}, ["standard deviation of about", "Normal(0, 0.001^2)"]),
        ({"scale": 0.0}, ["all weights are 0"]),
        ({"uniform": True}, ["every weight is positive", "normal"]),
        ({"from0": True}, ["W0/b0"]),
        ({"w": "w"}, ["named w1"]),
        ({"w": "weights"}, ["missing ['W1', 'W2', 'W3']"]),
        ({"store": False}, ["not stored", "self.params"]),
        ({"no_return": True}, ["must also return self.params"]),
        ({"seeded": False, "scale": 0.001}, ["same seed give different weights", "default_rng"]),
    ],
)
def test_initialize_parameters_mistakes_are_named(change, fragments):
    says(ex.check_initialize_parameters(init_variant(**change)), *fragments)


def test_initialize_parameters_wrong_draw_order_is_named():
    def biases_first(self):
        rng = np.random.default_rng(self.seed)
        self.params = {}
        for l in range(len(self.layers_dims) - 1, 0, -1):  # last layer first
            shape = (self.layers_dims[l - 1], self.layers_dims[l])
            self.params[f"W{l}"] = rng.normal(0.0, 0.001, size=shape)
            self.params[f"b{l}"] = np.zeros((1, self.layers_dims[l]))
        return self.params

    says(ex.check_initialize_parameters(biases_first), "not the reference's draw", "layer order")


def test_a_class_without_the_method_is_refused():
    class Empty:
        pass

    with pytest.raises(TypeError, match="no method initialize_parameters"):
        ex.check_initialize_parameters(Empty)


# ---------------------------------------------------------------- Exercise: forward_pass


def forward_variant(**change):
    """forward_pass as the book writes it, with one thing done wrong."""

    def forward_pass(self, X, training=False):
        coef = {} if change.get("no_x0") else {"x0": X}
        x = X
        for l in range(1, self.L + 1):
            z = x @ self.params[f"W{l}"]
            if not change.get("no_bias"):
                z = z + self.params[f"b{l}"]
            act = self.activations[0 if change.get("first_act") else l - 1]
            x = z if change.get("no_act") else act["activation"](z)
            coef["Z" + str(l) if change.get("upper") else f"z{l}"] = z
            coef[f"x{l}"] = x
            if change.get("swap"):
                coef[f"z{l}"] = x
        if change.get("always_dict"):
            return coef
        if change.get("transposed_out"):
            return coef if training else x.T
        return coef if training else x

    return forward_pass


def test_forward_pass_right_answers_pass():
    ok(ex.check_forward_pass(forward_variant()))
    ok(ex.check_forward_pass(NN))


@pytest.mark.parametrize(
    "change, fragments",
    [
        ({"no_bias": True}, ["z1 misses the bias", "+ b1"]),
        ({"no_act": True}, ["x1 equals z1", "activation was not applied"]),
        ({"first_act": True}, ["x2 applies relu", "self.activations[1]"]),
        ({"no_x0": True}, ["does not store x0"]),
        ({"upper": True}, ["missing ['z1', 'z2', 'z3']"]),
        ({"swap": True}, ["activation x1 is stored under z1"]),
        ({"always_dict": True}, ["training=False", "only the output x3"]),
        ({"transposed_out": True}, ["(2, 6)", "(6, 2)", "transposed"]),
    ],
)
def test_forward_pass_mistakes_are_named(change, fragments):
    says(ex.check_forward_pass(forward_variant(**change)), *fragments)


def test_forward_pass_returning_nothing_is_named():
    says(ex.check_forward_pass(lambda self, X, training=False: None), "return the dict")


# ---------------------------------------------------------------- Exercise: backward_pass


def backward_variant(**change):
    """backward_pass as the book writes it, with one thing done wrong."""

    def backward_pass(self, X, Y, coef):
        L, n = self.L, X.shape[0]
        a = coef[f"x{L}"]
        if change.get("unaveraged"):
            dJ_da = a - Y
        elif change.get("sign"):
            dJ_da = (Y - a) / n
        else:
            dJ_da = self.loss_function["derivative"](a, Y)
        dZ = dJ_da * self.activations[L - 1]["derivative"](coef[f"z{L}"])
        grads = {}
        for l in range(L, 0, -1):
            grads[f"dZ{l}"] = dZ
            dW = coef[f"x{l - 1}"].T @ dZ
            if change.get("transposed"):
                dW = dZ.T @ coef[f"x{l - 1}"]
            if change.get("divide_again"):
                dW = dW / n
            grads[f"dW{l}"] = dW
            grads[f"db{l}"] = (
                np.sum(dZ, axis=0)
                if change.get("flat_db")
                else np.sum(dZ, axis=1, keepdims=True)
                if change.get("axis1")
                else np.sum(dZ, axis=0, keepdims=True)
            )
            if l > 1:
                back = dZ @ self.params[f"W{l}"].T
                at = coef[f"x{l - 1}"] if change.get("at_x") else coef[f"z{l - 1}"]
                act = self.activations[0 if change.get("first_act") else l - 2]
                dZ = back if change.get("no_deriv") else back * act["derivative"](at)
        return grads

    return backward_pass


def test_backward_pass_right_answers_pass():
    ok(ex.check_backward_pass(backward_variant()))
    ok(ex.check_backward_pass(NN))


@pytest.mark.parametrize(
    "change, fragments",
    [
        ({"unaveraged": True}, ["dZ3 is n = 6 times too large", "not averaged"]),
        ({"sign": True}, ["dZ3 has the wrong sign"]),
        ({"transposed": True}, ["dW3 has shape (2, 3)", "(3, 2)", "transposed", "x2.T @ dZ3"]),
        ({"divide_again": True}, ["dW3 is divided by n = 6 twice"]),
        ({"flat_db": True}, ["db3 has shape (2,)", "keepdims=True"]),
        ({"axis1": True}, ["db3 has shape (6, 1)", "wrong axis"]),
        ({"at_x": True}, ["dZ2 takes the derivative at x2", "receptor z2"]),
        ({"no_deriv": True}, ["dZ2 forgot the factor a'(z2)"]),
        ({"first_act": True}, ["dZ2 uses the derivative of another layer"]),
    ],
)
def test_backward_pass_mistakes_are_named(change, fragments):
    says(ex.check_backward_pass(backward_variant(**change)), *fragments)


def test_backward_pass_missing_keys_are_named():
    def only_weights(self, X, Y, coef):
        grads = backward_variant()(self, X, Y, coef)
        return {k: v for k, v in grads.items() if not k.startswith("dZ")}

    says(ex.check_backward_pass(only_weights), "missing ['dZ3', 'dZ2', 'dZ1']")


# ---------------------------------------------------------------- Exercise: train


def train_variant(**change):
    """The training loop as the book writes it, with one thing done wrong."""

    def train(self, X, Y, n_it, learning_rate=0.01, verbose=True):
        losses = []
        grads = None
        lr = 0.01 if change.get("default_lr") else learning_rate
        for it in range(n_it + change.get("extra", 0)):
            coef = self.forward_pass(X, training=True)
            loss = self.loss_function["loss"](coef[f"x{self.L}"], Y)
            if not change.get("after"):
                losses.append(loss)
            if verbose and (change.get("print_all") or it % 100 == 0):
                print(f"iteration {it}: loss {loss:.6f}")
            if grads is None or not change.get("stale"):
                grads = self.backward_pass(X, Y, coef)
            top = self.L if change.get("skip_last") else self.L + 1
            for l in range(1, top):
                for p in ("W", "b"):
                    if p == "b" and change.get("no_b"):
                        continue
                    step = grads[f"d{p}{l}"] * (1 if change.get("no_lr") else lr)
                    if change.get("copy"):
                        self.params = dict(self.params)
                        continue
                    sign = 1 if change.get("add") else -1
                    self.params[f"{p}{l}"] = self.params[f"{p}{l}"] + sign * step
            if change.get("after"):
                losses.append(self.compute_loss(X, Y))
            if change.get("once"):
                break
        return None if change.get("no_return") else losses

    return train


def test_train_right_answers_pass():
    ok(ex.check_train(train_variant()))
    ok(ex.check_train(NN))


@pytest.mark.parametrize(
    "change, fragments",
    [
        ({"add": True}, ["adds the gradient", "W - learning_rate * dJ/dW"]),
        ({"default_lr": True}, ["steps with 0.01", "learning_rate=0.05"]),
        ({"no_lr": True}, ["does not multiply the gradient by learning_rate"]),
        ({"no_b": True}, ["biases are not"]),
        ({"skip_last": True}, ["['W3', 'b3'] never change", "range(1, self.L + 1)"]),
        ({"copy": True}, ["self.params did not change"]),
        ({"once": True}, ["n_it=3 made only one update"]),
        ({"extra": 1}, ["n_it=1) made 2 updates"]),
        ({"stale": True}, ["first iteration's gradient"]),
        ({"no_return": True}, ["returns nothing"]),
        ({"after": True}, ["after each update"]),
        ({"print_all": True}, ["printed 201 lines", "it % 100 == 0"]),
    ],
)
def test_train_mistakes_are_named(change, fragments):
    says(ex.check_train(train_variant(**change)), *fragments)


def test_train_printing_when_silent_is_named():
    def chatty(self, X, Y, n_it, learning_rate=0.01, verbose=True):
        if not verbose:
            print("starting")
        return train_variant()(self, X, Y, n_it, learning_rate, verbose)

    says(ex.check_train(chatty), "verbose=False", "printed 1 lines")


def test_checks_leave_no_global_state_behind():
    """Running a check twice gives the same verdict (its data comes from fixed seeds)."""
    first = ex.check_train(train_variant(add=True)).message
    assert ex.check_train(train_variant(add=True)).message == first


def test_a_bound_method_is_accepted():
    net = NN([2, 3, 1], "relu", "identity", "mse", seed=0)
    ok(ex.check_forward_pass(net.forward_pass))
    ok(ex.check_backward_pass(net.backward_pass))


def returns_none(*args, **kwargs):
    return None


def returns_text(*args, **kwargs):
    return "forty-two"


def raises(*args, **kwargs):
    raise RuntimeError("not written yet")


@pytest.mark.parametrize("answer", [returns_none, returns_text, raises])
@pytest.mark.parametrize(
    "check, as_dict",
    [
        (ex.check_relu, ("activation", "derivative")),
        (ex.check_identity, ("activation", "derivative")),
        (ex.check_mse, ("loss", "derivative")),
        (ex.check_initialize_parameters, None),
        (ex.check_forward_pass, None),
        (ex.check_backward_pass, None),
        (ex.check_train, None),
    ],
)
def test_a_wrong_answer_never_crashes_the_check(check, as_dict, answer):
    """Whatever the reader's code returns or raises, the check answers with a Feedback."""
    given = dict.fromkeys(as_dict, answer) if as_dict else answer
    fb = check(given)
    assert isinstance(fb, Feedback) and not fb.ok
    if answer is raises:
        assert "RuntimeError: not written yet" in fb.message
