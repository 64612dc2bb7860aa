"""The exercises of *The NN class, piece by piece* (``book/part3/nn-class.md``).

- ``check_initialize_parameters(initialize_parameters)``: a function of ``self``;
- ``check_forward_pass(forward_pass)``: ``forward_pass(self, X, training=False)``;
- ``check_backward_pass(backward_pass)``: ``backward_pass(self, X, Y, coef)``;
- ``check_train(train)``: ``train(self, X, Y, n_it, learning_rate=0.01, verbose=True)``;

each with its ``hint_...``. A method may be handed in as a plain function, as a bound
method, or as a class (or object) that has it. The check binds it to a reference ``NN``
whose other methods are the book's, so a slip is always found in the piece checked.
"""

from __future__ import annotations

import contextlib
import inspect
import io
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..activations import ACTIVATIONS
from ..network import INIT_STD, NN
from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed


def _method(answer: Any, name: str) -> Any:
    """The plain function to bind: from a function, a bound method, a class or an object."""
    if isinstance(answer, type) or (not callable(answer) and hasattr(answer, name)):
        found = getattr(answer, name, None)
        if found is None:
            raise NotYet(f"the class {answer.__name__} has no method {name}")
        answer = found
    return answer.__func__ if inspect.ismethod(answer) else answer


def _demo_net() -> NN:
    """[3, 4, 3, 2]: ReLU then tanh in the hidden layers, identity output, MSE.

    Different hidden activations catch a layer using the wrong one; tanh catches a
    derivative taken at x instead of z (for ReLU both give the same 0/1); biases that are
    not zero catch a forgotten bias; two outputs catch a wrong 1/n.
    """
    net = NN([3, 4, 3, 2], ["relu", "tanh"], "identity", "mse", seed=0)
    rng = np.random.default_rng(5)
    for name, p in net.params.items():
        p[...] = rng.normal(0.0, 0.8 if name.startswith("W") else 0.5, size=p.shape)
    return net


def _demo_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(6)
    return rng.normal(size=(6, 3)), rng.normal(size=(6, 2))


def _call_method(fn: Any, what: str, net: NN, args: dict, **keywords: Any) -> Any:
    """Run the reader's method ``fn`` with ``net`` as ``self`` (args hold X)."""
    return kit.run(
        fn,
        what,
        args,
        before=(net,),
        keywords=keywords,
        explain=[kit.explain_shapes(net.layers_dims, len(args["X"]))],
        in_place="compute new arrays and leave the arguments as they are",
    )


# ---------------------------------------------------------------- initialize_parameters


