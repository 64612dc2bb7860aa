"""Checks for the exercises of Part II: the forward pass and backpropagation by hand.

- ``check_forward_pass(forward)`` -- Exercise 1, ``forward(X, params)`` returns
  ``(Z1, X1, Z2, X2, Z3, X3)`` for a whole data set.
- ``check_dJ_dw3_21(value)``, ``check_dJ_dw2_21(value)``, ``check_dJ_dw1_21(value)`` --
  the chain rule for one weight of each layer, for the worked example's *second* sample
  alone (``SAMPLE``), whose cost is J = (x3 - y)^2 / 2.
- ``check_backward(backward)`` -- the matrix-form deltas, ``backward(X, Y, params)``
  returns ``{'dZ3', 'dW3', 'db3', 'dZ2', ..., 'db1'}`` for J = 1/(2n) sum_i sum_k (...)^2.

Each check compares the answer with the reference computation and, when it is wrong,
with the answers that the typical mistakes give, so that it can say which mistake it is.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from ..activations import relu
from ..data import example
from ..network import NN
from ._feedback import Feedback, fail, passed

SAMPLE = 1
"""Row of the worked example used by the one-weight exercises (the second sample)."""

NAMES = ("Z1", "X1", "Z2", "X2", "Z3", "X3")


# ---------------------------------------------------------------- shared helpers
def _number(value: Any, argname: str = "value") -> float:
    """The reader's answer as a float, or a TypeError saying what a number is."""
    arr = np.asarray(value)
    if arr.size != 1 or not (
        isinstance(value, numbers.Real) or np.issubdtype(arr.dtype, np.number)
    ):
        raise TypeError(
            f"{argname} must be one number, such as -0.147; got {type(value).__name__}"
            + (f" of shape {arr.shape}" if arr.ndim else "")
        )
    return float(arr.reshape(()))


def _close(a: float, b: float) -> bool:
    """Equal to the precision of an answer rounded to four decimals."""
    return abs(a - b) <= 1e-3 * abs(b) + 1e-4


def _diagnose_number(value: float, ref: float, mistakes: list[tuple[float, str]]) -> Feedback:
    if _close(value, ref):
        return passed(f"{value:.6g} is right.")
    for wrong, message in mistakes:
        if not _close(wrong, ref) and _close(value, wrong):
            return fail(message)
    return fail(
        f"{value:.6g} is not the derivative, and it is not one of the usual slips either. "
        "Write the chain of factors, compute each one separately, then multiply."
    )


def _network(params: dict[str, np.ndarray], derivative: Callable | None = None) -> NN:
    """A [.., .., .., ..] ReLU/identity/MSE network with the given parameters."""
    dims = [params["W1"].shape[0]] + [params[f"W{l}"].shape[1] for l in (1, 2, 3)]
    hidden: Any = "relu"
    if derivative is not None:
        hidden = {"activation": relu, "derivative": derivative}
    net = NN(dims, hidden, "identity", "mse")
    net.params = {k: np.array(v, dtype=float) for k, v in params.items()}
    return net


def cases() -> list[tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]]:
    """The data the checks run the reader's code on: the worked example and a second one.

    The second network, [3, 4, 2, 3] with five samples and random weights, catches code
    that only works for the example's sizes, and it has negative outputs (so a ReLU on
    the output shows) and three output neurons (so dividing by the wrong n shows).
    """
    rng = np.random.default_rng(20261122)
    dims = [3, 4, 2, 3]
    params = {}
    for l in (1, 2, 3):
        params[f"W{l}"] = np.round(rng.normal(0.0, 1.0, size=(dims[l - 1], dims[l])), 2)
        params[f"b{l}"] = np.round(rng.normal(0.0, 0.5, size=(1, dims[l])), 2)
    X = np.round(rng.normal(0.0, 1.0, size=(5, 3)), 1)
    Y = np.round(rng.normal(0.0, 1.0, size=(5, 3)), 1)
    return [
        (example.X.copy(), example.Y.copy(), {k: v.copy() for k, v in example.PARAMS.items()}),
        (X, Y, params),
    ]


