"""The exercise of *The twelve steps* (``book/part4/twelve_steps.md``).

- ``check_gradient_descent_step(gradient_descent_step)``: a function
  ``gradient_descent_step(X, y, wh, bh, wout, bout, lr)`` that returns the new
  ``(wh, bh, wout, bout)`` after one iteration of gradient descent on the twelve steps'
  cost J = ½ Σᵢ (ŷᵢ − yᵢ)², written the textbook way: with the derivative ŷ − y and a
  *minus* sign, ``w - lr * dJ/dw``. It must give the same numbers as one iteration of the
  twelve steps, which add ``lr`` times terms built from E = y − output;
  ``hint_gradient_descent_step(level)``.

The check's data has 5 samples, 4 inputs, 3 hidden neurons and 1 output, so that no two
of these sizes are equal and every transposed product shows, and it calls the function
with a learning rate that is not the chapter's.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ..activations import sigmoid
from ..classic import ClassicMLP, sigmoid_slope
from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed

LR = 0.3
"""The learning rate that the check passes. It is neither the chapter's 0.1 nor 1, so that
a rate typed into the function, or one forgotten, shows."""

NAMES = ("wh", "bh", "wout", "bout")
"""What the function returns, in this order."""


def _case() -> dict[str, np.ndarray]:
    """Five samples (inputs with zeros), targets 0 and 1, and starting weights from a
    seeded ``ClassicMLP(4, 3, 1)``."""
    X = np.array(
        [[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]], dtype=float
    )
    y = np.array([[1], [1], [0], [0], [1]], dtype=float)
    net = ClassicMLP(4, 3, 1, rng=np.random.RandomState(1))
    return kit.read_only(
        {"X": X, "y": y, "wh": net.wh, "bh": net.bh, "wout": net.wout, "bout": net.bout}
    )


def reference(case: dict[str, np.ndarray], lr: float) -> dict[str, np.ndarray]:
    """One iteration of the twelve steps (``ClassicMLP.step``) from the case's weights."""
    net = ClassicMLP(4, 3, 1)
    for name in NAMES:
        setattr(net, name, np.array(case[name]))
    net.step(case["X"], case["y"], lr)
    return {name: getattr(net, name) for name in NAMES}


def _variant(case: dict[str, np.ndarray], lr: float, **slip: Any) -> dict[str, np.ndarray]:
    """What one iteration gives with one slip (the keyword names it); no keyword: right."""
    X, y, wh, bh, wout, bout = (case[k] for k in ("X", "y", *NAMES))
    zh = X @ wh + bh
    h = sigmoid(zh)
    zo = h @ wout + bout
    out = sigmoid(zo)
    slope_out, slope_h = sigmoid_slope(out), sigmoid_slope(h)
    if slip.get("at_receptor"):  # s(1 - s) applied to the receptors z
        slope_out, slope_h = sigmoid_slope(zo), sigmoid_slope(zh)
    if slip.get("sigmoid_twice"):  # sigma'(s): the sigmoid of the output once more
        slope_out, slope_h = sigmoid_slope(sigmoid(out)), sigmoid_slope(sigmoid(h))
    dZ2 = (out - y) * (1.0 if slip.get("no_slope_out") else slope_out)
    dZ1 = (dZ2 @ wout.T) * (1.0 if slip.get("no_slope_h") else slope_h)
    grads = {
        "wh": X.T @ dZ1,
        "bh": dZ1.sum(axis=0, keepdims=True),
        "wout": h.T @ dZ2,
        "bout": dZ2.sum(axis=0, keepdims=True),
    }
    if slip.get("bh_from_output"):
        grads["bh"] = np.full_like(bh, dZ2.sum())
    if slip.get("row_sums"):
        grads["bh"], grads["bout"] = dZ1.sum(axis=1, keepdims=True), dZ2.sum(axis=1, keepdims=True)
    if slip.get("total_sum"):
        grads["bh"] = np.full_like(bh, dZ1.sum())
    if slip.get("wout_transposed"):
        grads["wout"] = dZ2.T @ h  # (1, 3): broadcast with wout (3, 1) into (3, 3)
    scale = {name: lr for name in NAMES}
    for name in slip.get("no_lr", ()):
        scale[name] = 1.0
    for name in slip.get("mean", ()):
        scale[name] = scale[name] / len(X)
    for name in slip.get("uphill", ()):
        scale[name] = -scale[name]
    if slip.get("lr_typed_in"):
        scale = {name: 0.1 for name in NAMES}
    new = {name: case[name] - scale[name] * grads[name] for name in NAMES}
    if slip.get("gradients"):
        new = grads
    return new


