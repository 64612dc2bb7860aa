"""The exercise of *Learning by trial and error* (``book/part1/index.md``).

The module is named after what the chapter teaches, learning by trial, because the
chapter's file name, ``index``, says nothing about it.

- ``check_gradient_step(step)``: ``step(w, b, x, y, learning_rate)`` returns the pair
  ``(w, b)`` after one gradient-descent step on the model ŷ = w·x + b with the cost
  J = 1/(2n) Σᵢ (ŷᵢ − yᵢ)², whose slopes are ∂J/∂w = mean((ŷ − y)·x) and
  ∂J/∂b = mean(ŷ − y); ``hint_gradient_step(level)``.

The check runs the step on three small data sets of different sizes (one with x = 0 and
negative inputs, one whose start is on the other side of the best line) and names the
usual slips: a wrong sign, the learning rate forgotten on one parameter or both, the
slope of the wrong parameter or with respect to x, the error instead of its slope, a sum
instead of a mean, one point instead of all, b's slope computed after w has moved.
"""

from typing import Any, NamedTuple

import numpy as np

from . import kit
from .kit import Feedback, NotYet, Slip, compare_cases, hints, never_raises, passed


class StepCase(NamedTuple):
    """The start (w, b), the data x, y (read-only arrays) and the learning rate."""

    w: float
    b: float
    x: np.ndarray
    y: np.ndarray
    learning_rate: float


STEP_CASES = (
    StepCase(
        4.0,
        -1.0,
        kit.read_only([-1.0, 0.0, 0.5, 2.0, 3.0]),
        kit.read_only([-0.5, 1.0, 2.0, 2.5, 4.5]),
        0.1,
    ),
    StepCase(
        -0.5, 2.0, kit.read_only([0.5, 1.5, 2.5, 4.0]), kit.read_only([1.0, 0.5, 2.0, 1.5]), 0.02
    ),
    StepCase(0.0, 0.0, kit.read_only([1.0, 2.0, 3.0]), kit.read_only([3.0, 5.0, 7.0]), 0.05),
)
"""What the check runs the reader's step on, in this order.

Five points with x = 0 and a negative x, started above the best slope; four points with a
small learning rate; the start of the chapter's loop, w = b = 0, with the data of the line
y = 2x + 1. (The cases that start away from 0 come first: from w = b = 0 some slips give
the same numbers.)

:meta hide-value:
"""


