"""The exercise of *The detailed walk-through* (``book/part4/walkthrough.md``).

- ``check_dE3_dw1_21(value)`` and ``hint_dE3_dw1_21(level)``: the derivative of the
  *third* sample's error E₃ = ½(y₃ − ŷ₃)² with respect to the weight w⁽¹⁾₂,₁ (from input
  2 to hidden neuron 1, ``w_ih[1, 0]``), for the walk-through's first weights (drawn from
  ``RandomState(42)``), as one number: the product of the five chain-rule factors
  ∂E₃/∂ŷ₃ · ∂ŷ₃/∂z_o · ∂z_o/∂h₁ · ∂h₁/∂z_h1 · ∂z_h1/∂w.

The walk-through stores the samples in *columns*, so sample 3 is column 2 of every
array. Besides the slips of the chain of factors, the check recognises the derivative of
another weight, of another sample, and of the whole batch (sum or average). The answer
is computed from the arrays, so it must agree to four significant digits.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..classic import sigmoid_slope, walkthrough_forward, walkthrough_gradients, walkthrough_weights
from ..data import walkthrough_data
from . import kit
from .kit import Feedback, Slip, compare, hints, never_raises, passed

SAMPLE, INPUT, HIDDEN = 2, 1, 0
"""Column of the sample (the third), row of the input (input 2) and column of the hidden
neuron (neuron 1) in ``w_ih``: Python counts from 0."""

SEED = 42
"""The seed of the walk-through's first weights."""


def _w(i: int, j: int) -> str:
    return f"w{kit.sup(1)}{kit.sub(i, j)}"


def first_weights() -> tuple[np.ndarray, np.ndarray]:
    """The walk-through's first draw: ``w_ih`` (4 x 3) and ``w_ho`` (3 x 1)."""
    return walkthrough_weights(np.random.RandomState(SEED))


def sample_gradient(sample: int) -> np.ndarray:
    """dE_s/dw_ih for one sample (a column of X) alone: E_s = ½(y_s − ŷ_s)²."""
    w_ih, w_ho = first_weights()
    X, y = walkthrough_data()
    cols = slice(sample, sample + 1)
    return walkthrough_gradients(w_ih, w_ho, X[:, cols], y[:, cols])["error_wrt_w_ih"]


E = f"E{kit.sub(SAMPLE + 1)}"
"""The error of the exercise's sample, E₃."""

NAME = f"∂{E}/∂{_w(INPUT + 1, HIDDEN + 1)}"
"""The derivative the exercise asks for, ∂E₃/∂w⁽¹⁾₂,₁."""