@never_raises
def check_initialize_parameters(initialize_parameters: Any) -> Feedback:
    """Check ``initialize_parameters(self)``, which sets and returns ``self.params``.

    W(l) ~ Normal(0, 0.001²) of shape (n_{l-1}, n_l), b(l) zeros of shape (1, n_l), keys
    W1, b1, ..., drawn in that order from ``np.random.default_rng(self.seed)``.
    """
    fn = _method(initialize_parameters, "initialize_parameters")
    dims = [4, 5, 3, 2]
    net = NN(dims, "relu", "identity", "mse", seed=7)
    want = {k: v.copy() for k, v in net.params.items()}
    net.params = {}
    out = kit.run(fn, "initialize_parameters(self)", {}, before=(net,))
    params = net.params
    if not isinstance(params, dict) or not params:
        if isinstance(out, Mapping) and out:
            raise NotYet("the dict is returned but not stored: set self.params = {...} too")
        raise NotYet("self.params is still empty: store the weights and biases in self.params")
    if not isinstance(out, Mapping) or sorted(out) != sorted(params):
        raise NotYet("self.params is set, but the method must also return self.params")
    expected = list(want)
    if sorted(params) != sorted(expected):
        if sorted(k.upper() if k[:1] == "w" else k for k in params) == sorted(expected):
            raise NotYet("the weights are named w1, w2, ...; the keys are W1, b1, W2, b2, ...")
        if "W0" in params or "b0" in params:
            raise NotYet(
                "the keys start at W0/b0; layer 0 is the input, so the weights of layer l "
                f"are W{{l}} for l = 1..L: {expected}"
            )
        missing = [k for k in expected if k not in params]
        extra = [k for k in params if k not in want]
        raise NotYet(
            f"self.params should have the keys {expected}; missing {missing}, extra {extra}"
        )
    for l in range(1, len(dims)):
        W = kit.as_array(params[f"W{l}"], f"W{l}")
        b = kit.as_array(params[f"b{l}"], f"b{l}")
        rows, cols = dims[l - 1], dims[l]
        kit.expect_shape(
            f"W{l}",
            W,
            (rows, cols),
            f"one row per neuron of layer {l - 1} ({rows}), one column per neuron of "
            f"layer {l} ({cols})",
        )
        kit.expect_shape(f"b{l}", b, (1, cols), "a row: np.zeros((1, n_l))")
        if np.any(b != 0):
            raise NotYet(f"b{l} is not zero: the biases start at 0, only the weights are random")
    weights = np.concatenate([np.ravel(params[f"W{l}"]) for l in range(1, len(dims))])
    std = float(np.sqrt(np.mean(weights**2)))
    if std == 0:
        raise NotYet(
            "all weights are 0: the neurons of a layer would stay identical; draw them at random"
        )
    if np.all(weights > 0):
        raise NotYet(
            "every weight is positive: draw from a normal distribution centred at 0 "
            "(rng.normal), not a uniform one on [0, 1)"
        )
    if std < 1e-5:
        raise NotYet(
            f"the weights have a spread of about {std:.1g}: NumPy's scale is the standard "
            f"deviation, so pass {INIT_STD}, not the variance {INIT_STD}**2"
        )
    if not 0.3 * INIT_STD < std < 3 * INIT_STD:
        raise NotYet(
            f"the weights have a standard deviation of about {std:.3g}, but they should be "
            f"drawn from Normal(0, {INIT_STD}^2): rng.normal(0.0, {INIT_STD}, size=...)"
        )
    again = NN(dims, "relu", "identity", "mse", seed=7)
    kit.run(fn, "initialize_parameters(self)", {}, before=(again,))
    if not all(kit.close(again.params.get(k), params[k], 0, 0) for k in expected):
        raise NotYet(
            "two calls with the same seed give different weights: draw from "
            "rng = np.random.default_rng(self.seed), not from np.random directly"
        )
    if not all(kit.close(params[k], want[k], 0, 0) for k in expected):
        raise NotYet(
            "shapes and scale are right, but the weights are not the reference's draw: make one "
            "rng = np.random.default_rng(self.seed) and draw W1, W2, ... in layer order "
            "with rng.normal(0.0, 0.001, size=(n_prev, n_l)); do not draw the biases"
        )
    return passed("keys, shapes, N(0, 0.001²) weights, zero biases, and the seed all match.")


# ---------------------------------------------------------------- forward_pass


def _forward_slips(net: NN, key: str, ref: dict[str, np.ndarray]) -> list[Slip]:
    """What the slips give for the stored value ``key`` ('z2', 'x1', ...)."""
    l = int(key[1:])
    if key == "x0":
        return []
    if key[0] == "z":
        x_prev, W, b = ref[f"x{l - 1}"], net.params[f"W{l}"], net.params[f"b{l}"]
        return [
            Slip(x_prev @ W, f"z{l} misses the bias: z{l} = x{l - 1} @ W{l} + b{l}"),
            Slip(ref[f"x{l}"], f"the activation x{l} is stored under z{l}; z{l} is the receptor"),
            Slip(x_prev @ W - b, f"z{l} subtracts the bias; add it"),
        ]
    mine = net.activations[l - 1]["activation"]
    return [Slip(ref[f"z{l}"], f"x{l} equals z{l}: the activation was not applied")] + [
        Slip(
            ACTIVATIONS[other]["activation"](ref[f"z{l}"]),
            f"x{l} applies {other}, the activation of another layer; layer {l} uses "
            f"self.activations[{l - 1}]",
        )
        for other in ("relu", "tanh", "identity")
        if ACTIVATIONS[other]["activation"] is not mine
    ]


