"""The checks of the NN methods (Part III): their slip catalogues, proved.

Every right answer is written here from the book's formulas, and the backward pass and
the training step once more with PyTorch's autograd on the same weights: the checks
accept them, so their reference values are right.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode import NN
from nncode.exercises.nn_class import (
    check_backward_pass,
    check_forward_pass,
    check_initialize_parameters,
    check_train,
    hint_backward_pass,
    hint_forward_pass,
    hint_initialize_parameters,
    hint_train,
)

# ---------------------------------------------------------------- initialize_parameters


def init_variant(**slip):
    """initialize_parameters as the book writes it, with one slip."""

    def initialize_parameters(self):
        rng = np.random.default_rng(self.seed) if slip.get("seeded", True) else np.random
        params = {}
        order = range(self.L, 0, -1) if slip.get("backwards") else range(1, self.L + 1)
        for l in order:
            n_prev, n = self.layers_dims[l - 1], self.layers_dims[l]
            shape = (n, n_prev) if slip.get("transpose") else (n_prev, n)
            scale = slip.get("scale", 0.001)
            W = rng.uniform(size=shape) if slip.get("uniform") else rng.normal(0, scale, shape)
            b = np.zeros(n) if slip.get("flat_b") else np.zeros((1, n))
            if slip.get("random_b"):
                b = rng.normal(0, 0.001, (1, n))
            key = l - 1 if slip.get("from0") else l
            params[slip.get("w", "W") + str(key)] = W
            params["b" + str(key)] = b
        if slip.get("store", True):
            self.params = params
        return None if slip.get("no_return") else params

    return initialize_parameters


class Empty:
    pass


INIT_SLIPS = [
    ("W transposed", init_variant(transpose=True), ["W1 has shape (5, 4)", "transposed"]),
    ("b flat", init_variant(flat_b=True), ["b1 has shape (5,)", "(1, 5)"]),
    ("b random", init_variant(random_b=True), ["b1 is not zero"]),
    ("the variance as scale", init_variant(scale=0.001**2), ["not the variance"]),
    ("scale 1", init_variant(scale=1.0), ["standard deviation of about", "Normal(0, 0.001^2)"]),
    ("all zero", init_variant(scale=0.0), ["all weights are 0"]),
    ("uniform", init_variant(uniform=True), ["every weight is positive", "normal"]),
    ("keys from 0", init_variant(from0=True), ["W0/b0"]),
    ("lower-case keys", init_variant(w="w"), ["named w1"]),
    ("other keys", init_variant(w="weights"), ["missing ['W1', 'W2', 'W3']"]),
    ("not stored", init_variant(store=False), ["not stored", "self.params"]),
    ("not returned", init_variant(no_return=True), ["must also return self.params"]),
    ("seed ignored", init_variant(seeded=False), ["same seed give different weights"]),
    ("drawn backwards", init_variant(backwards=True), ["not the reference's draw", "layer order"]),
    ("a class without it", Empty, ["class Empty has no method initialize_parameters"]),
]

# ---------------------------------------------------------------- forward_pass


def forward_variant(**slip):
    """forward_pass as the book writes it, with one slip."""

    def forward_pass(self, X, training=False):
        coef = {} if slip.get("no_x0") else {"x0": X}
        x = X
        for l in range(1, self.L + 1):
            z = x @ self.params[f"W{l}"] + (0 if slip.get("no_bias") else self.params[f"b{l}"])
            act = self.activations[0 if slip.get("first_act") else l - 1]
            x = z if slip.get("no_act") else act["activation"](z)
            coef["Z" + str(l) if slip.get("upper") else f"z{l}"] = z
            coef[f"x{l}"] = x
            if slip.get("swap"):
                coef[f"z{l}"] = x
        if slip.get("always_dict"):
            return coef
        return coef if training else (x.T if slip.get("transposed_out") else x)

    return forward_pass


def forward_with_w_transposed(self, X, training=False):
    coef, x = {"x0": X}, X
    for l in range(1, self.L + 1):
        z = x @ self.params[f"W{l}"].T + self.params[f"b{l}"]
        x = self.activations[l - 1]["activation"](z)
        coef[f"z{l}"], coef[f"x{l}"] = z, x
    return coef if training else x


FORWARD_SLIPS = [
    ("bias forgotten", forward_variant(no_bias=True), ["z1 misses the bias", "+ b1"]),
    ("activation forgotten", forward_variant(no_act=True), ["x1 equals z1", "not applied"]),
    ("first layer's activation", forward_variant(first_act=True), ["self.activations[1]"]),
    ("x0 not stored", forward_variant(no_x0=True), ["does not store x0"]),
    ("upper-case keys", forward_variant(upper=True), ["missing ['z1', 'z2', 'z3']"]),
    ("x stored as z", forward_variant(swap=True), ["activation x1 is stored under z1"]),
    ("always the dict", forward_variant(always_dict=True), ["training=False", "only the output"]),
    ("output transposed", forward_variant(transposed_out=True), ["(2, 6)", "transposed"]),
    ("x @ W.T", forward_with_w_transposed, ["W⁽¹⁾ has one row per input", "not x @ W.T"]),
    ("nothing returned", lambda self, X, training=False: None, ["it is None"]),
]

# ---------------------------------------------------------------- backward_pass


def backward_variant(**slip):
    """backward_pass as the book writes it, with one slip."""

    def backward_pass(self, X, Y, coef):
        L, n = self.L, X.shape[0]
        a = coef[f"x{L}"]
        dJ_da = self.loss_function["derivative"](a, Y)
        if slip.get("unaveraged") or slip.get("sign"):
            dJ_da = a - Y if slip.get("unaveraged") else (Y - a) / n
        dZ = dJ_da * self.activations[L - 1]["derivative"](coef[f"z{L}"])
        grads = {}
        for l in range(L, 0, -1):
            grads[f"dZ{l}"] = dZ
            dW = dZ.T @ coef[f"x{l - 1}"] if slip.get("transposed") else coef[f"x{l - 1}"].T @ dZ
            grads[f"dW{l}"] = dW / n if slip.get("divide_again") else dW
            db = np.sum(dZ, axis=1 if slip.get("axis1") else 0, keepdims=not slip.get("flat_db"))
            grads[f"db{l}"] = db
            if l > 1:
                back = dZ @ self.params[f"W{l}"].T
                at = coef[f"x{l - 1}"] if slip.get("at_x") else coef[f"z{l - 1}"]
                act = self.activations[0 if slip.get("first_act") else l - 2]
                dZ = back if slip.get("no_deriv") else back * act["derivative"](at)
        return grads

    return backward_pass


def backward_without_transpose(self, X, Y, coef):
    grads = backward_variant()(self, X, Y, coef)
    dX2 = grads["dZ3"] @ self.params["W3"]
    grads["dZ2"] = dX2 * self.activations[1]["derivative"](coef["z2"])
    return grads


def backward_spoiling_coef(self, X, Y, coef):
    dZ = coef[f"x{self.L}"]
    dZ -= Y
    return backward_variant()(self, X, Y, coef)


BACKWARD_SLIPS = [
    ("not averaged", backward_variant(unaveraged=True), ["n = 6 times too large", "not averaged"]),
    ("sign", backward_variant(sign=True), ["dZ3 has the wrong sign"]),
    ("dW transposed", backward_variant(transposed=True), ["dW3 is transposed", "x2.T @ dZ3"]),
    ("divided twice", backward_variant(divide_again=True), ["dW3 is divided by n = 6 twice"]),
    ("db flat", backward_variant(flat_db=True), ["db3 has shape (2,)", "keepdims=True"]),
    ("db over axis 1", backward_variant(axis1=True), ["db3 sums over the wrong axis"]),
    ("a'(x) for a'(z)", backward_variant(at_x=True), ["derivative at x2, the wrong variable"]),
    ("a' forgotten", backward_variant(no_deriv=True), ["dZ2 forgot the factor a'(z2)"]),
    ("another layer's a'", backward_variant(first_act=True), ["another layer's activation"]),
    ("dZ @ W", backward_without_transpose, ["dZ⁽³⁾ @ W⁽³⁾.T, not dZ @ W"]),
    ("coef changed in place", backward_spoiling_coef, ["coef['x3'] in place"]),
    (
        "keys missing",
        lambda self, X, Y, coef: {
            k: v for k, v in NN.backward_pass(self, X, Y, coef).items() if k[1] != "Z"
        },
        ["missing ['dZ3', 'dZ2', 'dZ1']"],
    ),
]

# ---------------------------------------------------------------- train


def train_variant(**slip):
    """The training loop as the book writes it, with one slip."""

    def train(self, X, Y, n_it, learning_rate=0.01, verbose=True):
        losses, grads = [], None
        lr = 0.01 if slip.get("default_lr") else learning_rate
        for it in range(n_it + slip.get("extra", 0)):
            coef = self.forward_pass(X, training=True)
            loss = self.loss_function["loss"](coef[f"x{self.L}"], Y)
            if not slip.get("after"):
                losses.append(loss)
            if verbose and (slip.get("print_all") or it % 100 == 0):
                print(f"iteration {it}: loss {loss:.6f}")
            if grads is None or not slip.get("stale"):
                grads = self.backward_pass(X, Y, coef)
            for l in range(1, self.L if slip.get("skip_last") else self.L + 1):
                for p in ("W", "b"):
                    key = f"{p}{l}"
                    if slip.get("copy") or (p == "b" and slip.get("no_b")):
                        continue
                    step = grads[f"d{key}"] * (1 if key in slip.get("no_lr", "") else lr)
                    sign = 1 if key in slip.get("add", "") else -1
                    self.params[key] = self.params[key] + sign * step
            if slip.get("after"):
                losses.append(self.compute_loss(X, Y))
            if slip.get("once"):
                break
        return None if slip.get("no_return") else losses

    return train


ALL = "W1 b1 W2 b2 W3 b3"


def chatty(self, X, Y, n_it, learning_rate=0.01, verbose=True):
    if not verbose:
        print("starting")
    return train_variant()(self, X, Y, n_it, learning_rate, verbose)


TRAIN_SLIPS = [
    ("sign of the update", train_variant(add=ALL), ["adds the gradient", "W - learning_rate"]),
    ("sign on the biases", train_variant(add="b1 b2 b3"), ["['b1', 'b2', 'b3'] move uphill"]),
    ("the default rate", train_variant(default_lr=True), ["steps with 0.01", "learning_rate=0.05"]),
    ("no rate at all", train_variant(no_lr=ALL), ["does not multiply the gradient"]),
    ("no rate on the biases", train_variant(no_lr="b1 b2 b3"), ["without the learning rate"]),
    ("no rate on W1", train_variant(no_lr="W1"), ["['W1'] are updated without the learning"]),
    ("biases not updated", train_variant(no_b=True), ["biases are not"]),
    ("last layer skipped", train_variant(skip_last=True), ["['W3', 'b3'] never change"]),
    ("nothing updated", train_variant(copy=True), ["self.params did not change"]),
    ("one update only", train_variant(once=True), ["n_it=3 made only one update"]),
    ("one update too many", train_variant(extra=1), ["n_it=1) made 2 updates"]),
    ("a stale gradient", train_variant(stale=True), ["first iteration's gradient"]),
    ("nothing returned", train_variant(no_return=True), ["returns nothing"]),
    ("losses after the update", train_variant(after=True), ["after each update"]),
    ("printing every iteration", train_variant(print_all=True), ["printed 201 lines"]),
    ("printing when silent", chatty, ["verbose=False", "printed 1 lines"]),
]

SLIPS = [
    (check, *slip)
    for check, slips in [
        (check_initialize_parameters, INIT_SLIPS),
        (check_forward_pass, FORWARD_SLIPS),
        (check_backward_pass, BACKWARD_SLIPS),
        (check_train, TRAIN_SLIPS),
    ]
    for slip in slips
]

CHECKS = [check_initialize_parameters, check_forward_pass, check_backward_pass, check_train]


@pytest.mark.parametrize(
    ("check", "name", "code", "words"), SLIPS, ids=[f"{s[0].__name__}-{s[1]}" for s in SLIPS]
)
def test_every_slip_is_named(check, name, code, words):
    fails(check(code), *words)


@pytest.mark.parametrize(
    ("check", "answer"),
    [
        (check_initialize_parameters, init_variant()),
        (check_forward_pass, forward_variant()),
        (check_backward_pass, backward_variant()),
        (check_train, train_variant()),
    ],
)
def test_the_book_s_solutions_pass(check, answer):
    passes(check(answer))


@pytest.mark.parametrize("check", CHECKS)
def test_the_package_s_class_an_object_and_a_bound_method_pass(check):
    net = NN([2, 3, 1], "relu", "identity", "mse", seed=0)
    passes(check(NN))
    passes(check(net))
    passes(check(getattr(net, check.__name__[6:])))


def torch_grads(net, X, Y):
    """PyTorch's autograd on the network's own weights (ReLU, tanh, identity, MSE)."""
    torch = require_module("torch", "PyTorch (requirements-test.txt)")
    p = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    a, z = torch.tensor(X), {}
    for l, act in zip(range(1, net.L + 1), (torch.relu, torch.tanh, lambda t: t)):
        z[l] = a @ p[f"W{l}"] + p[f"b{l}"]
        z[l].retain_grad()
        a = act(z[l])
    (torch.sum((a - torch.tensor(Y)) ** 2) / (2 * len(X))).backward()
    grads = {f"dZ{l}": z[l].grad.numpy() for l in z}
    return grads | {f"d{k}": v.grad.numpy() for k, v in p.items()}


def test_pytorch_s_backward_pass_and_training_step_pass():
    def backward_pass(self, X, Y, coef):
        return torch_grads(self, X, Y)

    def train(self, X, Y, n_it, learning_rate=0.01, verbose=True):
        losses = []
        for it in range(n_it):
            losses.append(self.compute_loss(X, Y))
            if verbose and it % 100 == 0:
                print(losses[-1])
            grads = torch_grads(self, X, Y)
            self.params = {k: v - learning_rate * grads["d" + k] for k, v in self.params.items()}
        return losses

    passes(check_backward_pass(backward_pass))
    passes(check_train(train))


@pytest.mark.parametrize("check", CHECKS)
@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(check, garbage):
    fails(check(garbage))


def test_a_check_gives_the_same_verdict_twice():
    first = check_train(train_variant(add=ALL)).message
    assert check_train(train_variant(add=ALL)).message == first


def test_hints():
    assert "default_rng(self.seed)" in str(hint_initialize_parameters(3))
    assert "return coef if training" in str(hint_forward_pass(3))
    assert "not at x" in str(hint_backward_pass(3)) and "learning_rate" in str(hint_train(3))
