"""The exercises of *Backpropagation, one weight at a time* (``book/part2/chain-rule.md``).

Each asks for one derivative of the cost J = ½(x⁽³⁾₁ − y)² of the worked example's
*second* sample alone (row :data:`SAMPLE` of X), as a number:

- ``check_dJ_dw3_21(value)`` and ``hint_dJ_dw3_21(level)``: ∂J/∂w⁽³⁾₂,₁;
- ``check_dJ_dw2_21(value)`` and ``hint_dJ_dw2_21(level)``: ∂J/∂w⁽²⁾₂,₁;
- ``check_dJ_dw1_21(value)`` and ``hint_dJ_dw1_21(level)``: ∂J/∂w⁽¹⁾₂,₁.

An answer rounded to four decimals is accepted. Besides the slips of each chain of
factors, every check recognises the derivative of another weight (the indices swapped,
another neuron, another layer), of another sample, and of the whole data set; the first
also recognises the source tutorial's published number, which belongs to other weights.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..data import SOURCE_DJ_DW3_21, SOURCE_FORWARD
from . import kit
from .kit import Feedback, Slip, compare, hints, never_raises, passed
from .matrix import CASES, network

SAMPLE = 1
"""Row of the worked example used by these exercises (the second sample)."""

_EXAMPLE = CASES[0]


def gradients(rows: slice) -> dict[str, np.ndarray]:
    """The gradients of the worked example's cost on the samples ``rows`` (averaged)."""
    net = network(_EXAMPLE.params)
    return net.backward(net.forward(_EXAMPLE.X[rows]), _EXAMPLE.Y[rows])


def derivative(l: int, i: int, j: int) -> float:
    """∂J/∂w for the weight from neuron i of layer l-1 to neuron j of layer l (indices from
    1, as in the text), for the sample :data:`SAMPLE` alone."""
    return float(gradients(slice(SAMPLE, SAMPLE + 1))[f"dW{l}"][i - 1, j - 1])


def _values() -> dict[str, np.ndarray]:
    """x0, z1, x1, ..., x3 of the sample as 1-D arrays, ``err`` = x⁽³⁾₁ − y, and W1..W3."""
    coef = network(_EXAMPLE.params).forward(_EXAMPLE.X[SAMPLE : SAMPLE + 1])
    v = {k: a[0] for k, a in coef.items()}
    v["err"] = v["x3"] - _EXAMPLE.Y[SAMPLE]
    v.update(_EXAMPLE.params)
    return v


def _w(l: int, i: int, j: int) -> str:
    return f"w{kit.sup(l)}{kit.sub(i, j)}"


def _other_weights(l: int, i: int, j: int) -> list[Slip]:
    """The derivative of another weight, of another sample or of the whole data set."""
    n = len(_EXAMPLE.X)
    one = gradients(slice(SAMPLE, SAMPLE + 1))
    n_prev, n_next = one[f"dW{l}"].shape
    swapped = (j, min(i, n_next))
    slips = [
        Slip(
            one[f"dW{l}"][swapped[0] - 1, swapped[1] - 1],
            f"That is ∂J/∂{_w(l, *swapped)}: the indices are swapped. The first index is "
            f"where the weight starts, the second where it arrives: {_w(l, i, j)} goes from "
            f"{kit.neuron(l - 1, i)} to {kit.neuron(l, j)}, so the last factor is "
            f"x{kit.sup(l - 1)}{kit.sub(i)}.",
        )
    ]
    for a in range(1, n_prev + 1):
        for b in range(1, n_next + 1):
            slips.append(
                Slip(
                    one[f"dW{l}"][a - 1, b - 1],
                    f"That is ∂J/∂{_w(l, a, b)}, the weight from {kit.neuron(l - 1, a)} to "
                    f"{kit.neuron(l, b)}. {_w(l, i, j)} starts at {kit.neuron(l - 1, i)}, "
                    f"so its last factor is x{kit.sup(l - 1)}{kit.sub(i)}, and it arrives at "
                    f"{kit.neuron(l, j)}.",
                )
            )
    for k in (1, 2, 3):
        if k != l and i <= one[f"dW{k}"].shape[0] and j <= one[f"dW{k}"].shape[1]:
            slips.append(
                Slip(
                    one[f"dW{k}"][i - 1, j - 1],
                    f"That is ∂J/∂{_w(k, i, j)}, a weight of layer {k}; this exercise asks for "
                    f"{_w(l, i, j)}, a weight of layer {l}.",
                )
            )
    for s in range(n):
        if s != SAMPLE:
            slips.append(
                Slip(
                    gradients(slice(s, s + 1))[f"dW{l}"][i - 1, j - 1],
                    f"That is the derivative for sample {s + 1}; the exercise uses the second "
                    f"sample (row {SAMPLE} of X) alone.",
                )
            )
    full = gradients(slice(None))[f"dW{l}"][i - 1, j - 1]
    slips += [
        Slip(
            full,
            f"That is the average over all {n} samples, the derivative of the full cost. The "
            "exercise asks for the second sample alone, whose cost is J = ½(x⁽³⁾₁ − y)²: "
            "use only its values.",
        ),
        Slip(
            n * full,
            f"That is the sum over all {n} samples. The exercise asks for the second sample "
            "alone, whose cost is J = ½(x⁽³⁾₁ − y)².",
        ),
        Slip(
            2 * one[f"dW{l}"][i - 1, j - 1],
            "Your number is twice too large: the ½ in J = ½(x⁽³⁾₁ − y)² cancels the 2 of "
            "the square, so ∂J/∂x⁽³⁾₁ = x⁽³⁾₁ − y.",
        ),
    ]
    return slips


