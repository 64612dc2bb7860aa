"""The exercises of *Activation functions compared* (``book/part5/activations.md``).

- ``check_leaky_relu(leaky_dict)``: ``{'activation': a, 'derivative': a_prime}`` for leaky
  ReLU, a(z) = z where z > 0, else 0.01 z, and a'(z) = 1 where z > 0, else 0.01 (the slope
  of the left side at the kink z = 0, as in ``nncode`` and PyTorch);
- ``check_softmax(softmax)``: ``softmax(z)`` row by row for an (n, K) array of receptors,
  finite for any receptors (each row's maximum subtracted first);

each with its ``hint_leaky_relu`` and ``hint_softmax``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import LEAKY_SLOPE, leaky_relu, leaky_relu_derivative, softmax
from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed

Z = kit.read_only(
    [
        [-3.0, 0.0, 2.0],
        [1.5, -0.5, 0.0],
        [-10.0, 4.0, -0.2],
        [0.7, -1.2, 3.0],
    ]
)
"""Receptors of both signs, two of them exactly at 0, for the leaky-ReLU check."""

_SLOPE = LEAKY_SLOPE
_RIGHT = f"np.where(z > 0, z, {_SLOPE} * z)"
_RIGHT_D = f"np.where(z > 0, 1.0, {_SLOPE})"


_explain_leaky_max = kit.explain_max(
    "np.max reduces an array to its largest entry and takes its second argument for an "
    f"axis. The larger of z and {_SLOPE} z, entry by entry, is np.maximum({_SLOPE} * z, z), "
    f"or write {_RIGHT}.",
    "Python's max compares two whole arrays at once, which has no single answer. Entry by "
    f"entry it is np.maximum({_SLOPE} * z, z), or {_RIGHT}.",
)
"""``np.max(0.01 * z, z)`` and ``max(0.01 * z, z)``: an entrywise maximum is meant."""


def _call_on_z(functions: dict[str, Any], key: str) -> Any:
    """``functions[key](Z)``, run safely; ``np.max`` and ``max`` are explained for leaky ReLU."""
    copy = f"return a new array ({_RIGHT}) instead of changing z"
    return kit.run(
        functions[key], f"{key}(z)", {"z": Z}, explain=[_explain_leaky_max], in_place=copy
    )


@never_raises
def check_leaky_relu(leaky_dict: Any) -> Feedback:
    """Check the leaky-ReLU dict ``{'activation': a, 'derivative': a_prime}``."""
    f = kit.function_dict(leaky_dict, "leaky_dict", ("activation", "derivative"))
    want = leaky_relu(Z)
    compare(
        "activation(z)",
        _call_on_z(f, "activation"),
        want,
        [
            Slip(
                np.maximum(0.0, Z),
                "activation(z) sets the negative receptors to 0: that is ReLU. Leaky ReLU keeps "
                f"a small slope there, a(z) = {_SLOPE} z for z < 0: {_RIGHT}.",
            ),
            Slip(Z, f"activation(z) returns z unchanged; for z < 0 it must be {_SLOPE} z."),
            Slip(
                np.where(Z > 0, _SLOPE * Z, Z),
                f"activation(z) multiplies the positive receptors by {_SLOPE} and keeps the "
                f"negative ones: the other way round (np.minimum where np.maximum is needed?). "
                f"Use {_RIGHT}.",
            ),
            Slip(
                np.where(Z > 0, Z, 0.1 * Z),
                f"activation(z) uses the slope 0.1 for z < 0; the book's leaky ReLU (and "
                f"PyTorch's default) uses {_SLOPE}.",
            ),
            Slip(
                np.where(Z > 0, Z, -_SLOPE * Z),
                f"activation(z) gives -{_SLOPE} z for z < 0, a positive number: the slope is "
                f"+{_SLOPE}, so negative receptors stay (slightly) negative.",
            ),
            Slip(
                np.where(Z > 0, Z, _SLOPE),
                f"activation(z) returns the constant {_SLOPE} for z <= 0; it is {_SLOPE} "
                "times z there, a line through 0.",
            ),
            Slip(
                leaky_relu_derivative(Z),
                "activation(z) returns the slope (1 or 0.01), not the activation.",
            ),
            Slip(
                np.max(Z),
                "activation(z) returns one number, the largest entry of z: np.max reduces "
                f"the whole array. Work entry by entry: {_RIGHT}.",
            ),
        ],
        shape_hint=f"{_RIGHT} works entry by entry and keeps the shape of z.",
    )
    want_d = leaky_relu_derivative(Z)
    compare(
        "derivative(z)",
        _call_on_z(f, "derivative"),
        want_d,
        [
            Slip(
                (Z > 0).astype(float),
                f"derivative(z) is 0 for z < 0: that is ReLU's slope. Leaky ReLU's slope there "
                f"is {_SLOPE}: {_RIGHT_D}.",
            ),
            Slip(
                np.where(Z >= 0, 1.0, _SLOPE),
                "derivative(z) is 1 at z = 0, the kink, where the function has no slope. The "
                f"book, like PyTorch, takes the slope of the left side there, {_SLOPE}: use "
                f"(z > 0), not (z >= 0): {_RIGHT_D}.",
            ),
            Slip(want, "derivative(z) returns the activation itself, not its slope."),
            Slip(
                np.ones_like(Z),
                f"derivative(z) is 1 everywhere (the identity's slope); for z < 0 it is {_SLOPE}.",
            ),
            Slip(
                np.where(Z > 0, _SLOPE, 1.0),
                f"derivative(z) is {_SLOPE} where z > 0 and 1 elsewhere: the other way round, "
                f"{_RIGHT_D}.",
            ),
            Slip(
                np.where(Z > 0, 1.0, _SLOPE * Z),
                f"derivative(z) is {_SLOPE} z for z < 0, the activation's value; the slope of "
                f"the line {_SLOPE} z is the constant {_SLOPE}.",
            ),
            Slip(
                np.where(Z > 0, 1.0, 0.1),
                f"derivative(z) uses the slope 0.1 for z < 0; the activation's slope is {_SLOPE}.",
            ),
            Slip(
                _SLOPE,
                f"derivative(z) returns the single number {_SLOPE}; return an array shaped like "
                f"z: {_RIGHT_D}.",
            ),
        ],
        shape_hint=f"a'(z) has the shape of z: {_RIGHT_D}.",
    )
    return passed(
        f"leaky ReLU and its derivative are right, entry by entry, with the slope {_SLOPE} "
        "for z < 0 and at the kink z = 0."
    )


TAME = kit.read_only([[1.0, 2.0, 0.0], [0.5, -1.0, 3.0], [-2.0, 0.0, 0.1], [2.0, 2.0, 2.0]])
"""Four samples of three classes with modest receptors, to check the axes and the sums."""

WILD = kit.read_only(
    [[1000.0, 999.0, 0.0], [-3.0, -4.0, -1000.0], [0.0, 0.0, 0.0], [5.0, 3.0, -2.0]]
)
"""Receptors whose exponentials overflow (the first row) and a row far below the others (the second)."""


def _explain_keepdims(exc: BaseException, line: str) -> str | None:
    """``z - np.max(z, axis=1)`` and ``e / e.sum(axis=1)``: the row statistic needs keepdims."""
    text = str(exc)
    if "could not be broadcast" in text and ("axis=1" in line or "axis = 1" in line or not line):
        n, k = TAME.shape
        return (
            f"np.max(z, axis=1) and np.sum(e, axis=1) give one number per row, shape ({n},), "
            f"which NumPy lines up with the {k} columns, not with the {n} rows. Keep it a "
            f"column, shape ({n}, 1), with keepdims=True."
        )
    return None


def _softmax_of(Z: np.ndarray, axis: int | None) -> np.ndarray:
    e = np.exp(Z - np.max(Z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_slips(Z: np.ndarray) -> list[Slip]:
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return [
        Slip(
            _softmax_of(Z, 0),
            "softmax(z) normalises every column so that it sums to 1, over the samples. The "
            "samples are the rows: each row of probabilities must sum to 1, so take the max "
            "and the sum with axis=1, keepdims=True.",
        ),
        Slip(
            e,
            "softmax(z) returns the exponentials without dividing them by their row sums, so "
            "its rows do not sum to 1.",
        ),
        Slip(
            Z
            - np.log(np.sum(np.exp(Z - Z.max(1, keepdims=True)), 1, keepdims=True))
            - Z.max(1, keepdims=True),
            "softmax(z) returns log-probabilities (log-softmax); take np.exp of them, or "
            "compute e / e.sum(axis=1, keepdims=True).",
        ),
        Slip(
            1.0 / (1.0 + np.exp(-Z)),
            "softmax(z) applies the sigmoid to each entry on its own; softmax divides each "
            "exponential by the sum of its row, so that the row sums to 1.",
        ),
    ]


@never_raises
def check_softmax(softmax_fn: Any) -> Feedback:
    """Check ``softmax(z)``: rows of probabilities, finite however large the receptors."""
    for data, name in ((TAME, "modest receptors"), (WILD, "large receptors")):
        got = kit.run(
            softmax_fn,
            "softmax(z)",
            {"z": data},
            explain=[_explain_keepdims],
            in_place="compute e = np.exp(z - ...) as a new array instead of changing z",
        )
        want = softmax(data)
        arr = kit.as_array(got, "softmax(z)")
        if arr.shape == want.shape and not np.all(np.isfinite(arr)):
            rows = sorted({int(i) for i in np.argwhere(~np.isfinite(arr))[:, 0]})
            raise NotYet(_not_finite(data, rows))
        compare(
            "softmax(z)",
            arr,
            want,
            _softmax_slips(data),
            shape_hint=f"one probability per receptor, shape {kit.shape_text(want.shape)}.",
            otherwise=_otherwise(arr, name) if arr.shape == want.shape else "",
        )
    return passed(
        "softmax is right: each row is a probability distribution, and large receptors "
        "neither overflow nor underflow."
    )


def _not_finite(data: np.ndarray, rows: list[int]) -> str:
    """What a NaN or an infinity in a row of softmax(z) means."""
    row_max = data.max(axis=1)
    overflow = [i for i in rows if row_max[i] > 700]
    if overflow:
        return (
            f"softmax(z) is not finite in row {overflow[0]}, whose receptors go up to "
            f"{row_max[overflow[0]]:g}: np.exp overflows to inf there, and inf/inf is NaN. "
            "Subtract each row's largest receptor first, z - np.max(z, axis=1, keepdims=True): "
            "the probabilities do not change, and the largest exponential is exp(0) = 1."
        )
    if not all(data.max() - row_max[i] > 700 for i in rows):
        return (
            f"softmax(z) is NaN or infinite in row {rows[0]}: look for a 0/0, a log of 0 or "
            "an overflow in your code."
        )
    return (
        f"softmax(z) is NaN in row {rows[0]}, whose receptors are all far below the largest "
        "receptor of the whole array: subtracting that one maximum makes every exponential of "
        "the row 0, and 0/0 is NaN. Subtract each row's own maximum: "
        "np.max(z, axis=1, keepdims=True)."
    )


def _otherwise(arr: np.ndarray, name: str) -> str:
    if np.isclose(arr.sum(), 1.0):
        return (
            "softmax(z) divides by one sum over the whole array, so all the entries together "
            "sum to 1. Each sample (row) needs its own sum: np.sum(e, axis=1, keepdims=True)."
        )
    sums = arr.sum(axis=1)
    if not np.allclose(sums, 1.0):
        i = int(np.argmax(np.abs(sums - 1.0)))
        return (
            f"on {name}, row {i} of softmax(z) sums to {sums[i]:.6g}; every row must be a "
            "probability distribution that sums to 1."
        )
    return ""


hint_leaky_relu = hints(
    __name__,
    "leaky_relu",
    "Leaky ReLU is ReLU with a small slope instead of a flat 0 for z < 0: two straight "
    "lines that meet at 0. Both functions take an array and return one of the same shape.",
    f"np.where(condition, a, b) picks a where the condition holds and b elsewhere; the "
    f"slope for z < 0 is {_SLOPE} (nncode.activations.LEAKY_SLOPE).",
    f"activation: {_RIGHT}; derivative: {_RIGHT_D}, which is {_SLOPE} at z = 0 exactly.",
)


hint_softmax = hints(
    __name__,
    "softmax",
    "Each row is one sample: exponentiate its receptors and divide by their sum, so that "
    "the row sums to 1.",
    "np.exp(1000) is inf. Subtracting the same number from every receptor of a row "
    "changes no probability, so subtract the row's largest receptor first.",
    "e = np.exp(z - np.max(z, axis=1, keepdims=True)); return e / np.sum(e, axis=1, "
    "keepdims=True). keepdims=True keeps one column per row, so that it lines up with z.",
)