def slopes(w: float, b: float, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(∂J/∂w, ∂J/∂b) = (mean((ŷ − y)·x), mean(ŷ − y)) with ŷ = w·x + b."""
    error = w * x + b - y
    return float(np.mean(error * x)), float(np.mean(error))


def gradient_step(
    w: float, b: float, x: np.ndarray, y: np.ndarray, learning_rate: float
) -> tuple[float, float]:
    """The reference: one step w − η ∂J/∂w, b − η ∂J/∂b, both slopes taken at the start."""
    dw, db = slopes(w, b, x, y)
    return w - learning_rate * dw, b - learning_rate * db


def _slips(case: StepCase) -> list[Slip]:
    """What the usual slips give on ``case``."""
    w, b, x, y, lr = case
    n = len(x)
    dw, db = slopes(w, b, x, y)
    new_w, new_b = gradient_step(w, b, x, y, lr)
    cost = float(np.sum((w * x + b - y) ** 2) / (2 * n))
    dw_no_b, db_no_b = slopes(w, 0.0, x, y)
    dw_first, db_first = slopes(w, b, x[:1], y[:1])
    _, db_after = slopes(new_w, b, x, y)
    right = "w := w − η·∂J/∂w and b := b − η·∂J/∂b"
    return [
        Slip(
            (w + lr * dw, b + lr * db),
            f"Both parameters moved uphill: the step goes against the slope, {right}. "
            "(The error is ŷ − y, the prediction minus the target; with y − ŷ the sign flips.)",
        ),
        Slip(
            (new_w, b + lr * db),
            "b moved uphill: subtract its slope, b := b − η·∂J/∂b (w is right).",
        ),
        Slip(
            (w + lr * dw, new_b),
            "w moved uphill: subtract its slope, w := w − η·∂J/∂w (b is right).",
        ),
        Slip(
            (w - dw, b - db),
            f"The learning rate is missing: each step is η times the slope, {right}.",
        ),
        Slip(
            (w - dw, new_b),
            "The learning rate is missing on w: w := w − η·∂J/∂w (b is right).",
        ),
        Slip(
            (new_w, b - db),
            "The learning rate is missing on b: b := b − η·∂J/∂b (w is right).",
        ),
        Slip(
            (new_w, b - lr * dw),
            "b moved by w's slope. b is multiplied by 1, not by x, so its slope has no factor "
            "x: ∂J/∂b = mean(ŷ − y).",
        ),
        Slip(
            (w - lr * db, new_b),
            "w's slope is missing the factor x: w multiplies x, so ∂J/∂w = mean((ŷ − y)·x).",
        ),
        Slip(
            (w - lr * float(np.mean((w * x + b - y) * w)), new_b),
            "w's slope is the derivative with respect to x, (ŷ − y)·w. The step needs the "
            "derivative with respect to the weight w, which is (ŷ − y)·x.",
        ),
        Slip(
            (w - lr * cost, b - lr * cost),
            "You stepped by the error J itself. J says how wrong the model is, not which way "
            "to move: step by its slopes, mean((ŷ − y)·x) for w and mean(ŷ − y) for b.",
        ),
        Slip(
            (w - lr * n * dw, b - lr * n * db),
            f"The step is n = {n} times too large: J averages over the n points, so the slopes "
            "are means, np.mean(...), not sums.",
        ),
        Slip(
            (w - lr * dw / n, b - lr * db / n),
            f"The step is divided by n = {n} twice: np.mean already divides by n once.",
        ),
        Slip(
            (w - 2 * lr * dw, b - 2 * lr * db),
            "The step is twice too large: the ½ in J = 1/(2n) Σ (ŷ − y)² cancels the 2 of "
            "the square, so ∂J/∂w = mean((ŷ − y)·x), with no 2.",
        ),
        Slip(
            (w - lr * dw_first, b - lr * db_first),
            "You used the first point alone. The cost averages over all the points: take the "
            "mean over every point of x and y.",
        ),
        Slip(
            (w - lr * dw_no_b, b - lr * db_no_b),
            "The prediction leaves out b: the slopes are taken at ŷ = w·x + b.",
        ),
        Slip(
            (new_w, b - lr * db_after),
            "b's slope was computed after w had already moved. Compute both slopes from the "
            "same prediction ŷ = w·x + b first, then update both parameters.",
        ),
        Slip((new_b, new_w), "The pair is in the wrong order: return (w, b), the weight first."),
        Slip(
            (lr * dw, lr * db),
            "You returned the change of each parameter, η times its slope. Return the new "
            "values: w − η·∂J/∂w and b − η·∂J/∂b.",
        ),
        Slip(
            (dw, db),
            "You returned the slopes ∂J/∂w and ∂J/∂b. Return the parameters after the step: "
            f"{right}.",
        ),
        Slip(
            (w, b),
            "The parameters have not moved: return the new w and b, not the ones you were given.",
        ),
    ]


@never_raises
def check_gradient_step(step: Any) -> Feedback:
    """Check ``step(w, b, x, y, learning_rate) -> (w, b)`` on every case of ``STEP_CASES``."""
    pairs = []
    in_place = "compute new arrays (error = y_hat - y), and leave x and y as they are"
    for _, out in kit.run_cases(
        step, "step(w, b, x, y, learning_rate)", STEP_CASES, in_place=in_place
    ):
        pair = kit.as_array(out, "the result of step")
        if pair.size != 2:
            raise NotYet(
                "step must return the pair (w, b), the two parameters after the step; it "
                f"returned {kit.describe(out) if pair.ndim else 'one number'}"
            )
        pairs.append(pair.ravel())
    compare_cases(
        "(w, b)",
        pairs,
        [gradient_step(*case) for case in STEP_CASES],
        [_slips(case) for case in STEP_CASES],
        otherwise="(w, b) is not the result of one step, and not one of the usual slips "
        "either. Compute ŷ = w·x + b, the error ŷ − y, the two slopes, then the two updates.",
    )
    return passed("both parameters take one step downhill, on three data sets of different sizes.")


hint_gradient_step = hints(
    __name__,
    "gradient_step",
    "Follow the four steps of the loop: predict ŷ = w·x + b for every point, compare "
    "(the error ŷ − y), find each parameter's slope, step both against their slopes.",
    "The slopes are means over all the points: ∂J/∂w = np.mean((y_hat - y) * x) and "
    "∂J/∂b = np.mean(y_hat - y). Compute both before you change w or b.",
    "return w - learning_rate * dw, b - learning_rate * db",
)