def _check(value: Any, l: int, extra: list[Slip]) -> Feedback:
    got = kit.as_number(value, "your answer")
    want = derivative(l, 2, 1)
    sign = Slip(-want, "The sign is wrong: ∂J/∂x⁽³⁾₁ = x⁽³⁾₁ − y, the prediction minus the target.")
    compare(
        "your answer",
        got,
        want,
        [sign, *extra, *_other_weights(l, 2, 1)],
        otherwise=f"{got:.6g} is not ∂J/∂{_w(l, 2, 1)}, and not one of the usual slips "
        "either. Write the chain of factors, compute each one on its own, then multiply.",
        rtol=1e-3,  # an answer rounded to four decimals is right
        atol=1e-4,
    )
    return passed(f"{got:.6g} is right.")


@never_raises
def check_dJ_dw3_21(value: Any) -> Feedback:
    """∂J/∂w⁽³⁾₂,₁ = (x⁽³⁾₁ − y) · 1 · x⁽²⁾₂ for the sample."""
    v = _values()
    err = float(v["err"][0])
    return _check(
        value,
        3,
        [
            Slip(
                err * v["x1"][1],
                "You multiplied by x⁽¹⁾₂, a neuron of layer 1. The weight w⁽³⁾₂,₁ leaves neuron 2 "
                "of layer 2, so ∂z⁽³⁾₁/∂w⁽³⁾₂,₁ = x⁽²⁾₂.",
            ),
            Slip(
                err * v["W3"][1, 0],
                "You took the derivative with respect to the wrong variable: ∂z/∂x is the weight, "
                "but ∂z⁽³⁾₁/∂w⁽³⁾₂,₁ is the input that the weight multiplies, x⁽²⁾₂.",
            ),
            Slip(
                err,
                "The last factor is missing: ∂z⁽³⁾₁/∂w⁽³⁾₂,₁ = x⁽²⁾₂ (your number is ∂J/∂z⁽³⁾₁, "
                "which is also ∂J/∂b⁽³⁾₁).",
            ),
            Slip(
                SOURCE_DJ_DW3_21,
                f"{SOURCE_DJ_DW3_21} is the source's number, for its own weights and its sample "
                f"x = {SOURCE_FORWARD['x0']} with target {SOURCE_FORWARD['y'][0]:g}. This "
                "exercise uses the book's worked example and its second sample: compute "
                "(x⁽³⁾₁ − y) · 1 · x⁽²⁾₂ with those values.",
            ),
        ],
    )


@never_raises
def check_dJ_dw2_21(value: Any) -> Feedback:
    """∂J/∂w⁽²⁾₂,₁ = (x⁽³⁾₁ − y) · w⁽³⁾₁,₁ · a'(z⁽²⁾₁) · x⁽¹⁾₂ for the sample."""
    v = _values()
    err, w31 = float(v["err"][0]), float(v["W3"][0, 0])
    on = float(v["z2"][0] > 0)
    return _check(
        value,
        2,
        [
            Slip(
                err * w31 * on * v["x0"][1],
                "You multiplied by x⁽⁰⁾₂, an input. A weight of layer 2 multiplies a neuron of "
                "layer 1: ∂z⁽²⁾₁/∂w⁽²⁾₂,₁ = x⁽¹⁾₂.",
            ),
            Slip(
                err * on * v["x1"][1],
                "A factor is missing: ∂z⁽³⁾₁/∂x⁽²⁾₁ = w⁽³⁾₁,₁, the weight from neuron 1 of layer "
                "2 to the output.",
            ),
            Slip(
                err * w31 * on * v["W2"][1, 0],
                "You took the derivative with respect to the wrong variable: ∂z⁽²⁾₁/∂w⁽²⁾₂,₁ is "
                "the input x⁽¹⁾₂ that the weight multiplies, not the weight itself.",
            ),
            Slip(
                err * w31 * v["x2"][0] * v["x1"][1],
                "You multiplied by x⁽²⁾₁ = a(z⁽²⁾₁), the ReLU's value. The chain needs its slope "
                "a'(z⁽²⁾₁): 1 where z > 0, 0 where z < 0.",
            ),
        ],
    )