@never_raises
def check_forward_pass(forward_pass: Any) -> Feedback:
    """Check ``forward_pass(self, X, training=False)``.

    It returns X(L); with ``training=True`` the dict {'x0': X, 'z1': Z(1), 'x1': X(1), ...}.
    """
    fn = _method(forward_pass, "forward_pass")
    net, (X, _) = _demo_net(), _demo_data()
    ref, L = net.forward(X), net.L
    coef = _call_method(fn, "forward_pass(self, X, training=True)", net, {"X": X}, training=True)
    order = ["x0"] + [f"{k}{l}" for l in range(1, L + 1) for k in ("z", "x")]
    if isinstance(coef, Mapping) and "x0" not in coef:
        raise NotYet("the dict does not store x0, the input X: backward_pass needs it for dW1")
    coef = kit.as_dict(coef, "with training=True, the dict that forward_pass returns", order)
    for key in order:
        compare(
            key, coef[key], ref[key], _forward_slips(net, key, ref), shape_hint="one row per sample"
        )
    out = _call_method(fn, "forward_pass(self, X)", net, {"X": X})
    if isinstance(out, Mapping):
        raise NotYet(
            f"with training=False (the default), return only the output x{L}, not the dict"
        )
    compare(
        f"the output x{L}",
        out,
        ref[f"x{L}"],
        otherwise=f"with training=False the output differs from x{L} of the dict",
    )
    return passed(f"the dict holds x0, z1, x1, ..., x{L} and the output is right.")


# ---------------------------------------------------------------- backward_pass


def _backward_slips(net: NN, key: str, ref: dict, coef: dict) -> list[Slip]:
    """What the slips give for the gradient ``key`` when every gradient before it is right."""
    kind, l = key[:2], int(key[2:])
    want = ref[key]
    n, k = coef["x0"].shape[0], coef[f"x{net.L}"].shape[1]
    slips = [
        Slip(-want, f"{key} has the wrong sign: gradients point uphill, dJ/da = (a - Y)/n"),
        Slip(
            n * want,
            f"{key} is n = {n} times too large: it is not averaged over the samples. dZ is dJ/dZ, "
            "whose 1/n comes from the loss derivative (a - Y)/n",
        ),
        Slip(want / n, f"{key} is divided by n = {n} twice: the 1/n is already in dZ{net.L}"),
        Slip(
            want / k,
            f"{key} is {k} times too small: the loss derivative divides by n = {n}, not by the "
            f"{n * k} entries",
        ),
    ]
    if kind == "dZ" and l < net.L:
        back = ref[f"dZ{l + 1}"] @ net.params[f"W{l + 1}"].T
        deriv = net.activations[l - 1]["derivative"]
        slips += [
            Slip(
                back * deriv(coef[f"x{l}"]),
                f"{key} takes the derivative at x{l}, the wrong variable; a'(z) is evaluated at "
                f"the receptor z{l}: dZ{l} = (dZ{l + 1} @ W{l + 1}.T) * a'(z{l})",
            ),
            Slip(
                back,
                f"{key} forgot the factor a'(z{l}): dZ{l} = (dZ{l + 1} @ W{l + 1}.T) * a'(z{l})",
            ),
        ] + [
            Slip(
                back * other["derivative"](coef[f"z{l}"]),
                f"{key} uses the derivative of another layer's activation; layer {l} uses "
                f"self.activations[{l - 1}]",
            )
            for other in net.activations
            if other["derivative"] is not deriv
        ]
    if kind == "dW":
        slips.append(
            Slip(
                ref[f"dZ{l}"].T @ coef[f"x{l - 1}"],
                f"{key} is transposed: dW{l} = x{l - 1}.T @ dZ{l}",
            )
        )
    if kind == "db":
        slips.append(
            Slip(
                ref[f"dZ{l}"].sum(axis=1, keepdims=True),
                f"{key} sums over the wrong axis: sum over the samples, axis=0",
            )
        )
    return slips


@never_raises
def check_backward_pass(backward_pass: Any) -> Feedback:
    """Check ``backward_pass(self, X, Y, coef)``: dZl, dWl, dbl for l = L..1."""
    fn = _method(backward_pass, "backward_pass")
    net, (X, Y) = _demo_net(), _demo_data()
    coef = net.forward(X)
    ref, L = net.backward(coef, Y), net.L
    grads = _call_method(fn, "backward_pass(self, X, Y, coef)", net, {"X": X, "Y": Y, "coef": coef})
    order = [f"{k}{l}" for l in range(L, 0, -1) for k in ("dZ", "dW", "db")]
    grads = kit.as_dict(grads, "the dict that backward_pass returns", order)
    for key in order:
        l = key[2:]
        compare(
            key,
            grads[key],
            ref[key],
            _backward_slips(net, key, ref, coef),
            shape_hint={
                "dZ": "the shape of Z",
                "dW": f"the shape of W{l}: x{int(l) - 1}.T @ dZ{l}",
                "db": "one row, the shape of b: np.sum(dZ, axis=0, keepdims=True)",
            }[key[:2]],
        )
    return passed(f"dZ, dW and db of all {L} layers match the reference.")


