"""Checks for Part III's exercises: the pieces of the ``NN`` class, built by the reader.

- ``check_relu(relu_dict)``: ``{'activation': f, 'derivative': f_prime}`` for ReLU
- ``check_identity(identity_dict)``: the same for the identity
- ``check_mse(mse_dict)``: ``{'loss': J, 'derivative': dJ_da}``
- ``check_initialize_parameters(initialize_parameters)``: a function of ``self``
- ``check_forward_pass(forward_pass)``: ``forward_pass(self, X, training=False)``
- ``check_backward_pass(backward_pass)``: ``backward_pass(self, X, Y, coef)``
- ``check_train(train)``: ``train(self, X, Y, n_it, learning_rate=0.01, verbose=True)``

A method may also be handed in as a class that has it, or as a bound method. The check
binds the reader's function to a reference ``NN`` whose other methods are the book's, so
that a mistake is always found in the piece being checked. Each check compares with the
reference computation on data of its own and, when they differ, tries the typical
mistakes (a forgotten bias, a sign error, a wrong 1/n, a transposed shape, ...) to say
what went wrong.
"""

from __future__ import annotations

import contextlib
import inspect
import io
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from ..activations import ACTIVATIONS
from ..network import INIT_STD, NN
from ..validate import check_function_dict, shape_text
from ._feedback import Feedback, fail, passed

# ---------------------------------------------------------------- shared helpers


def _same(a: Any, b: np.ndarray) -> bool:
    """Same shape and the same numbers up to rounding."""
    a = np.asarray(a)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-12))


def _shape_problem(name: str, got: Any, want: tuple[int, ...], hint: str = "") -> str | None:
    """A sentence about a wrong shape, or None when the shape is right."""
    shape = np.shape(got)
    if shape == want:
        return None
    if shape == ():
        return f"{name} is a single number, but it must be an array of shape {shape_text(want)}"
    msg = f"{name} has shape {shape_text(shape)}, but it must have shape {shape_text(want)}"
    if len(want) == 2 and shape == want[::-1]:
        msg += " (it is transposed)"
    return msg + (f"; {hint}" if hint else "")


def _where_differs(name: str, got: np.ndarray, want: np.ndarray) -> str:
    i = np.unravel_index(np.argmax(np.abs(got - want)), want.shape)
    pos = ", ".join(str(int(k)) for k in i)
    return (
        f"{name} differs from the reference: at [{pos}] it is {float(got[i]):.6g} "
        f"instead of {float(want[i]):.6g}"
    )


def _call(fn: Callable, *args: Any, **kwargs: Any) -> tuple[Any, Feedback | None]:
    """Run the reader's code; an exception becomes a ``fail`` that names it."""
    try:
        return fn(*args, **kwargs), None
    except Exception as exc:  # noqa: BLE001 (a learner's code may raise anything)
        name = getattr(fn, "__name__", "your function")
        return None, fail(f"{name} raised {type(exc).__name__}: {exc}")