def _slips(case: dict[str, np.ndarray], lr: float) -> list[Slip]:
    """The slip catalogue: what one iteration gives with each slip, and what to say.

    In a message, ``{names}`` becomes the list of the parameters that show the slip, or
    "all four parameters".
    """
    n = len(case["X"])
    every = list(NAMES)
    return [
        Slip(
            _variant(case, lr, uphill=every),
            "{names} move uphill: with the derivative ŷ − y the update subtracts, "
            "w = w − lr · dJ/dw. (The twelve steps add because their E = y − output has "
            "the opposite sign; keep one of the two conventions, not half of each.)",
        ),
        Slip(
            _variant(case, lr, no_lr=every),
            "{names} are updated without the learning rate: multiply the gradient by lr, "
            "w = w − lr · dJ/dw.",
        ),
        Slip(
            _variant(case, lr, lr_typed_in=True),
            f"the step uses the learning rate 0.1 typed in, not the argument lr (the check "
            f"passes lr = {lr}): use lr.",
        ),
        Slip(
            _variant(case, lr, mean=every),
            f"{{names}} are divided by the number of samples, n = {n}: the twelve steps' "
            "cost J = ½ Σ (ŷ − y)² sums over the samples without 1/n, so the gradient is "
            "the plain sum that the products X.T @ dZ and the column sums give.",
        ),
        Slip(
            _variant(case, lr, at_receptor=True),
            "the sigmoid's slope is taken at the wrong variable: s · (1 − s) is written with "
            "the sigmoid's *output* s (output, hidden), and you applied it to the receptors "
            "(the inputs of the sigmoid). Use output * (1 - output) and h * (1 - h).",
        ),
        Slip(
            _variant(case, lr, sigmoid_twice=True),
            "the sigmoid's slope is taken at the wrong variable: you applied the sigmoid "
            "once more to its output before computing s(1 − s). The slope is "
            "output * (1 - output), with the output itself.",
        ),
        Slip(
            _variant(case, lr, no_slope_out=True),
            "the output delta misses the factor ŷ(1 − ŷ), the slope of the output sigmoid: "
            "dZ2 = (ŷ − y) * ŷ * (1 − ŷ). (Without it you have the gradient of the "
            "cross-entropy, not of the squared error.)",
        ),
        Slip(
            _variant(case, lr, no_slope_h=True),
            "the hidden delta misses the factor h(1 − h), the slope of the hidden sigmoids: "
            "dZ1 = (dZ2 @ wout.T) * h * (1 − h).",
        ),
        Slip(
            _variant(case, lr, bh_from_output=True),
            "bh moves by the summed delta of the *output* layer (the slip of the tutorial's "
            "text); a bias moves by the delta of the neurons it feeds: the column sums of "
            "dZ1, np.sum(dZ1, axis=0, keepdims=True).",
        ),
        Slip(
            _variant(case, lr, row_sums=True),
            "the biases are moved by row sums, one value per *sample* (axis=1), and NumPy "
            "broadcast them into a matrix with one row per sample. A bias is one value per "
            "neuron, moved by the sum over the samples: np.sum(dZ, axis=0, keepdims=True).",
        ),
        Slip(
            _variant(case, lr, total_sum=True),
            "bh moves by the sum of *all* entries of dZ1, the same amount for every hidden "
            "neuron; each bias moves by its own neuron's delta summed over the samples: "
            "np.sum(dZ1, axis=0, keepdims=True).",
        ),
        Slip(
            _variant(case, lr, wout_transposed=True),
            "wout's gradient is transposed, dZ2.T @ h of shape (1, 3), and NumPy broadcast "
            "it against wout (3, 1) into a (3, 3) matrix. The gradient has wout's shape: "
            "h.T @ dZ2.",
        ),
        Slip(
            _variant(case, lr, gradients=True),
            "the function returns the gradients dJ/dw, not the updated parameters w − lr · dJ/dw.",
        ),
    ]