# ---------------------------------------------------------------- train


def _descend(X: np.ndarray, Y: np.ndarray, n_it: int, lr: float) -> dict[str, np.ndarray]:
    """The reference: the demo network's parameters after ``n_it`` gradient steps."""
    ref = _demo_net()
    for _ in range(n_it):
        grads = ref.backward(ref.forward(X), Y)
        ref.params = {k: v - lr * grads["d" + k] for k, v in ref.params.items()}
    return ref.params


def _train_step_slip(got: dict, P0: dict, G: dict, lr: float) -> str:
    """Why the parameters after one iteration differ from the reference."""
    names = list(P0)
    want = {k: P0[k] - lr * G[k] for k in names}
    wrong = [k for k in names if not kit.close(got[k], want[k], 1e-9, 1e-12)]
    if all(kit.close(got[k], P0[k], 1e-9, 1e-12) for k in wrong):
        if len(wrong) == len(names):
            return (
                "self.params did not change: update the arrays in self.params, e.g. "
                "self.params['W1'] = self.params['W1'] - learning_rate * grads['dW1']"
            )
        if all(k.startswith("b") for k in wrong):
            return "the weights are updated but the biases are not: b := b - learning_rate * db"
        return f"{wrong} never change: update every layer l = 1..L (range(1, self.L + 1))"
    for step, whole, part in [
        (
            {k: P0[k] + lr * G[k] for k in names},
            "it adds the gradient: gradient descent goes downhill, W := W - learning_rate * dJ/dW",
            (
                "{wrong} move uphill: the sign of their update is wrong, "
                "W := W - learning_rate * dJ/dW"
            ),
        ),
        (
            {k: P0[k] - G[k] for k in names},
            "it does not multiply the gradient by learning_rate",
            (
                "{wrong} are updated without the learning rate: multiply their gradients "
                "by learning_rate too"
            ),
        ),
        (
            {k: P0[k] - 0.01 * G[k] for k in names},
            (
                "it steps with 0.01, the default, though train was called with "
                f"learning_rate={lr}: use the argument"
            ),
            f"{{wrong}} step with 0.01, the default, not learning_rate={lr}",
        ),
    ]:
        if all(kit.close(got[k], step[k], 1e-9, 1e-12) for k in wrong):
            return whole if len(wrong) == len(names) else part.format(wrong=wrong)
    compare(f"{wrong[0]} after one iteration", got[wrong[0]], want[wrong[0]])
    return ""


