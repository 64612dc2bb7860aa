"""The exercise of *Backpropagation in matrix form* (``book/part2/deltas.md``).

- ``check_backward(backward)``: ``backward(X, Y, params)`` runs the forward pass of the
  Part II network (ReLU hidden layers, identity output, J = 1/(2n) Σ (ŷ − y)²) and returns
  ``{'dZ3', 'dW3', 'db3', 'dZ2', ..., 'db1'}``; ``hint_backward(level)``.

The check goes from the output back and names the first gradient that is wrong. The
slips of each gradient are computed from the right values of the gradients before it,
so each slip is recognised wherever it is made.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import relu
from . import kit
from .kit import Feedback, Slip, compare, hints, never_raises, passed
from .matrix import CASES, Case, network

GRAD_KEYS = ("dZ3", "dW3", "db3", "dZ2", "dW2", "db2", "dZ1", "dW1", "db1")


def _output_slips(dZ: np.ndarray, case: Case, z: np.ndarray) -> list[Slip]:
    """Slips of dZ3 = (X3 - Y)/n."""
    n, k = case.Y.shape
    right = "dZ3 = (X3 - Y)/n"
    return [
        Slip(-dZ, f"dZ3 has the wrong sign: {right}, the prediction minus the target."),
        Slip(
            n * dZ,
            f"dZ3 is n = {n} times too large: J averages over the n samples, so divide by "
            f"n = Y.shape[0], the number of rows: {right}.",
        ),
        Slip(dZ / 2, "dZ3 is half the right value: the 1/2 in J cancels the 2 of the square."),
        Slip(2 * dZ, f"dZ3 is twice too large: the 1/2 in J cancels the 2 of the square, {right}."),
        Slip(dZ / n, f"dZ3 is divided by n = {n} twice; divide once: {right}."),
        Slip(
            dZ / k,
            f"dZ3 divides by n times the number of outputs ({n * k}, as np.mean over every "
            f"entry does). J sums over the outputs and averages over the samples: divide by "
            f"n = {n} only.",
        ),
        Slip(
            dZ * n / k,
            f"dZ3 divides by the number of outputs (Y.shape[1] = {k}) instead of the number "
            f"of samples (Y.shape[0] = {n}): samples are rows.",
        ),
        Slip(
            dZ * (z > 0),
            "dZ3 has the ReLU's slope in it, but the output activation is the identity: "
            "a'(Z3) = 1 everywhere.",
        ),
    ]


def _hidden_slips(l: int, back: np.ndarray, z: np.ndarray) -> list[Slip]:
    """Slips of dZ(l) = (dZ(l+1) @ W(l+1).T) * a'(Z(l)), with ``back`` the product."""
    right = f"dZ{l} = (dZ{l + 1} @ W{l + 1}.T) * (Z{l} > 0)"
    return [
        Slip(
            back,
            f"dZ{l} is missing the slope a'(Z{l}): dZ{l + 1} @ W{l + 1}.T is dX{l}, the gradient "
            f"of the activations X{l}; going back through the ReLU, multiply it by the "
            f"ReLU's derivative, {right}. (X{l} >= 0 holds everywhere, so it is no factor at all.)",
        ),
        Slip(
            back * (z >= 0),
            f"dZ{l} is wrong where Z{l} is exactly 0, the kink of ReLU, where the function has "
            f"no slope. The book takes a'(0) = 0: use (Z{l} > 0), not (Z{l} >= 0).",
        ),
        Slip(
            back * relu(z),
            f"dZ{l} is multiplied by the activation X{l} = ReLU(Z{l}) instead of its slope: "
            f"{right}.",
        ),
        Slip(
            back * z, f"dZ{l} is multiplied by the receptors Z{l} instead of their slope: {right}."
        ),
    ]