def _call(fn: Any, argname: str, *args: Any) -> tuple[Any, Feedback | None]:
    if not callable(fn):
        raise TypeError(f"{argname} must be your function; got {type(fn).__name__}")
    copies = [
        {k: v.copy() for k, v in a.items()} if isinstance(a, dict) else a.copy() for a in args
    ]
    try:
        return fn(*copies), None
    except Exception as exc:  # noqa: BLE001 (the reader's code may fail in any way: report it)
        return None, fail(f"your function raised {type(exc).__name__}: {exc}")


def _as_array(value: Any, name: str) -> tuple[np.ndarray, Feedback | None]:
    """The reader's array as floats; with a Feedback (and an empty array) if it holds no numbers."""
    arr = np.asarray(value)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        return np.empty(0), fail(
            f"{name} must be a NumPy array of numbers; got {type(value).__name__}"
        )
    return arr.astype(float), None


def _first_difference(got: np.ndarray, ref: np.ndarray) -> str:
    r, c = np.argwhere(~np.isclose(got, ref, rtol=1e-6, atol=1e-9))[0]
    return f"row {r}, column {c}: got {got[r, c]:.6g}, expected {ref[r, c]:.6g}"


def _shape_problem(name: str, got: np.ndarray, ref: np.ndarray, hint: str) -> str | None:
    if got.shape == ref.shape:
        return None
    if got.ndim == 2 and got.shape == ref.shape[::-1]:
        return f"{name} has shape {got.shape}, the transpose of the expected {ref.shape}: {hint}"
    return f"{name} has shape {got.shape}; expected {ref.shape}: {hint}"


# ---------------------------------------------------------------- Exercise 1
def check_forward_pass(forward: Any) -> Feedback:
    """Check ``forward(X, params) -> (Z1, X1, Z2, X2, Z3, X3)`` (ReLU hidden, identity out)."""
    for X, _, params in cases():
        result, error = _call(forward, "forward", X, params)
        if error is not None:
            return error
        if not isinstance(result, (tuple, list)) or len(result) != 6:
            return fail("forward must return the six arrays (Z1, X1, Z2, X2, Z3, X3) in this order")
        coef = _network(params).forward_pass(X, training=True)
        for pos, name in enumerate(NAMES):
            got, error = _as_array(result[pos], name)
            if error is not None:
                return error
            l = int(name[1])
            ref = coef[name.lower()]
            problem = _shape_problem(
                name,
                got,
                ref,
                "one row per sample and one column per neuron of layer "
                f"{l}; compute X{l - 1} @ W{l}, not W{l}.T @ X{l - 1}.T",
            )
            if problem:
                return fail(problem)
            if np.allclose(got, ref, rtol=1e-6, atol=1e-9):
                continue
            return fail(_forward_mistake(name, got, coef, params))
    return passed("Z1, X1, Z2, X2, Z3 and X3 are right, for the example and for another network.")


def _forward_mistake(name: str, got: np.ndarray, coef: dict, params: dict) -> str:
    l = int(name[1])
    W, b = params[f"W{l}"], params[f"b{l}"]
    prev_x = coef[f"x{l - 1}"]

    def same(a: np.ndarray) -> bool:
        return np.allclose(got, a, rtol=1e-6, atol=1e-9)

    if name[0] == "Z":
        if same(prev_x @ W):
            return f"{name} is missing the bias: add b{l} to every row (broadcasting does it)."
        if l > 1 and same(coef[f"z{l - 1}"] @ W + b):
            return (
                f"{name} is computed from Z{l - 1}; the next layer receives the activations "
                f"X{l - 1} = a(Z{l - 1}), not the receptors."
            )
        return f"{name} is wrong at {_first_difference(got, coef[name.lower()])}."
    z = coef[f"z{l}"]
    if l < 3 and same(z):
        return f"{name} equals Z{l}: apply the ReLU, X{l} = max(0, Z{l})."
    if l == 3 and same(relu(z)):
        return (
            "X3 has a ReLU applied to the output. The output activation is the identity "
            "(X3 = Z3): a ReLU output could never predict a negative value."
        )
    return f"{name} is wrong at {_first_difference(got, coef[name.lower()])}."