@never_raises
def check_train(train: Any) -> Feedback:
    """Check ``train(self, X, Y, n_it, learning_rate=0.01, verbose=True)``.

    Full-batch gradient descent: n_it times, forward, loss, backward, then
    W := W - learning_rate * dW and b := b - learning_rate * db for every layer. It returns
    the losses before each update and prints one every 100 iterations.
    """
    fn = _method(train, "train")
    lr, (X, Y) = 0.05, _demo_data()
    net = _demo_net()
    P0 = {k: v.copy() for k, v in net.params.items()}
    G = net.backward(net.forward(X), Y)
    G = {k: G["d" + k] for k in P0}

    def trained(n_it: int, **keywords: Any) -> tuple[Any, dict[str, Any]]:
        fresh = _demo_net()
        out = _call_method(
            fn, f"train(self, X, Y, {n_it}, ...)", fresh, {"X": X, "Y": Y, "n_it": n_it}, **keywords
        )
        return out, {k: fresh.params.get(k) for k in P0}

    _, got = trained(1, learning_rate=lr, verbose=False)
    if not all(kit.close(got[k], v, 1e-9, 1e-12) for k, v in _descend(X, Y, 1, lr).items()):
        if all(kit.close(got[k], v, 1e-9, 1e-12) for k, v in _descend(X, Y, 2, lr).items()):
            raise NotYet("train(X, Y, n_it=1) made 2 updates: loop for it in range(n_it)")
        raise NotYet(
            f"after train(X, Y, n_it=1, learning_rate={lr}): " + _train_step_slip(got, P0, G, lr)
        )
    losses, got = trained(3, learning_rate=lr, verbose=False)
    for value, message in [
        (_descend(X, Y, 3, lr), ""),
        (_descend(X, Y, 1, lr), "n_it=3 made only one update: loop n_it times"),
        (_descend(X, Y, 2, lr), "n_it=3 made 2 updates: loop range(n_it)"),
        (_descend(X, Y, 4, lr), "n_it=3 made 4 updates: loop range(n_it)"),
        (
            {k: P0[k] - 3 * lr * G[k] for k in P0},
            (
                "every update used the first iteration's gradient: run the forward and "
                "backward pass again inside the loop, with the new weights"
            ),
        ),
    ]:
        if all(kit.close(got[k], value[k], 1e-9, 1e-12) for k in P0):
            if not message:
                break
            raise NotYet(message)
    else:
        raise NotYet(
            "one iteration is right, but three are not: run forward, backward and the update "
            "inside the loop, n_it times"
        )
    ref_net, want_losses = _demo_net(), []
    for n_done in range(4):
        ref_net.params = _descend(X, Y, n_done, lr)
        want_losses.append(ref_net.compute_loss(X, Y))
    if losses is None:
        raise NotYet("train returns nothing: return the list of the losses, one per iteration")
    losses = kit.as_array(losses, "the losses train returns")
    if losses.shape != (3,):
        raise NotYet(
            f"train(..., n_it=3) returned {kit.describe(losses)}; return one loss per "
            "iteration, 3 here"
        )
    compare(
        "the losses",
        losses,
        want_losses[:3],
        [
            Slip(
                want_losses[1:],
                "the losses are recorded after each update; record the loss computed in the "
                "forward pass, before the update",
            )
        ],
        otherwise=f"the returned losses {losses.tolist()} are not J before each update, "
        f"{want_losses[:3]}",
        rtol=1e-9,
    )
    for verbose, n_lines in ((True, 3), (False, 0)):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            trained(201, learning_rate=0.001, verbose=verbose)
        lines = [s for s in printed.getvalue().splitlines() if s.strip()]
        if len(lines) != n_lines:
            raise NotYet(
                f"with verbose={verbose} and n_it=201, train printed {len(lines)} lines; it should "
                f"print {n_lines}"
                + (" (iterations 0, 100 and 200: if it % 100 == 0)" if verbose else "")
            )
    return passed("updates, iterations, returned losses and printing are all right.")


# ---------------------------------------------------------------- hints


hint_initialize_parameters = hints(
    __name__,
    "initialize_parameters",
    "Loop over the layers with weights, l = 1, ..., self.L, and make W{l} and b{l} for "
    "each; store them in self.params and return it.",
    "W{l} has one row per neuron of layer l-1 and one column per neuron of layer l: "
    "shape (self.layers_dims[l - 1], self.layers_dims[l]); b{l} is a row of zeros, (1, n_l).",
    "rng = np.random.default_rng(self.seed) once, before the loop; then "
    "rng.normal(0.0, 0.001, size=(n_prev, n_l)) for each W, in layer order.",
)


hint_forward_pass = hints(
    __name__,
    "forward_pass",
    "Start with coef = {'x0': X} and x = X; then for l = 1, ..., self.L compute z and x "
    "and store both under 'z{l}' and 'x{l}'.",
    "z = x @ self.params[f'W{l}'] + self.params[f'b{l}'], then "
    "x = self.activations[l - 1]['activation'](z).",
    "At the end, return coef if training else x.",
)


hint_backward_pass = hints(
    __name__,
    "backward_pass",
    "Start at the output: dZ = loss derivative at coef['x{L}'] times the output "
    "activation's derivative at coef['z{L}']. Then loop l = L, ..., 1.",
    "In the loop: dW{l} = coef[f'x{l - 1}'].T @ dZ and db{l} = dZ.sum(axis=0, "
    "keepdims=True); the 1/n is already inside the loss derivative.",
    "Going back: dZ = (dZ @ self.params[f'W{l}'].T) * self.activations[l - 2]"
    "['derivative'](coef[f'z{l - 1}']), the slope taken at the receptor z, not at x.",
)


hint_train = hints(
    __name__,
    "train",
    "Repeat n_it times: forward_pass with training=True, the loss, backward_pass, then "
    "one update of every parameter.",
    "Record the loss before the update, and print it when verbose and it % 100 == 0.",
    "For l = 1, ..., self.L: W{l} := W{l} - learning_rate * dW{l}, and the same for b{l}, "
    "with the learning_rate argument (not a number typed in).",
)
