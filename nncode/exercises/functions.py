"""The exercises of *Activations and the loss as dictionaries* (``book/part3/functions.md``).

- ``check_relu(relu_dict)``: ``{'activation': a, 'derivative': a_prime}`` for ReLU,
  a(z) = max{0, z} and a'(z) = 1 where z > 0, else 0 (a'(0) = 0 at the kink);
- ``check_identity(identity_dict)``: a(z) = z and a'(z) = an array of ones shaped like z;
- ``check_mse(mse_dict)``: ``{'loss': J, 'derivative': dJ_da}`` with
  J = 1/(2n) Σ over samples and outputs of (a − y)², and dJ/da = (a − Y)/n;

each with its ``hint_relu``, ``hint_identity`` and ``hint_mse``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import kit
from .kit import Feedback, Slip, compare, hints, never_raises, passed

Z = kit.read_only(
    [
        [-2.0, 0.5, 1.5],
        [0.0, -0.7, -1.2],
        [2.5, -0.1, 0.8],
        [-0.4, 1.1, 0.0],
    ]
)
"""Receptors of both signs, two of them exactly at 0, that the activation checks use."""

_KEYS = ("activation", "derivative")
_COPY = "return a new array (np.maximum(0, z)) instead of changing z (z[z < 0] = 0)"
_KINK = (
    "derivative(z) is {v} at z = 0, the kink of ReLU, where the function has no slope. "
    "The book, like every library, takes a'(0) = 0: use (z > 0), not (z >= 0)."
)


def _call(functions: Any, key: str) -> Any:
    return kit.run(functions[key], f"{key}(z)", {"z": Z}, in_place=_COPY)


@never_raises
def check_relu(relu_dict: Any) -> Feedback:
    """Check the ReLU dict ``{'activation': a, 'derivative': a_prime}``."""
    f = kit.function_dict(relu_dict, "relu_dict", _KEYS)
    a, want = _call(f, "activation"), np.maximum(0.0, Z)
    compare(
        "activation(z)",
        a,
        want,
        [
            Slip(
                Z, "activation(z) returns z unchanged: that is the identity; ReLU sets z < 0 to 0."
            ),
            Slip(
                np.minimum(0.0, Z),
                "activation(z) keeps the negative part; ReLU keeps z > 0: np.maximum(0, z).",
            ),
            Slip(np.abs(Z), "activation(z) returns |z|; ReLU sets the negative receptors to 0."),
            Slip(Z > 0, "activation(z) returns the slope (0 or 1), not max{0, z}."),
            Slip(
                np.max(Z),
                "activation(z) returns one number, the largest entry of z: np.max reduces the "
                "whole array. ReLU is np.maximum(0, z), entry by entry.",
            ),
        ],
        shape_hint="np.maximum(0, z) works entry by entry (np.max(z) reduces z to one number).",
    )
    d, want_d = _call(f, "derivative"), (Z > 0).astype(float)
    compare(
        "derivative(z)",
        d,
        want_d,
        [
            Slip(want, "derivative(z) returns max{0, z}, the activation itself, not its slope."),
            Slip(
                np.ones_like(Z),
                "derivative(z) is 1 everywhere (the identity's slope); ReLU is flat, slope 0, "
                "where z < 0.",
            ),
            Slip(Z >= 0, _KINK.format(v=1)),
            Slip(np.heaviside(Z, 0.5), _KINK.format(v=0.5)),
            Slip(
                Z < 0,
                "derivative(z) is 1 where z < 0: the other way round, the slope is 1 where z > 0.",
            ),
            Slip(
                Z <= 0,
                "derivative(z) is 1 where z <= 0: the other way round, the slope is 1 where z > 0.",
            ),
            Slip(
                np.sign(Z),
                "derivative(z) is -1 where z < 0 (that is np.sign); ReLU is flat there, slope 0: "
                "(z > 0).",
            ),
            Slip(-want_d, "derivative(z) has the wrong sign: the slope is +1 where z > 0."),
        ],
        shape_hint="a'(z) has the shape of z: (z > 0) works entry by entry.",
    )
    return passed("ReLU and its derivative are right, entry by entry, with a'(0) = 0 at the kink.")


@never_raises
def check_identity(identity_dict: Any) -> Feedback:
    """Check the identity dict: a(z) = z and a'(z) = ones shaped like z."""
    f = kit.function_dict(identity_dict, "identity_dict", _KEYS)
    compare(
        "activation(z)",
        _call(f, "activation"),
        Z,
        [
            Slip(np.maximum(0.0, Z), "activation(z) is ReLU; the identity returns z unchanged."),
            Slip(
                np.ones_like(Z),
                "activation(z) returns ones, the slope; the activation is z itself.",
            ),
        ],
    )
    compare(
        "derivative(z)",
        _call(f, "derivative"),
        np.ones_like(Z),
        [
            Slip(
                1.0,
                "derivative(z) returns the single number 1; return an array of ones shaped like "
                "z, np.ones_like(z), so that a'(Z) always has the shape of Z.",
            ),
            Slip(Z, "derivative(z) returns z, the activation, not its slope 1."),
            Slip(np.zeros_like(Z), "derivative(z) returns zeros; the slope of a(z) = z is 1."),
        ],
        shape_hint="np.ones_like(z) has the shape of z.",
    )
    return passed("the identity and its derivative (ones shaped like z) are right.")