# ---------------------------------------------------------------- the one-weight exercises
def sample_values() -> dict[str, np.ndarray]:
    """Forward values of the example's sample ``SAMPLE``: x0, z1, x1, ..., x3 as 1-D arrays, and y."""
    net = example.network()
    rows = slice(SAMPLE, SAMPLE + 1)
    coef = net.forward_pass(example.X[rows], training=True)
    values = {k: v[0] for k, v in coef.items()}
    values["y"] = example.Y[SAMPLE]
    return values


def dJ_dw3_21() -> float:
    """dJ/dw(3)_{2,1} = (x(3)_1 - y) * 1 * x(2)_2 for the sample (1-based indices)."""
    v = sample_values()
    return float((v["x3"][0] - v["y"][0]) * v["x2"][1])


def check_dJ_dw3_21(value: Any) -> Feedback:
    """Exercise 2: dJ/dw(3)_{2,1} for the example's second sample alone."""
    value = _number(value)
    v = sample_values()
    err = float(v["x3"][0] - v["y"][0])
    w3 = example.PARAMS["W3"]
    mistakes = [
        (-dJ_dw3_21(), "The sign is wrong: dJ/dx(3) = x(3)_1 - y (prediction minus target)."),
        (
            err * float(v["x1"][1]),
            (
                "You multiplied by x(1)_2, a neuron of layer 1. The weight w(3)_{2,1} leaves "
                "neuron 2 of layer 2, so dz(3)_1/dw(3)_{2,1} = x(2)_2."
            ),
        ),
        (
            err * float(v["x2"][0]),
            (
                "That is dJ/dw(3)_{1,1}: the weight w(3)_{2,1} starts at neuron 2 of layer 2, "
                "so the last factor is x(2)_2, not x(2)_1."
            ),
        ),
        (
            err * float(w3[1, 0]),
            (
                "You took the derivative with respect to the wrong variable: dz/dx is the "
                "weight, but dz(3)_1/dw(3)_{2,1} is the input the weight multiplies, x(2)_2."
            ),
        ),
        (
            err,
            (
                "The last factor is missing: dz(3)_1/dw(3)_{2,1} = x(2)_2 (your number is "
                "dJ/dz(3)_1, which is also dJ/db(3)_1)."
            ),
        ),
    ]
    return _diagnose_number(value, dJ_dw3_21(), mistakes)


def dJ_dw2_21() -> float:
    """dJ/dw(2)_{2,1} = (x(3)_1 - y) w(3)_{1,1} a'(z(2)_1) x(1)_2 for the sample."""
    v = sample_values()
    w3 = example.PARAMS["W3"]
    on = float(v["z2"][0] > 0)
    return float((v["x3"][0] - v["y"][0]) * w3[0, 0] * on * v["x1"][1])