@never_raises
def check_dJ_dw1_21(value: Any) -> Feedback:
    """∂J/∂w⁽¹⁾₂,₁ = (x⁽³⁾₁ − y) [w⁽³⁾₁,₁ a'(z⁽²⁾₁) w⁽²⁾₁,₁ + w⁽³⁾₂,₁ a'(z⁽²⁾₂) w⁽²⁾₁,₂]
    a'(z⁽¹⁾₁) x⁽⁰⁾₂ for the sample."""
    v = _values()
    W2, W3 = v["W2"], v["W3"]
    paths = [float(W3[m, 0] * (v["z2"][m] > 0) * W2[0, m]) for m in range(W2.shape[1])]
    column = sum(float(W3[m, 0] * (v["z2"][m] > 0) * W2[m, 0]) for m in range(W2.shape[1]))
    rest = float(v["err"][0] * (v["z1"][0] > 0) * v["x0"][1])
    return _check(
        value,
        1,
        [
            *[
                Slip(
                    rest * p,
                    f"You followed only the path through neuron {m + 1} of layer 2. Neuron 1 of "
                    "layer 1 feeds every neuron of layer 2, so add the contributions of all the "
                    "paths.",
                )
                for m, p in enumerate(paths)
            ],
            Slip(
                rest * column,
                "You used the weights arriving at neuron 1 of layer 2 (column 1 of W⁽²⁾). The "
                "paths leave neuron 1 of layer 1: use row 1 of W⁽²⁾, the weights w⁽²⁾₁,₁ and "
                "w⁽²⁾₁,₂.",
            ),
            Slip(
                rest * float(np.prod(paths)),
                "You multiplied the paths together. The chain rule adds the contributions of "
                "separate paths; it multiplies only the factors along one path.",
            ),
        ],
    )


hint_dJ_dw3_21 = hints(
    __name__,
    "dJ_dw3_21",
    "Follow the weight to the cost: w⁽³⁾₂,₁ changes z⁽³⁾₁, which changes x⁽³⁾₁, which "
    "changes J. Multiply one derivative per link.",
    "The first index of w⁽³⁾₂,₁ is where it starts (neuron 2 of layer 2), the second "
    "where it arrives (neuron 1 of layer 3). ∂z⁽³⁾₁/∂w⁽³⁾₂,₁ is the input the weight "
    "multiplies.",
    "∂J/∂w⁽³⁾₂,₁ = (x⁽³⁾₁ − y) · 1 · x⁽²⁾₂, with the values of the second sample only: "
    "(v['x3'][0] - y[0, 0]) * v['x2'][1].",
)


hint_dJ_dw2_21 = hints(
    __name__,
    "dJ_dw2_21",
    "w⁽²⁾₂,₁ arrives at neuron 1 of layer 2; from there one weight leads to the output. "
    "Write the chain J ← x⁽³⁾₁ ← z⁽³⁾₁ ← x⁽²⁾₁ ← z⁽²⁾₁ ← w⁽²⁾₂,₁.",
    "The five factors are x⁽³⁾₁ − y, the identity's slope 1, the weight w⁽³⁾₁,₁, the "
    "ReLU's slope a'(z⁽²⁾₁) and the input x⁽¹⁾₂ that the weight multiplies.",
    "(v['x3'][0] - y[0, 0]) * 1 * P['W3'][0, 0] * (v['z2'][0] > 0) * v['x1'][1]",
)


hint_dJ_dw1_21 = hints(
    __name__,
    "dJ_dw1_21",
    "w⁽¹⁾₂,₁ changes neuron 1 of layer 1, and that neuron feeds both neurons of layer "
    "2: there are two paths to the cost. The chain rule adds the paths.",
    "The path through neuron 1 of layer 2 contributes w⁽³⁾₁,₁ · a'(z⁽²⁾₁) · w⁽²⁾₁,₁, "
    "the one through neuron 2 contributes w⁽³⁾₂,₁ · a'(z⁽²⁾₂) · w⁽²⁾₁,₂: the weights "
    "leaving neuron 1 of layer 1 are row 1 of W⁽²⁾.",
    "(x⁽³⁾₁ − y) · [sum of the two paths] · a'(z⁽¹⁾₁) · x⁽⁰⁾₂, all with the values of "
    "the second sample.",
)