def _slips() -> list[Slip]:
    """The slip catalogue of the exercise: the values the usual slips give."""
    w_ih, w_ho = first_weights()
    X, y = walkthrough_data()
    f = walkthrough_forward(w_ih, w_ho, X, y)
    s, i, j = SAMPLE, INPUT, HIDDEN
    col, hj = f"column {s}", f"h{kit.sub(j + 1)}"
    out, h = f["output"][0, s], f["hiddenLayer_activations"]
    z_o, z_h = f["outputLayer_input"][0, s], f["hiddenLayer_input"]
    err, slope_o, slope_h = -(y[0, s] - out), sigmoid_slope(out), sigmoid_slope(h[j, s])
    right = sample_gradient(s)
    want = right[i, j]
    me = f"{_w(i + 1, j + 1)} goes from input {i + 1} to hidden neuron {j + 1}: w_ih[{i}, {j}]"
    n = X.shape[1]
    off = [k for k in range(n) if X[i, k] == 0]  # samples whose input i is 0
    slips = [
        Slip(
            0.0,
            f"0 is the derivative of a weight whose input is 0 in the sample used. Input "
            f"{i + 1} is 1 in sample {s + 1}, so all five factors are nonzero here. Either the "
            f"indices are swapped ({me}; row = where it starts), or you used sample "
            + " or ".join(str(k + 1) for k in off)
            + f", whose input {i + 1} is 0: sample {s + 1} is {col} of every array.",
        ),
        Slip(
            -want,
            f"The sign is wrong: {E} = ½(y − ŷ)², so ∂{E}/∂ŷ = −(y − ŷ) = ŷ − y, the first "
            "factor, error_wrt_output.",
        ),
        Slip(
            err * slope_o * w_ho[j, 0] * X[i, s],
            f"The factor ∂{hj}/∂z = {hj}(1 − {hj}), the slope of hidden neuron {j + 1}, is "
            "missing: hiddenLayer_activations_wrt_hiddenLayer_input.",
        ),
        Slip(
            err * w_ho[j, 0] * slope_h * X[i, s],
            "The factor ∂ŷ/∂z_o = ŷ(1 − ŷ), the slope of the output sigmoid, is missing: "
            "output_wrt_outputLayer_input.",
        ),
        Slip(
            err * slope_o * w_ho[j, 0] * sigmoid_slope(z_h[j, s]) * X[i, s],
            "The hidden slope is taken at the wrong variable: s(1 − s) is written with the "
            "sigmoid's output h, and you gave it the receptor z (hiddenLayer_input).",
        ),
        Slip(
            err * sigmoid_slope(z_o) * w_ho[j, 0] * slope_h * X[i, s],
            "The output slope is taken at the wrong variable: s(1 − s) is written with the "
            "sigmoid's output ŷ, and you gave it the receptor z_o (outputLayer_input).",
        ),
        Slip(
            err * slope_o * w_ho[j, 0] * sigmoid_slope(h[s, j]) * X[i, s],
            f"The hidden slope is read at [{s}, {j}], as if the rows were the samples. In "
            f"the walk-through the samples are the *columns*: hidden neuron {j + 1} of "
            f"sample {s + 1} is [{j}, {s}].",
        ),
    ]
    slips += [
        Slip(
            err * slope_o * w_ho[k, 0] * slope_h * X[i, s],
            f"The third factor, ∂z_o/∂{hj}, is the weight from hidden neuron {j + 1} to the "
            f"output, w_ho[{j}, 0]; you used w_ho[{k}, 0].",
        )
        for k in range(w_ho.shape[0])
        if k != j
    ]
    slips += [
        Slip(
            right[a, b],
            f"That is ∂{E}/∂{_w(a + 1, b + 1)}, the weight from input {a + 1} to hidden "
            f"neuron {b + 1}. {me}.",
        )
        for a in range(right.shape[0])
        for b in range(right.shape[1])
        if (a, b) != (i, j)
    ]
    slips += [
        Slip(
            sample_gradient(other)[i, j],
            f"That is the derivative for sample {other + 1} (column {other}); the exercise "
            f"asks for sample {s + 1}, {col} of every array.",
        )
        for other in range(n)
        if other != s
    ]
    batch = walkthrough_gradients(w_ih, w_ho, X, y)["error_wrt_w_ih"][i, j]
    slips.append(
        Slip(
            batch / n,
            f"That is the average over all {n} samples. The exercise asks for sample "
            f"{s + 1}'s own error {E}: use only {col} of each array.",
        )
    )
    return slips


@never_raises
def check_dE3_dw1_21(value: Any) -> Feedback:
    """Check ∂E₃/∂w⁽¹⁾₂,₁: the third sample's error against the weight ``w_ih[1, 0]``."""
    got = kit.as_number(value, NAME)
    want = sample_gradient(SAMPLE)[INPUT, HIDDEN]
    compare(NAME, got, want, _slips(), rtol=1e-4, atol=1e-12)
    return passed(
        f"{NAME} is the product of the five factors, read in column {SAMPLE} (sample "
        f"{SAMPLE + 1}) of each array."
    )


hint_dE3_dw1_21 = hints(
    __name__,
    "dE3_dw1_21",
    "The path from E₃ to the weight runs through ŷ₃, the output receptor, hidden neuron "
    "1 and its receptor: multiply the five factors, one number each.",
    "Samples are columns: sample 3 is column 2 of error_wrt_output, "
    "output_wrt_outputLayer_input, the hidden slopes and X. Hidden neuron 1 is row 0 "
    "of the hidden slopes and of w_ho; input 2 is row 1 of X.",
    "error_wrt_output[0, 2] * output_wrt_outputLayer_input[0, 2] * w_ho[0, 0] * "
    "hiddenLayer_activations_wrt_hiddenLayer_input[0, 2] * X[1, 2].",
)