def check_dJ_dw2_21(value: Any) -> Feedback:
    """A layer-2 weight: dJ/dw(2)_{2,1} for the example's second sample alone."""
    value = _number(value)
    v = sample_values()
    err = float(v["x3"][0] - v["y"][0])
    W2, W3 = example.PARAMS["W2"], example.PARAMS["W3"]
    on = [float(z > 0) for z in v["z2"]]
    mistakes = [
        (-dJ_dw2_21(), "The sign is wrong: dJ/dx(3)_1 = x(3)_1 - y, prediction minus target."),
        (
            err * W3[0, 0] * on[0] * float(v["x0"][1]),
            (
                "You multiplied by x(0)_2, an input. A layer-2 weight multiplies a neuron of "
                "layer 1: dz(2)_1/dw(2)_{2,1} = x(1)_2."
            ),
        ),
        (
            err * W3[0, 0] * on[0] * float(v["x1"][0]),
            (
                "You multiplied by x(1)_1. The weight w(2)_{2,1} leaves neuron 2 of layer 1, "
                "so dz(2)_1/dw(2)_{2,1} = x(1)_2 (the first index is where the weight starts)."
            ),
        ),
        (
            err * W3[1, 0] * on[1] * float(v["x1"][1]),
            (
                "That is dJ/dw(2)_{2,2}, a path through neuron 2 of layer 2. The weight "
                "w(2)_{2,1} arrives at neuron 1 of layer 2, and from there w(3)_{1,1} leads on."
            ),
        ),
        (
            err * on[0] * float(v["x1"][1]),
            (
                "A factor is missing: dz(3)_1/dx(2)_1 = w(3)_{1,1}, the weight from neuron 1 "
                "of layer 2 to the output."
            ),
        ),
        (
            err * W3[0, 0] * on[0] * float(W2[1, 0]),
            (
                "You took the derivative with respect to the wrong variable: dz(2)_1/dw(2)_{2,1} "
                "is the input x(1)_2 that the weight multiplies, not the weight itself."
            ),
        ),
    ]
    return _diagnose_number(value, dJ_dw2_21(), mistakes)


def _paths_w1_21() -> list[float]:
    """For dJ/dw(1)_{2,1}: the factor w(3)_{m,1} a'(z(2)_m) w(2)_{1,m} of each path m."""
    v = sample_values()
    W2, W3 = example.PARAMS["W2"], example.PARAMS["W3"]
    return [float(W3[m, 0] * (v["z2"][m] > 0) * W2[0, m]) for m in range(W2.shape[1])]


def dJ_dw1_21() -> float:
    """dJ/dw(1)_{2,1} = (x(3)_1 - y) [sum_m w(3)_{m,1} a'(z(2)_m) w(2)_{1,m}] a'(z(1)_1) x(0)_2."""
    v = sample_values()
    on = float(v["z1"][0] > 0)
    return float((v["x3"][0] - v["y"][0]) * sum(_paths_w1_21()) * on * v["x0"][1])


def check_dJ_dw1_21(value: Any) -> Feedback:
    """A layer-1 weight: dJ/dw(1)_{2,1} for the example's second sample alone."""
    value = _number(value)
    v = sample_values()
    err = float(v["x3"][0] - v["y"][0])
    W2, W3 = example.PARAMS["W2"], example.PARAMS["W3"]
    on1 = float(v["z1"][0] > 0)
    paths = _paths_w1_21()
    rest = err * on1 * float(v["x0"][1])
    column = sum(float(W3[m, 0] * (v["z2"][m] > 0) * W2[m, 0]) for m in range(W2.shape[1]))
    mistakes = [(-dJ_dw1_21(), "The sign is wrong: dJ/dx(3)_1 = x(3)_1 - y.")]
    for m, p in enumerate(paths):
        mistakes.append(
            (
                rest * p,
                (
                    f"You followed only the path through neuron {m + 1} of layer 2. Neuron 1 of "
                    "layer 1 feeds every neuron of layer 2, so add the contributions of all paths."
                ),
            )
        )
    mistakes += [
        (
            err * sum(paths) * on1 * float(v["x0"][0]),
            (
                "You multiplied by x(0)_1. The weight w(1)_{2,1} leaves input 2, so the last "
                "factor is x(0)_2."
            ),
        ),
        (
            rest * column,
            (
                "You used the weights arriving at neuron 1 of layer 2 (column 1 of W(2)). The "
                "paths leave neuron 1 of layer 1: use row 1 of W(2), w(2)_{1,m}."
            ),
        ),
        (
            rest * float(np.prod(paths)),
            (
                "You multiplied the paths together. The chain rule adds the contributions of "
                "separate paths; it multiplies only the factors along one path."
            ),
        ),
    ]
    return _diagnose_number(value, dJ_dw1_21(), mistakes)