def _read_only(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


_NOTHING = _read_only(np.empty(0))
"""Stands in for an array when the reader's code gave none (the Feedback says why)."""


def _as_numbers(name: str, value: Any) -> tuple[np.ndarray, Feedback | None]:
    if value is None:
        return _NOTHING, fail(f"{name} is None: did you forget the return statement?")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return _NOTHING, fail(
            f"{name} must be a NumPy array of numbers; got {type(value).__name__}"
        )
    return arr, None


def _function_dict(answer: Any, what: str, keys: tuple[str, str], kind: str) -> Feedback | None:
    """Is ``answer`` a dict with the two callables under ``keys``? (None when it is.)"""
    if callable(answer) and not isinstance(answer, Mapping):
        return fail(
            f"you passed a function; the {what} must be a dict "
            f"{{{keys[0]!r}: ..., {keys[1]!r}: ...}} holding two functions"
        )
    if not isinstance(answer, Mapping):
        raise TypeError(
            f"the {what} must be a dict with keys {list(keys)}; got {type(answer).__name__}"
        )
    try:
        check_function_dict(answer, what, keys, {}, kind)
    except (TypeError, ValueError) as exc:  # a wrong answer, not a wrong call
        return fail(str(exc))
    return None


def _first_match(got: np.ndarray, candidates: list[tuple[np.ndarray, str]]) -> str | None:
    for value, message in candidates:
        if _same(got, value):
            return message
    return None


def _method(answer: Any, name: str) -> Callable:
    """The plain function to bind: from a function, a bound method or a class."""
    if isinstance(answer, type):
        fn = getattr(answer, name, None)
        if fn is None:
            raise TypeError(f"the class {answer.__name__} has no method {name}")
        return fn
    if inspect.ismethod(answer):
        return answer.__func__
    if not callable(answer):
        raise TypeError(f"pass your function {name}(self, ...); got {type(answer).__name__}")
    return answer


# ---------------------------------------------------------------- activations and loss

_Z = _read_only(
    np.array(
        [
            [-2.0, 0.5, 1.5],
            [0.3, -0.7, -1.2],
            [2.5, -0.1, 0.8],
            [-0.4, 1.1, -3.0],
        ]
    )
)
"""Receptors the activation checks use: both signs, none at the kink 0."""


def _apply(fn: Callable, label: str, z: np.ndarray) -> tuple[np.ndarray, Feedback | None]:
    """Call fn(z) on a copy, check it left z alone and returned an array shaped like z."""
    arg = z.copy()
    out, fb = _call(fn, arg)
    if fb is not None:
        return _NOTHING, fail(f"{label}(z) raised an error: {fb.message}")
    if not np.array_equal(arg, z):
        return _NOTHING, fail(
            f"{label}(z) changes its argument z in place (as z[z < 0] = 0 does); "
            "return a new array and leave z as it was"
        )
    arr, fb = _as_numbers(f"{label}(z)", out)
    if fb is not None:
        return _NOTHING, fb
    problem = _shape_problem(f"{label}(z)", arr, z.shape, "it must have the shape of z")
    if problem:
        if arr.ndim == 0:
            problem += (
                " (Python's max(0, z) or np.max(z) give one number; np.maximum works entrywise)"
            )
        return _NOTHING, fail(problem)
    return arr, None


def check_relu(relu_dict: Any) -> Feedback:
    """Exercise: the ReLU dict ``{'activation': a, 'derivative': a_prime}``.

    a(z) = max{0, z} entrywise and a'(z) = 1 where z > 0, else 0.
    """
    fb = _function_dict(relu_dict, "relu_dict", ("activation", "derivative"), "activation")
    if fb is not None:
        return fb
    z = _Z
    a, fb = _apply(relu_dict["activation"], "activation", z)
    if fb is not None:
        return fb
    want = np.maximum(0.0, z)
    if not _same(a, want):
        hint = _first_match(
            a,
            [
                (
                    z,
                    "activation(z) returns z unchanged: that is the identity, ReLU sets z < 0 to 0",
                ),
                (np.minimum(0.0, z), "activation(z) keeps the negative part; ReLU keeps z > 0"),
                (np.abs(z), "activation(z) returns |z|; ReLU sets negative receptors to 0"),
                ((z > 0).astype(float), "activation(z) returns the slope (0 or 1), not max{0, z}"),
            ],
        )
        return fail(hint or _where_differs("activation(z)", a, want))
    d, fb = _apply(relu_dict["derivative"], "derivative", z)
    if fb is not None:
        return fb
    want_d = (z > 0).astype(np.float64)
    if not _same(d, want_d):
        hint = _first_match(
            d,
            [
                (want, "derivative(z) returns max{0, z}, the activation itself, not its slope"),
                (
                    np.ones_like(z),
                    (
                        "derivative(z) is 1 everywhere (the identity's slope); "
                        "ReLU is flat, slope 0, where z < 0"
                    ),
                ),
                (
                    (z < 0).astype(float),
                    (
                        "derivative(z) is 1 where z < 0: the other way round, "
                        "the slope is 1 where z > 0"
                    ),
                ),
                (-want_d, "derivative(z) has the wrong sign: the slope is +1 where z > 0"),
            ],
        )
        return fail(hint or _where_differs("derivative(z)", d, want_d))
    return passed("ReLU and its derivative are right, entrywise, for any array shape.")


def check_identity(identity_dict: Any) -> Feedback:
    """Exercise: the identity dict: a(z) = z and a'(z) = 1 (an array of ones shaped like z)."""
    fb = _function_dict(identity_dict, "identity_dict", ("activation", "derivative"), "activation")
    if fb is not None:
        return fb
    z = _Z
    a, fb = _apply(identity_dict["activation"], "activation", z)
    if fb is not None:
        return fb
    if not _same(a, z):
        hint = _first_match(
            a,
            [
                (np.maximum(0.0, z), "activation(z) is ReLU; the identity returns z unchanged"),
                (np.ones_like(z), "activation(z) returns ones, the slope; the activation is z"),
            ],
        )
        return fail(hint or _where_differs("activation(z)", a, z))
    out, fb = _call(identity_dict["derivative"], z.copy())
    if fb is not None:
        return fail(f"derivative(z) raised an error: {fb.message}")
    if np.ndim(out) == 0:
        return fail(
            f"derivative(z) returns the single number {out!r}; return an array of ones of the "
            f"shape of z, {shape_text(z.shape)}, with np.ones_like(z), so that every layer's "
            "a'(Z) has the shape of Z"
        )
    d, fb = _apply(identity_dict["derivative"], "derivative", z)
    if fb is not None:
        return fb
    want_d = np.ones_like(z)
    if not _same(d, want_d):
        hint = _first_match(
            d,
            [
                (z, "derivative(z) returns z, the activation, not its slope 1"),
                (np.zeros_like(z), "derivative(z) returns zeros; the slope of a(z) = z is 1"),
            ],
        )
        return fail(hint or _where_differs("derivative(z)", d, want_d))
    return passed("the identity and its derivative (ones shaped like z) are right.")


def _mse_data() -> tuple[np.ndarray, np.ndarray]:
    """Five samples, three outputs: a loss averaged over all 15 entries is caught."""
    rng = np.random.default_rng(13)
    return rng.normal(size=(5, 3)), rng.normal(size=(5, 3))


def check_mse(mse_dict: Any) -> Feedback:
    """Exercise: the MSE dict, J = 1/(2n) sum_i sum_k (a_ik - y_ik)^2 and dJ/da = (a - Y)/n.

    The check uses five samples with three outputs each, so that dividing by the number
    of entries (``np.mean``) instead of the number of samples shows.
    """
    fb = _function_dict(mse_dict, "mse_dict", ("loss", "derivative"), "loss")
    if fb is not None:
        return fb
    a, Y = _mse_data()
    n, k = Y.shape
    S = float(np.sum((a - Y) ** 2))
    J, fb = _call(mse_dict["loss"], a.copy(), Y.copy())
    if fb is not None:
        return fail(f"loss(a, Y) raised an error: {fb.message}")
    if np.size(J) != 1:
        return fail(
            f"loss(a, Y) returns an array of shape {shape_text(np.shape(J))}; it must return "
            "one number J: sum over the outputs and the samples"
        )
    if J is None:
        return fail("loss(a, Y) returns None: return the number J")
    J_arr, fb = _as_numbers("loss(a, Y)", J)
    if fb is not None:
        return fb
    J = float(J_arr.reshape(()))
    want = S / (2 * n)
    if not np.isclose(J, want, rtol=1e-9):
        for value, msg in [
            (
                S / (2 * n * k),
                (
                    f"loss divides by n * n_outputs = {n * k}, the number of entries "
                    f"(np.mean over the whole array), instead of by n = {n} samples; then it is "
                    f"{k} times smaller than J = 1/(2n) sum_i sum_k (a - y)^2 and no longer matches "
                    "the derivative (a - Y)/n"
                ),
            ),
            (
                S / (2 * k),
                (
                    f"loss divides by the number of outputs (a.shape[1] = {k}) instead of "
                    f"the number of samples (a.shape[0] = {n}): samples are rows"
                ),
            ),
            (S / n, "loss forgot the factor 1/2: J = 1/(2n) sum (a - y)^2"),
            (
                S / (n * k),
                (
                    "loss is np.mean((a - Y)**2) without the 1/2, and it divides by the "
                    f"number of entries {n * k} instead of the n = {n} samples"
                ),
            ),
            (S / 2, f"loss does not divide by the number of samples n = {n}"),
            (S, "loss is the plain sum of squares: divide by 2n"),
            (-want, "loss has the wrong sign: J is a sum of squares, never negative"),
        ]:
            if np.isclose(J, value, rtol=1e-9):
                return fail(msg)
        return fail(f"loss(a, Y) = {J:.6g} on the check's data, but J = {want:.6g}")
    out, fb = _call(mse_dict["derivative"], a.copy(), Y.copy())
    if fb is not None:
        return fail(f"derivative(a, Y) raised an error: {fb.message}")
    D, fb = _as_numbers("derivative(a, Y)", out)
    if fb is not None:
        return fb
    problem = _shape_problem("derivative(a, Y)", D, a.shape, "one entry per entry of a")
    if problem:
        return fail(problem)
    want_d = (a - Y) / n
    if not _same(D, want_d):
        hint = _first_match(
            D,
            [
                (-want_d, "derivative has the wrong sign: dJ/da = (a - Y)/n, not (Y - a)/n"),
                (a - Y, f"derivative forgot to divide by the number of samples n = {n}"),
                (
                    want_d / k,
                    (
                        f"derivative divides by n * n_outputs = {n * k} (the derivative of "
                        f"np.mean(...)/2); J sums over outputs, so dJ/da = (a - Y)/n with n = {n}"
                    ),
                ),
                (
                    (a - Y) / k,
                    (
                        f"derivative divides by the number of outputs (a.shape[1] = {k}) "
                        f"instead of the number of samples (a.shape[0] = {n})"
                    ),
                ),
                (
                    2 * want_d,
                    "derivative is twice too large: the 2 from the square cancels the 1/2",
                ),
            ],
        )
        return fail(hint or _where_differs("derivative(a, Y)", D, want_d))
    return passed("J = 1/(2n) sum (a - y)^2 and dJ/da = (a - Y)/n, also with several outputs.")


# ---------------------------------------------------------------- the NN methods


def _demo_net() -> NN:
    """[3, 4, 3, 2]: ReLU then tanh in the hidden layers, identity output, MSE.

    Different hidden activations catch a layer using the wrong one; tanh catches a
    derivative taken at x instead of z (for ReLU both give the same 0/1); biases that are
    not zero catch a forgotten bias; two outputs catch a wrong 1/n.
    """
    net = NN(
        [3, 4, 3, 2],
        [ACTIVATIONS["relu"], ACTIVATIONS["tanh"]],
        ACTIVATIONS["identity"],
        "mse",
        seed=0,
    )
    rng = np.random.default_rng(5)
    for name, p in net.params.items():
        p[...] = rng.normal(0.0, 0.8 if name.startswith("W") else 0.5, size=p.shape)
    return net


def _demo_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(6)
    return rng.normal(size=(6, 3)), rng.normal(size=(6, 2))


def check_initialize_parameters(initialize_parameters: Any) -> Feedback:
    """Exercise: ``initialize_parameters(self)`` sets and returns ``self.params``.

    W(l) ~ Normal(0, 0.001^2) of shape (n_{l-1}, n_l), b(l) zeros of shape (1, n_l), keys
    W1, b1, ..., drawn in that order from ``np.random.default_rng(self.seed)``.
    """
    fn = _method(initialize_parameters, "initialize_parameters")
    dims = [4, 5, 3, 2]
    net = NN(dims, "relu", "identity", "mse", seed=7)
    want = {k: v.copy() for k, v in net.params.items()}
    net.params = {}
    out, fb = _call(fn, net)
    if fb is not None:
        return fb
    params = net.params
    if not isinstance(params, dict) or not params:
        if isinstance(out, Mapping) and out:
            return fail("the dict is returned but not stored: set self.params = {...} too")
        return fail("self.params is still empty: store the weights and biases in self.params")
    if not isinstance(out, Mapping) or sorted(out) != sorted(params):
        return fail("self.params is set, but the method must also return self.params")
    expected = list(want)
    got_keys = list(params)
    if sorted(got_keys) != sorted(expected):
        lower = sorted(k.upper() if k[0] == "w" else k for k in got_keys)
        if any(k.startswith("w") for k in got_keys) and lower == sorted(expected):
            return fail("the weights are named w1, w2, ...; the keys are W1, b1, W2, b2, ...")
        if "W0" in got_keys or "b0" in got_keys:
            return fail(
                "the keys start at W0/b0; layer 0 is the input, so the weights of layer l "
                f"are W{{l}} for l = 1..L: {expected}"
            )
        missing = [k for k in expected if k not in params]
        extra = [k for k in got_keys if k not in want]
        return fail(
            f"self.params should have the keys {expected}; missing {missing}, extra {extra}"
        )
    for l in range(1, len(dims)):
        W, b = params[f"W{l}"], params[f"b{l}"]
        problem = _shape_problem(
            f"W{l}",
            W,
            (dims[l - 1], dims[l]),
            f"one row per neuron of layer {l - 1} ({dims[l - 1]}), one column per neuron of "
            f"layer {l} ({dims[l]})",
        )
        if problem:
            return fail(problem)
        problem = _shape_problem(f"b{l}", b, (1, dims[l]), "a row: np.zeros((1, n_l))")
        if problem:
            return fail(problem)
        if np.any(np.asarray(b) != 0):
            return fail(f"b{l} is not zero: the biases start at 0, only the weights are random")
    weights = np.concatenate([np.ravel(params[f"W{l}"]) for l in range(1, len(dims))])
    std = float(np.sqrt(np.mean(weights**2)))
    if std == 0:
        return fail(
            "all weights are 0: neurons of a layer would stay identical; draw them at random"
        )
    if np.all(weights > 0):
        return fail(
            "every weight is positive: draw from a normal distribution centred at 0 "
            "(rng.normal), not a uniform one on [0, 1)"
        )
    if std < 1e-5:
        return fail(
            f"the weights have a spread of about {std:.1g}: NumPy's scale is the standard "
            f"deviation, so pass {INIT_STD}, not the variance {INIT_STD}**2"
        )
    if not 0.3 * INIT_STD < std < 3 * INIT_STD:
        return fail(
            f"the weights have a standard deviation of about {std:.3g}, but they should be "
            f"drawn from Normal(0, {INIT_STD}^2): rng.normal(0.0, {INIT_STD}, size=...)"
        )
    again = NN(dims, "relu", "identity", "mse", seed=7)
    again.params = {}
    _, fb = _call(fn, again)
    if fb is not None:
        return fb
    if not all(_same(again.params.get(k), np.asarray(params[k])) for k in expected):
        return fail(
            "two calls with the same seed give different weights: draw from "
            "rng = np.random.default_rng(self.seed), not from np.random directly"
        )
    for k in expected:
        if not _same(params[k], want[k]):
            return fail(
                f"shapes and scale are right, but {k} is not the reference's draw: make one "
                "rng = np.random.default_rng(self.seed) and draw W1, W2, ... in layer order "
                "with rng.normal(0.0, 0.001, size=(n_prev, n_l)); do not draw the biases"
            )
    return passed("keys, shapes, N(0, 0.001^2) weights, zero biases, and the seed all match.")


def _forward_hint(net: NN, key: str, got: np.ndarray, ref: dict[str, np.ndarray]) -> str:
    """Why the stored value ``key`` ('z2', 'x1', ...) differs from the reference."""
    l = int(key[1:])
    if key == "x0":
        return "x0 must be the input X itself"
    if key[0] == "z":
        W, b = net.params[f"W{l}"], net.params[f"b{l}"]
        candidates = [
            (ref[f"x{l - 1}"] @ W, f"z{l} misses the bias: z{l} = x{l - 1} @ W{l} + b{l}"),
            (ref[f"x{l}"], f"the activation x{l} is stored under z{l}; z{l} is the receptor"),
            (ref[f"x{l - 1}"] @ W - b, f"z{l} subtracts the bias; add it"),
        ]
    else:
        candidates = [(ref[f"z{l}"], f"x{l} equals z{l}: the activation was not applied")]
        mine = net.activations[l - 1]
        for name in ("relu", "tanh", "identity"):
            act = ACTIVATIONS[name]
            if act["activation"] is not mine["activation"]:
                candidates.append(
                    (
                        act["activation"](ref[f"z{l}"]),
                        (
                            f"x{l} applies {name}, the activation of another layer; layer {l} "
                            f"uses self.activations[{l - 1}]"
                        ),
                    )
                )
    return _first_match(got, candidates) or _where_differs(key, got, ref[key])


def check_forward_pass(forward_pass: Any) -> Feedback:
    """Exercise: ``forward_pass(self, X, training=False)``.

    Returns X(L); with ``training=True`` the dict {'x0': X, 'z1': Z(1), 'x1': X(1), ...}.
    """
    fn = _method(forward_pass, "forward_pass")
    net = _demo_net()
    X, _ = _demo_data()
    ref = net.forward(X)
    L = net.L
    coef, fb = _call(fn, net, X.copy(), training=True)
    if fb is not None:
        return fb
    if not isinstance(coef, Mapping):
        return fail(
            "with training=True, forward_pass must return the dict "
            f"{{'x0': X, 'z1': ..., 'x1': ..., ..., 'x{L}': ...}}; got {type(coef).__name__}"
        )
    order = ["x0"] + [f"{k}{l}" for l in range(1, L + 1) for k in ("z", "x")]
    if "x0" not in coef:
        return fail("the dict does not store x0, the input X: backward_pass needs it for dW1")
    missing = [k for k in order if k not in coef]
    if missing:
        return fail(
            f"the dict is missing {missing}; store z{{l}} and x{{l}} of every layer l = 1..{L}: "
            f"the keys are {order} (it has {list(coef)})"
        )
    for key in order:
        got, fb = _as_numbers(key, coef[key])
        if fb is not None:
            return fb
        problem = _shape_problem(key, got, ref[key].shape, "one row per sample")
        if problem:
            return fail(problem)
        if not _same(got, ref[key]):
            return fail(_forward_hint(net, key, got, ref))
    out, fb = _call(fn, net, X.copy())
    if fb is not None:
        return fb
    if isinstance(out, Mapping):
        return fail(f"with training=False (the default), return only the output x{L}, not the dict")
    out, fb = _as_numbers("the output", out)
    if fb is not None:
        return fb
    problem = _shape_problem(f"the output x{L}", out, ref[f"x{L}"].shape)
    if problem or not _same(out, ref[f"x{L}"]):
        return fail(problem or f"with training=False the output differs from x{L} of the dict")
    return passed(f"the dict holds x0, z1, x1, ..., x{L} and the output is right.")


def _backward_hint(
    net: NN, key: str, got: np.ndarray, ref: dict[str, np.ndarray], coef: dict[str, np.ndarray]
) -> str:
    """Why the gradient ``key`` ('dZ2', 'dW1', ...) differs from the reference."""
    kind, l = key[:2], int(key[2:])
    want = ref[key]
    n, k = coef["x0"].shape[0], coef[f"x{net.L}"].shape[1]
    candidates = [
        (-want, f"{key} has the wrong sign: gradients point uphill, dJ/da = (a - Y)/n"),
        (
            n * want,
            (
                f"{key} is n = {n} times too large: it is not averaged over the samples. "
                "dZ is dJ/dZ, whose 1/n comes from the loss derivative (a - Y)/n"
            ),
        ),
        (want / n, f"{key} is divided by n = {n} twice: the 1/n is already in dZ{net.L}"),
        (
            want / k,
            (
                f"{key} is {k} times too small: the loss derivative divides by n = {n}, "
                f"not by the {n * k} entries"
            ),
        ),
    ]
    if kind == "dZ" and l < net.L:
        back = ref[f"dZ{l + 1}"] @ net.params[f"W{l + 1}"].T
        deriv = net.activations[l - 1]["derivative"]
        candidates += [
            (
                back * deriv(coef[f"x{l}"]),
                (
                    f"{key} takes the derivative at x{l}; a'(z) is evaluated at the receptor z{l}: "
                    f"dZ{l} = (dZ{l + 1} @ W{l + 1}.T) * a'(z{l})"
                ),
            ),
            (
                back,
                f"{key} forgot the factor a'(z{l}): dZ{l} = (dZ{l + 1} @ W{l + 1}.T) * a'(z{l})",
            ),
        ]
        for other in net.activations:
            if other["derivative"] is not deriv:
                candidates.append(
                    (
                        back * other["derivative"](coef[f"z{l}"]),
                        (
                            f"{key} uses the derivative of another layer's activation; layer {l} "
                            f"uses self.activations[{l - 1}]"
                        ),
                    )
                )
    if kind == "db":
        candidates.append((want / n, f"{key} averages dZ{l} again; sum it over the samples"))
    return _first_match(got, candidates) or _where_differs(key, got, want)


def check_backward_pass(backward_pass: Any) -> Feedback:
    """Exercise: ``backward_pass(self, X, Y, coef)`` returns dZl, dWl, dbl for l = L..1."""
    fn = _method(backward_pass, "backward_pass")
    net = _demo_net()
    X, Y = _demo_data()
    coef = net.forward(X)
    ref = net.backward(coef, Y)
    L = net.L
    grads, fb = _call(fn, net, X.copy(), Y.copy(), {k: v.copy() for k, v in coef.items()})
    if fb is not None:
        return fb
    if not isinstance(grads, Mapping):
        return fail(
            f"backward_pass must return a dict {{'dZ{L}': ..., 'dW{L}': ..., ...}}; "
            f"got {type(grads).__name__}"
        )
    order = [f"{k}{l}" for l in range(L, 0, -1) for k in ("dZ", "dW", "db")]
    missing = [k for k in order if k not in grads]
    if missing:
        return fail(f"the dict is missing {missing}; it needs {order} (it has {list(grads)})")
    for key in order:
        got, fb = _as_numbers(key, grads[key])
        if fb is not None:
            return fb
        want = ref[key]
        hint = {
            "dZ": "the shape of Z",
            "dW": f"the shape of W{key[2:]}: x{int(key[2:]) - 1}.T @ dZ{key[2:]}",
            "db": "one row, the shape of b: np.sum(dZ, axis=0, keepdims=True)",
        }[key[:2]]
        problem = _shape_problem(key, got, want.shape, hint)
        if problem:
            if key[:2] == "db" and got.shape[:1] == (X.shape[0],):
                problem += "; it sums over the wrong axis, sum over the samples (axis=0)"
            return fail(problem)
        if not _same(got, want):
            return fail(_backward_hint(net, key, got, ref, coef))
    return passed(f"dZ, dW and db of all {L} layers match the reference.")


def _descend(X: np.ndarray, Y: np.ndarray, n_it: int, lr: float) -> dict[str, np.ndarray]:
    """The reference: the demo network's parameters after ``n_it`` gradient steps."""
    ref = _demo_net()
    for _ in range(n_it):
        grads = ref.backward(ref.forward(X), Y)
        ref.params = {k: v - lr * grads["d" + k] for k, v in ref.params.items()}
    return ref.params


def _train_step_hint(got: dict, P0: dict, G: dict, lr: float, L: int) -> str:
    names = list(P0)

    def all_equal(values: dict) -> bool:
        return all(_same(got[k], values[k]) for k in names)

    if all_equal(P0):
        return (
            "self.params did not change: update the arrays in self.params, e.g. "
            "self.params['W1'] = self.params['W1'] - learning_rate * grads['dW1']"
        )
    for values, msg in [
        (
            {k: P0[k] + lr * G[k] for k in names},
            "it adds the gradient: gradient descent goes downhill, W := W - learning_rate * dJ/dW",
        ),
        (
            {k: P0[k] - 0.01 * G[k] for k in names},
            (
                f"it steps with 0.01, the default, though train was called with learning_rate={lr}: "
                "use the argument"
            ),
        ),
        ({k: P0[k] - G[k] for k in names}, "it does not multiply the gradient by learning_rate"),
    ]:
        if all_equal(values):
            return msg
    want = {k: P0[k] - lr * G[k] for k in names}
    stuck = [k for k in names if _same(got[k], P0[k])]
    if stuck and all(_same(got[k], want[k]) for k in names if k not in stuck):
        if all(k.startswith("b") for k in stuck):
            return "the weights are updated but the biases are not: b := b - learning_rate * db"
        return f"{stuck} never change: update every layer l = 1..{L} (range(1, self.L + 1))"
    wrong = next(k for k in names if not _same(got[k], want[k]))
    return _where_differs(f"{wrong} after one iteration", np.asarray(got[wrong]), want[wrong])


def check_train(train: Any) -> Feedback:
    """Exercise: ``train(self, X, Y, n_it, learning_rate=0.01, verbose=True)``.

    Full-batch gradient descent: n_it times, forward, loss, backward, then
    W := W - learning_rate * dW and b := b - learning_rate * db for every layer. Returns
    the list of the losses before each update and prints one every 100 iterations.
    """
    fn = _method(train, "train")
    lr = 0.05
    X, Y = _demo_data()
    net = _demo_net()
    P0 = {k: v.copy() for k, v in net.params.items()}
    G = net.backward(net.forward(X), Y)
    G = {k: G["d" + k] for k in P0}
    # one iteration
    _out, fb = _call(fn, net, X.copy(), Y.copy(), 1, learning_rate=lr, verbose=False)
    if fb is not None:
        return fb
    got = {k: np.asarray(net.params.get(k)) for k in P0}
    want1 = _descend(X, Y, 1, lr)
    if not all(_same(got[k], want1[k]) for k in P0):
        if all(_same(got[k], v) for k, v in _descend(X, Y, 2, lr).items()):
            return fail("train(X, Y, n_it=1) made 2 updates: loop for it in range(n_it)")
        return fail(
            "after train(X, Y, n_it=1, learning_rate=0.05): "
            + _train_step_hint(got, P0, G, lr, net.L)
        )
    # three iterations
    net = _demo_net()
    losses, fb = _call(fn, net, X.copy(), Y.copy(), 3, learning_rate=lr, verbose=False)
    if fb is not None:
        return fb
    got = {k: np.asarray(net.params[k]) for k in P0}
    want3 = _descend(X, Y, 3, lr)
    if not all(_same(got[k], want3[k]) for k in P0):
        for value, msg in [
            (want1, "n_it=3 made only one update: loop n_it times"),
            (_descend(X, Y, 2, lr), "n_it=3 made 2 updates: loop range(n_it)"),
            (_descend(X, Y, 4, lr), "n_it=3 made 4 updates: loop range(n_it)"),
            (
                {k: P0[k] - 3 * lr * G[k] for k in P0},
                (
                    "every update used the first iteration's gradient: run the forward and backward "
                    "pass again inside the loop, with the new weights"
                ),
            ),
        ]:
            if all(_same(got[k], value[k]) for k in P0):
                return fail(msg)
        return fail(
            "one iteration is right, but three are not: run forward, backward and the "
            "update inside the loop, n_it times"
        )
    # the returned losses
    ref_net = _demo_net()
    want_losses = []
    for n_done in range(4):
        ref_net.params = _descend(X, Y, n_done, lr)
        want_losses.append(ref_net.compute_loss(X, Y))
    if losses is None:
        return fail("train returns nothing: return the list of the losses, one per iteration")
    try:
        losses = [float(v) for v in losses]
    except (TypeError, ValueError):
        return fail(f"train must return a list of numbers; got {type(losses).__name__}")
    if len(losses) != 3:
        return fail(f"train(..., n_it=3) returned {len(losses)} losses; return one per iteration")
    if np.allclose(losses, want_losses[1:], rtol=1e-9):
        return fail(
            "the losses are recorded after each update; record the loss computed in "
            "the forward pass, before the update"
        )
    if not np.allclose(losses, want_losses[:3], rtol=1e-9):
        return fail(f"the returned losses {losses} are not J before each update {want_losses[:3]}")
    # printing
    for verbose, n_lines in ((True, 3), (False, 0)):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            _, fb = _call(fn, _demo_net(), X, Y, 201, learning_rate=0.001, verbose=verbose)
        if fb is not None:
            return fb
        lines = [s for s in buffer.getvalue().splitlines() if s.strip()]
        if len(lines) != n_lines:
            when = "verbose=True" if verbose else "verbose=False"
            return fail(
                f"with {when} and n_it=201, train printed {len(lines)} lines; it should print "
                f"{n_lines}" + (" (iterations 0, 100 and 200: if it % 100 == 0)" if verbose else "")
            )
    return passed("updates, iterations, returned losses and printing are all right.")