def _explain(exc: BaseException, line: str) -> str | None:
    """The shape errors of the twelve steps, in their names (5 samples, 4 inputs, 3 hidden
    neurons, 1 output)."""
    sizes, shapes = kit.matmul_sizes(exc), sorted(kit.broadcast_shapes(exc))
    if sizes == (4, 3):
        return (
            "wh has one row per input (4) and one column per hidden neuron (3): X @ wh, "
            "not X @ wh.T."
        )
    if sizes == (3, 1):
        return (
            "wout has one row per hidden neuron (3) and one column per output (1): "
            "h @ wout, not h @ wout.T."
        )
    if sizes == (1, 3):
        return (
            "wout carries the signal from the hidden layer (3 rows) to the output (1 column); "
            "going back, the error passes through it transposed: dZ2 @ wout.T, not dZ2 @ wout."
        )
    if sizes in ((3, 5), (4, 5), (1, 5)):
        if re.search(r"\b(wh|wout)\b(\.T)?\s*@", line):
            return "the samples are the rows of X: X @ wh and h @ wout, with the data on the left."
        return (
            "a weight's gradient sums over the samples: transpose the activations on the "
            "left, X.T @ dZ1 (4 x 3, like wh) and h.T @ dZ2 (3 x 1, like wout)."
        )
    if shapes in (sorted([(4, 3), (3, 4)]), sorted([(1, 3), (3, 1)])):
        return (
            "a gradient must have the shape of its weight: X.T @ dZ1 has the shape of wh (4, 3) "
            "and h.T @ dZ2 that of wout (3, 1); the transposed products dZ1.T @ X and "
            "dZ2.T @ h do not."
        )
    if shapes == sorted([(3, 5), (1, 3)]):
        return (
            "the twelve steps keep one sample per *row*: X @ wh + bh is (5, 3); wh.T @ X.T "
            "puts the samples in columns, the layout of the walk-through, and the bias row "
            "no longer fits."
        )
    return None


def _as_four(result: Any) -> dict[str, np.ndarray]:
    """The returned (wh, bh, wout, bout) as arrays, or NotYet saying what came back."""
    if result is None:
        raise NotYet("the function returns None: return wh, bh, wout, bout.")
    if not isinstance(result, (tuple, list)) or len(result) != len(NAMES):
        raise NotYet(
            f"the function returns {kit.describe(result)}; return the four new parameters "
            "(wh, bh, wout, bout), in that order."
        )
    return {
        name: kit.as_array(value, f"{name}, item {i} of what the function returns")
        for i, (name, value) in enumerate(zip(NAMES, result), start=1)
    }


@never_raises
def check_gradient_descent_step(gradient_descent_step: Any) -> Feedback:
    """Check ``gradient_descent_step(X, y, wh, bh, wout, bout, lr)`` -> (wh, bh, wout, bout)."""
    case = _case()
    result = kit.run(
        gradient_descent_step,
        "gradient_descent_step(X, y, wh, bh, wout, bout, lr)",
        {**case, "lr": LR},
        explain=[_explain],
        in_place="compute new arrays, wh = wh - lr * ..., instead of wh -= ..., so that the "
        "starting weights stay as they were",
    )
    got, want = _as_four(result), reference(case, LR)
    shapes = {name: want[name].shape for name in NAMES}
    if [got[k].shape for k in NAMES] != [shapes[k] for k in NAMES] and sorted(
        kit.shape_text(got[k].shape) for k in NAMES
    ) == sorted(kit.shape_text(s) for s in shapes.values()):
        order = ", ".join(next(k for k in NAMES if shapes[k] == got[name].shape) for name in NAMES)
        raise NotYet(
            f"the four arrays come back in the order of the shapes of ({order}); return them "
            "as (wh, bh, wout, bout)."
        )
    wrong = [k for k in NAMES if not kit.close(got[k], want[k])]
    if not wrong:
        return passed(
            "one step of gradient descent with ŷ − y and −= gives the very numbers of the "
            "twelve steps' += with E = y − output."
        )
    if all(kit.close(got[k], case[k]) for k in wrong):
        raise NotYet(f"{wrong} come back unchanged: update every parameter, w = w − lr · dJ/dw.")
    for variant, says in _slips(case, LR):
        if all(kit.close(got[k], variant[k]) for k in wrong) and any(
            not kit.close(variant[k], want[k]) for k in wrong
        ):
            names = "all four parameters" if len(wrong) == len(NAMES) else str(wrong)
            raise NotYet(says.replace("{names}", names))
    first = wrong[0]
    kit.expect_shape(
        first,
        got[first],
        want[first].shape,
        "a parameter keeps its shape; its gradient has the same shape",
    )
    compare(f"{first} after one step", got[first], want[first])
    raise NotYet(f"{first} differs from one step of gradient descent.")  # compare raised


hint_gradient_descent_step = hints(
    __name__,
    "gradient_descent_step",
    "Do the forward pass of the twelve steps (h, then ŷ), then the two deltas, then "
    "subtract lr times each gradient. Only the sign convention changes: ŷ − y instead "
    "of y − output.",
    "dZ2 = (ŷ − y) * ŷ * (1 − ŷ) and dZ1 = (dZ2 @ wout.T) * h * (1 − h): the sigmoid's "
    "slope written with its output.",
    "wout − lr * (h.T @ dZ2), wh − lr * (X.T @ dZ1), and the biases minus lr times the "
    "column sums, dZ.sum(axis=0, keepdims=True); return wh, bh, wout, bout.",
)