def _mse_data() -> tuple[np.ndarray, np.ndarray]:
    """Five samples, three outputs: a loss averaged over all 15 entries is caught."""
    rng = np.random.default_rng(13)
    return kit.read_only(rng.normal(size=(5, 3))), kit.read_only(rng.normal(size=(5, 3)))


@never_raises
def check_mse(mse_dict: Any) -> Feedback:
    """Check the MSE dict: J = 1/(2n) Σ (a − y)² and dJ/da = (a − Y)/n, with n samples.

    The check's data has five samples and three outputs, so that a division by the
    number of entries (``np.mean``) or by the number of outputs shows.
    """
    f = kit.function_dict(mse_dict, "mse_dict", ("loss", "derivative"))
    a, Y = _mse_data()
    (n, k), S = Y.shape, float(np.sum((a - Y) ** 2))
    args = {"a": a, "Y": Y}
    J = kit.as_number(kit.run(f["loss"], "loss(a, Y)", args), "loss(a, Y)")
    compare(
        "loss(a, Y)",
        J,
        S / (2 * n),
        [
            Slip(
                S / (2 * n * k),
                f"loss divides by n * n_outputs = {n * k}, the number of entries (np.mean over "
                f"the whole array), instead of by the n = {n} samples; then it is {k} times "
                "smaller than J = 1/(2n) Σ (a - y)² and no longer matches the derivative (a - "
                "Y)/n.",
            ),
            Slip(
                S / (2 * k),
                f"loss divides by the number of outputs (a.shape[1] = {k}) instead of the number "
                f"of samples (a.shape[0] = {n}): samples are rows.",
            ),
            Slip(S / n, "loss forgot the factor 1/2: J = 1/(2n) Σ (a - y)²."),
            Slip(
                S / (n * k),
                "loss is np.mean((a - Y)**2) without the 1/2, and it divides by the number of "
                f"entries {n * k} instead of the n = {n} samples.",
            ),
            Slip(S / 2, f"loss does not divide by the number of samples n = {n}."),
            Slip(S, "loss is the plain sum of squares: divide it by 2n."),
            Slip(-S / (2 * n), "loss has the wrong sign: J is a sum of squares, never negative."),
        ],
    )
    want = (a - Y) / n
    compare(
        "derivative(a, Y)",
        kit.run(f["derivative"], "derivative(a, Y)", args),
        want,
        [
            Slip(-want, "derivative has the wrong sign: dJ/da = (a - Y)/n, not (Y - a)/n."),
            Slip(a - Y, f"derivative forgot to divide by the number of samples n = {n}."),
            Slip(
                want / k,
                f"derivative divides by n * n_outputs = {n * k} (the derivative of "
                f"np.mean(...)/2); J sums over the outputs, so dJ/da = (a - Y)/n with n = {n}.",
            ),
            Slip(
                (a - Y) / k,
                f"derivative divides by the number of outputs (a.shape[1] = {k}) instead of the "
                f"number of samples (a.shape[0] = {n}).",
            ),
            Slip(2 * want, "derivative is twice too large: the 2 from the square cancels the 1/2."),
        ],
        shape_hint="one entry per entry of a.",
    )
    return passed("J = 1/(2n) Σ (a - y)² and dJ/da = (a - Y)/n, also with several outputs.")


hint_relu = hints(
    __name__,
    "relu",
    "Both functions take a whole array z and return an array of the same shape, "
    "computed entry by entry, without changing z.",
    "np.maximum(0, z) compares entry by entry; np.max(z) and Python's max(0, z) reduce "
    "the array to one number, or fail.",
    "The slope is 1 where z > 0 and 0 elsewhere, including at the kink z = 0: "
    "np.where(z > 0, 1.0, 0.0).",
)


hint_identity = hints(
    __name__,
    "identity",
    "a(z) = z, so the activation returns its argument; its slope is 1 everywhere.",
    "Return the slope as an array shaped like z, np.ones_like(z), not the number 1.",
)


hint_mse = hints(
    __name__,
    "mse",
    "The loss is one number; the derivative is an array shaped like a. n is the number "
    "of samples, the number of rows, Y.shape[0].",
    "np.sum without an axis adds every entry, over samples and outputs alike; np.mean "
    "would divide by the number of entries, not by n.",
    "J = np.sum((a - Y) ** 2) / (2 * n) and dJ/da = (a - Y) / n.",
)
