"""The exercise of *From the perceptron to the neuron* (``book/part1/perceptron.md``).

- ``check_perceptron(perceptron)``: ``perceptron(X, w, b)`` returns, for every row x of
  ``X`` (one input per row), 1 when the perceptron fires, w·x + b > 0, and 0 otherwise;
  ``hint_perceptron(level)``.

The check's inputs put the weighted sum plus bias at exactly 0 for some rows, where a
perceptron does not fire (the rule is > 0, not ≥ 0), and one of its input sets is
square, so that ``w @ X`` runs without an error and gives a wrong answer that is named.
"""

from itertools import product
from typing import Any, NamedTuple

import numpy as np

from . import kit
from .kit import Feedback, Slip, compare_cases, hints, never_raises, passed


class PerceptronCase(NamedTuple):
    """Inputs X (one per row), weights w and bias b (read-only arrays; b a float)."""

    X: np.ndarray
    w: np.ndarray
    b: float


PERCEPTRON_CASES = (
    PerceptronCase(
        kit.read_only(list(product([0.0, 1.0], repeat=3))), kit.read_only([2.0, 3.0, 4.0]), -4.0
    ),
    PerceptronCase(
        kit.read_only([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]),
        kit.read_only([-1.0, 2.0, 0.5]),
        1.0,
    ),
    PerceptronCase(
        kit.read_only(
            [
                [1.0, 0.0, 1.0, 1.0],
                [0.0, 1.0, 0.0, 1.0],
                [0.0, 0.0, 1.0, 0.0],
                [1.0, 0.0, 0.0, 1.0],
                [1.0, 1.0, 1.0, 0.0],
            ]
        ),
        kit.read_only([1.5, -2.0, 1.0, -0.5]),
        -1.0,
    ),
)
"""What the check runs the reader's perceptron on, in this order.

Every input of three switches with the weights (2, 3, 4) and the threshold 4 (bias −4),
where the input (0, 0, 1) sums to exactly the threshold; three inputs of three switches
(square, so w @ X runs), one of them exactly at the threshold; five inputs of four switches,
two of them exactly at the threshold.

:meta hide-value:
"""


def fires(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The reference: 1.0 where X @ w + b > 0, else 0.0, one entry per row of X."""
    return (X @ w + b > 0).astype(np.float64)


def _step(z: Any) -> np.ndarray:
    return (np.asarray(z) > 0).astype(np.float64)


def _slips(case: PerceptronCase) -> list[Slip]:
    """What the usual slips give on ``case``."""
    X, w, b = case
    z = X @ w + b
    rule = "fire when X @ w + b > 0"
    square = X.shape[0] == X.shape[1]  # only then does w @ X run
    return [
        Slip(
            (z >= 0).astype(float),
            "Your perceptron fires when the weighted sum plus the bias is exactly 0. The rule "
            "is strict: it fires only above the threshold, w·x + b > 0, so use >, not >=.",
        ),
        Slip(
            _step(X @ w - b),
            "The bias has the wrong sign: it is added, w·x + b > 0. (The bias is minus the "
            "threshold, b = −t; you used b as the threshold.)",
        ),
        Slip(_step(X @ w), f"The bias is missing: {rule}."),
        Slip(
            _step(X.sum(axis=1) + b),
            "You added up the inputs without their weights. Each input counts with its weight: "
            "the weighted sum is X @ w (for one input, w·x = Σⱼ wⱼ xⱼ).",
        ),
        *(
            [
                Slip(
                    _step(w @ X + b),
                    "w @ X combines the columns of X, one feature of every input at a time. "
                    "Each row of X is one input, so the weighted sums are X @ w.",
                )
            ]
            if square
            else []
        ),
        Slip(
            _step(X * w + b),
            "You multiplied each input by its weight but did not add the products up: the "
            "weighted sum of a row is (X * w).sum(axis=1), or X @ w.",
        ),
        Slip(
            _step((X * w).sum(axis=0) + b),
            "You added the products down the columns (axis=0). One input is a row: add along "
            "each row, (X * w).sum(axis=1), or use X @ w.",
        ),
        Slip(
            z,
            "You returned the weighted sums plus the bias, X @ w + b. A perceptron answers 1 or "
            "0: compare them with 0, (X @ w + b > 0).",
        ),
        Slip(
            1.0 / (1.0 + np.exp(-z)),
            "You returned the sigmoid of the weighted sum: that is a neuron's smooth output. The "
            "perceptron jumps: 1 when X @ w + b > 0, else 0.",
        ),
        Slip(
            (z <= 0).astype(float),
            f"1 and 0 are swapped: the perceptron outputs 1 (fires) above the threshold; {rule}.",
        ),
        Slip(
            (z < 0).astype(float),
            f"1 and 0 are swapped: the perceptron outputs 1 (fires) above the threshold; {rule}.",
        ),
    ]


def _explain_product(case: PerceptronCase) -> kit.Explain:
    """Explain ``w @ X`` (or ``X.T @ w``) failing on a non-square X."""
    n, m = case.X.shape

    def say(exc: BaseException, line: str) -> str | None:
        if kit.matmul_sizes(exc) in ((m, n), (n, m)):
            return (
                f"X has one input per row, {kit.shape_text((n, m))}, and w one weight per "
                f"column, {kit.shape_text((m,))}: the weighted sums of all rows are X @ w."
            )
        if isinstance(exc, ValueError) and "truth value of an array" in str(exc):
            return (
                f"`if` needs one True or False, but X @ w + b holds {n} sums, one per row. "
                "Compare them all at once, (X @ w + b > 0).astype(int), or loop over the rows "
                "of X."
            )
        return None

    return say


def _outputs(value: Any, n: int) -> np.ndarray:
    """The reader's outputs as an array of n entries: (n,) or (n, 1) are both fine."""
    got = kit.as_array(value, "the result")
    if got.ndim == 2 and got.shape == (n, 1):
        return got[:, 0]
    return got


@never_raises
def check_perceptron(perceptron: Any) -> Feedback:
    """Check ``perceptron(X, w, b)`` -> one 0 or 1 per row of X, on ``PERCEPTRON_CASES``."""
    outputs = [
        _outputs(out, len(case.X))
        for case, out in kit.run_cases(
            perceptron,
            "perceptron(X, w, b)",
            PERCEPTRON_CASES,
            explain=_explain_product,
            in_place="compute new arrays and leave X and w as they are",
        )
    ]
    compare_cases(
        "the result",
        outputs,
        [fires(*case) for case in PERCEPTRON_CASES],
        [_slips(case) for case in PERCEPTRON_CASES],
        shape_hint="one output, 0 or 1, per row of X.",
    )
    return passed(
        "the perceptron fires exactly when w·x + b > 0, including at the threshold itself, "
        "for every input of three sets."
    )


hint_perceptron = hints(
    __name__,
    "perceptron",
    "For one input x: weigh each switch, add the weighted switches and the bias, and fire "
    "(1) when the total is above 0, else answer 0.",
    "With one input per row of X, all the weighted sums at once are X @ w, one per row; "
    "add b to each, compare with 0 using > (at exactly 0 the perceptron does not fire).",
    "return (X @ w + b > 0).astype(int)",
)