def _slips(key: str, ref: dict, coef: dict, case: Case) -> list[Slip]:
    """What the slips give for ``key`` when every gradient before it is right."""
    l, n = int(key[2]), len(case.X)
    dZ, x_prev = ref[f"dZ{l}"], coef[f"x{l - 1}"]
    if key == "dZ3":
        return _output_slips(ref[key], case, coef["z3"])
    if key.startswith("dZ"):
        back = ref[f"dZ{l + 1}"] @ case.params[f"W{l + 1}"].T
        return _hidden_slips(l, back, coef[f"z{l}"])
    if key.startswith("dW"):
        right = f"dW{l} = X{l - 1}.T @ dZ{l}"
        return [
            Slip(
                ref[key] / n,
                f"dW{l} divides by n again: the 1/n is already inside dZ3 = (X3 - Y)/n, so "
                f"{right} is already an average.",
            ),
            Slip(dZ.T @ x_prev, f"dW{l} is transposed: {right}, not dZ{l}.T @ X{l - 1}."),
            Slip(
                coef.get(f"z{l - 1}", x_prev).T @ dZ,
                f"dW{l} uses the receptors Z{l - 1}; a weight multiplies the activations: {right}.",
            ),
        ]
    right = f"np.sum(dZ{l}, axis=0, keepdims=True)"
    return [
        Slip(
            ref[key] / n,
            f"db{l} averages dZ{l} again: the 1/n is already inside dZ; sum over the samples, "
            f"{right}.",
        ),
        Slip(dZ, f"db{l} has one row per sample: a bias gets the sum over the samples, {right}."),
        Slip(ref[key].ravel(), f"db{l} is flat; keep it a row like b{l}: {right}."),
        Slip(
            dZ.sum(axis=1, keepdims=True),
            f"db{l} sums over the wrong axis: sum over the samples, {right}.",
        ),
        Slip(dZ.sum(), f"db{l} adds every entry into one number: sum over the samples, {right}."),
    ]


_SHAPE_HINTS = {
    "dZ": "dZ{l} has the shape of Z{l}, one row per sample.",
    "dW": "dW{l} has the shape of W{l}: dW{l} = X{p}.T @ dZ{l}, not dZ{l}.T @ X{p}.",
    "db": "db{l} has the shape of b{l}: np.sum(dZ{l}, axis=0, keepdims=True).",
}


@never_raises
def check_backward(backward: Any) -> Feedback:
    """Check ``backward(X, Y, params)`` returning dZl, dWl and dbl for l = 3, 2, 1."""
    in_place = "compute new arrays (dZ = dZ * d, not dZ *= d), and leave the arguments as they are"
    for case, out in kit.run_cases(
        backward, "backward(X, Y, params)", CASES, explain=Case.explain, in_place=in_place
    ):
        grads = kit.as_dict(out, "the dict that backward returns", GRAD_KEYS)
        net = network(case.params)
        coef = net.forward(case.X)
        ref = net.backward(coef, case.Y)
        for key in GRAD_KEYS:
            l = int(key[2])
            compare(
                key,
                grads[key],
                ref[key],
                _slips(key, ref, coef, case),
                shape_hint=_SHAPE_HINTS[key[:2]].format(l=l, p=l - 1),
            )
    return passed("every dZ, dW and db is right, for the example and for two other networks.")


hint_backward = hints(
    __name__,
    "backward",
    "Run the forward pass first and keep every Z and X. Then go from the output back: "
    "dZ3 first, then dW3 and db3, then dZ2 from dZ3, and so on.",
    "dZ3 = (X3 - Y)/n, with n = X.shape[0] samples: the identity's slope is 1 and the 1/2 "
    "of J cancels the 2 of the square.",
    "dW = X_prev.T @ dZ has the shape of W; db = np.sum(dZ, axis=0, keepdims=True) has "
    "the shape of b; going back, dX_prev = dZ @ W.T is the gradient of the activations "
    "and dZ_prev = dX_prev * (Z_prev > 0).",
    "The ReLU's slope is (Z > 0), which is 0 at Z = 0 exactly, as the book takes it: not (Z >= 0).",
)