# ---------------------------------------------------------------- the matrix-form deltas
GRAD_KEYS = ("dZ3", "dW3", "db3", "dZ2", "dW2", "db2", "dZ1", "dW1", "db1")


def check_backward(backward: Any) -> Feedback:
    """Check ``backward(X, Y, params)`` returning dZl, dWl, dbl for l = 3, 2, 1."""
    for X, Y, params in cases():
        result, error = _call(backward, "backward", X, Y, params)
        if error is not None:
            return error
        if not isinstance(result, dict):
            return fail(f"backward must return a dict with the keys {list(GRAD_KEYS)}")
        missing = [k for k in GRAD_KEYS if k not in result]
        if missing:
            return fail(f"the dict returned by backward is missing {missing}")
        net = _network(params)
        ref = net.backward(net.forward(X), Y)
        alt = _network(params, derivative=lambda z: np.ones_like(z))
        no_relu = alt.backward(alt.forward(X), Y)
        n, n_out = Y.shape
        for key in GRAD_KEYS:
            got, error = _as_array(result[key], key)
            if error is not None:
                return error
            problem = _backward_shape(key, got, ref[key], n)
            if problem:
                return fail(problem)
            if not np.allclose(got, ref[key], rtol=1e-6, atol=1e-10):
                return fail(_backward_mistake(key, got, ref[key], no_relu[key], n, n_out, X, Y))
    return passed("every dZ, dW and db is right, for the example and for another network.")


def _backward_shape(key: str, got: np.ndarray, ref: np.ndarray, n: int) -> str | None:
    l = key[-1]
    if key.startswith("db"):
        if got.shape == (n, ref.shape[1]) and n != ref.shape[1]:
            return (
                f"{key} has one row per sample, shape {got.shape}: a bias gets the sum over "
                f"the samples, np.sum(dZ{l}, axis=0, keepdims=True), shape {ref.shape}."
            )
        if got.shape == (ref.shape[1],):
            return f"{key} has shape {got.shape}; keep it a row like b{l}: keepdims=True."
        if got.shape == (n, 1) and ref.shape != (n, 1):
            return f"{key} summed over the wrong axis: sum over the samples, axis=0."
    hints = {
        "dZ": f"dZ{l} has the shape of Z{l}, one row per sample",
        "dW": f"dW{l} has the shape of W{l}: dW{l} = X{int(l) - 1}.T @ dZ{l}, not dZ{l}.T @ X",
        "db": f"db{l} has the shape of b{l}",
    }
    return _shape_problem(key, got, ref, hints[key[:2]])


def _backward_mistake(
    key: str,
    got: np.ndarray,
    ref: np.ndarray,
    no_relu: np.ndarray,
    n: int,
    n_out: int,
    X: np.ndarray,
    Y: np.ndarray,
) -> str:
    def same(a: np.ndarray) -> bool:
        return np.allclose(got, a, rtol=1e-6, atol=1e-10)

    factors = [
        (-1.0, "the sign is wrong: dJ/dX3 = (X3 - Y)/n, prediction minus target"),
        (float(n), "it is n times too large: J averages over the n samples, so divide by n"),
        (0.5, "it is half the right value: the 1/2 in J cancels the 2 of the square"),
        (1.0 / n, "it is divided by n twice: the 1/n is already inside dJ/dX3"),
        (
            1.0 / n_out,
            (
                "it is divided by n times the number of outputs (as np.mean over every entry "
                "does): the cost is J = 1/(2n) sum_i sum_k (...)^2, so divide by n only"
            ),
        ),
    ]
    for factor, why in factors:
        if same(factor * ref):
            return f"{key} is wrong: {why}."
    if same(no_relu):
        return (
            f"{key} is wrong: multiply by the ReLU's derivative a'(Z) (1 where Z > 0, "
            "else 0) when you go back through a hidden layer."
        )
    if key == "dZ3" and same(ref * (ref * n + Y > 0)):
        return "dZ3 is wrong: the output activation is the identity, so a'(Z3) = 1 everywhere."
    return f"{key} is wrong at {_first_difference(got, ref)}."
