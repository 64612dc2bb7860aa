"""The exercises of *Full-batch and stochastic gradient descent* (``book/part1/descent.md``).

The model has two weights and no bias, ŷ = w₁x₁ + w₂x₂, and the cost of n points is
J(w) = 1/(2n) Σᵢ (ŷᵢ − yᵢ)², whose gradient is (1/n) Σᵢ (ŷᵢ − yᵢ) xᵢ.

- ``check_full_batch(full_batch_step)``: ``full_batch_step(w, X, y, learning_rate)``
  returns the weights after **one** update from the gradient over all the points;
  ``hint_full_batch(level)``.
- ``check_sgd_epoch(sgd_epoch)``: ``sgd_epoch(w, X, y, learning_rate)`` returns the
  weights after one stochastic epoch, one update per point in order, each point seeing
  the weights the point before it left; ``hint_sgd_epoch(level)``.

``w`` has shape (2,), ``X`` (n, 2) with one point per row and ``y`` (n, 1), as in the
chapter; an answer of shape (2, 1) is accepted too. The checks run on the chapter's ten
points and on four other points with another start and learning rate.
"""

from typing import Any, NamedTuple

import numpy as np

from ..data import ten_points
from . import kit
from .kit import Feedback, Slip, compare_cases, hints, never_raises, passed


class DescentCase(NamedTuple):
    """The start w (2,), the points X (n, 2), the targets y (n, 1) and the learning rate."""

    w: np.ndarray
    X: np.ndarray
    y: np.ndarray
    learning_rate: float


def _cases() -> tuple[DescentCase, ...]:  # pragma: no mutate block (runs at import)
    X, y = ten_points()
    return (
        DescentCase(kit.read_only([0.0, 0.0]), kit.read_only(X), kit.read_only(y), 0.1),
        DescentCase(
            kit.read_only([1.0, -0.5]),
            kit.read_only([[0.0, 1.0], [1.5, 0.5], [2.0, -1.0], [0.5, 2.0]]),
            kit.read_only([[0.5], [2.0], [3.5], [-1.0]]),
            0.05,
        ),
    )


DESCENT_CASES = _cases()
"""What the checks run the reader's code on, in this order.

The chapter's ten points from w = (0, 0) with the learning rate 0.1; four points, one with
x₁ = 0, from w = (1, −0.5) with 0.05.

:meta hide-value:
"""


_SIZES = tuple(len(case.X) for case in DESCENT_CASES)


def gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(1/n) Σᵢ (xᵢ·w − yᵢ) xᵢ over the rows of X, shape (2,)."""
    return np.asarray(X.T @ (X @ w - y[:, 0]) / len(X))


def full_batch(w: np.ndarray, X: np.ndarray, y: np.ndarray, learning_rate: float) -> np.ndarray:
    """The reference full-batch step: w − η ∇J(w) over all the points."""
    return np.asarray(w - learning_rate * gradient(w, X, y))


def sgd_history(w: np.ndarray, X: np.ndarray, y: np.ndarray, learning_rate: float) -> np.ndarray:
    """The reference stochastic epoch: the weights before and after each update, (n + 1, 2)."""
    history = [np.array(w, dtype=float)]
    for i in range(len(X)):
        history.append(
            history[-1] - learning_rate * gradient(history[-1], X[i : i + 1], y[i : i + 1])
        )
    return np.array(history)


def _answer(value: Any, what: str) -> np.ndarray:
    """The reader's weights as an array; (2, 1) becomes (2,)."""
    got = kit.as_array(value, what)
    return got.ravel() if got.shape == (2, 1) else got


def _explain_broadcast(case: DescentCase) -> kit.Explain:
    """Explain ``X @ w - y`` with y of shape (n, 1), which NumPy broadcasts to (n, n)."""
    n = len(case.X)

    def say(exc: BaseException, line: str) -> str | None:
        shapes = kit.broadcast_shapes(exc)
        if any(s in ((n, n), (2, n), (n, 2)) for s in shapes) and n != 2:
            return (
                f"X @ w has shape ({n},) and y has shape ({n}, 1), so X @ w - y broadcast to "
                f"a ({n}, {n}) matrix, and everything after it has the wrong shape. Take the "
                "targets as a vector, y[:, 0] (or y.ravel())."
            )
        return None

    return say


_SHAPE_HINT = (
    "the weights are a vector of two entries, shape (2,). If X @ w has shape (n,) and y has "
    "shape (n, 1), X @ w - y broadcasts to an (n, n) matrix: use y[:, 0] (or y.ravel())."
)


def _full_batch_slips(case: DescentCase) -> list[Slip]:
    w, X, y, lr = case
    n = len(X)
    g = gradient(w, X, y)
    right = "w − η·(1/n) Σᵢ (ŷᵢ − yᵢ) xᵢ"
    cost = float(np.sum((X @ w - y[:, 0]) ** 2) / (2 * n))
    return [
        Slip(
            w - lr * gradient(w, X[:1], y[:1]),
            "You used the first point's gradient alone. A full-batch step averages the "
            "gradients of all the points, then updates once.",
        ),
        Slip(
            w - lr * gradient(w, X[-1:], y[-1:]),
            "You used the last point's gradient alone: the loop overwrote the gradient at each "
            "point. A full-batch step averages the gradients of all the points.",
        ),
        Slip(
            w - lr * n * g,
            f"The step is n = {n} times too large: the gradient is the mean over the points, "
            "so divide the sum by n = len(X), the number of points.",
        ),
        Slip(
            w - lr * g / n,
            f"The gradient is divided by n = {n} twice: np.mean, or the sum / n, divides once.",
        ),
        Slip(
            w - lr * n * g / X.shape[1],
            f"You divided by {X.shape[1]}, the number of weights (X.shape[1]); the mean is over "
            f"the n = {n} points, X.shape[0].",
        ),
        Slip(w + lr * g, f"The weights moved uphill: subtract the gradient, {right}."),
        Slip(w - g, f"The learning rate is missing: {right}."),
        Slip(
            np.array([w[0] - g[0], w[1] - lr * g[1]]),
            "The learning rate is missing on w₁: both weights move by η times their slope.",
        ),
        Slip(
            np.array([w[0] - lr * g[0], w[1] - g[1]]),
            "The learning rate is missing on w₂: both weights move by η times their slope.",
        ),
        Slip(
            w - 2 * lr * g,
            "The step is twice too large: the ½ in J cancels the 2 of the square.",
        ),
        Slip(
            w - lr * float(np.mean(X @ w - y[:, 0])),
            "The factor xᵢ is missing from the gradient: ∂J/∂wⱼ = (1/n) Σᵢ (ŷᵢ − yᵢ) xᵢ,ⱼ, so "
            "each error is multiplied by the point's inputs, X.T @ (X @ w - y).",
        ),
        Slip(
            w - lr * cost,
            "You stepped by the cost J itself; the step uses its gradient, (1/n) X.T @ (ŷ − y).",
        ),
        Slip(g, f"You returned the gradient. Return the weights after the step: {right}."),
        Slip(
            sgd_history(w, X, y, lr)[-1],
            "That is a stochastic epoch, one update per point. A full-batch step makes a single "
            "update from the average gradient of all the points.",
        ),
    ]


def _sgd_slips(case: DescentCase) -> list[Slip]:
    w, X, y, lr = case
    n = len(X)
    history = sgd_history(w, X, y, lr)

    def epoch(step: Any, order: Any = None) -> np.ndarray:
        """An epoch whose update for point i is step(w, i)."""
        v = np.array(w, dtype=float)
        for i in order if order is not None else range(n):
            v = step(v, i)
        return v

    def g(v: np.ndarray, i: int) -> np.ndarray:
        return gradient(v, X[i : i + 1], y[i : i + 1])

    batch = w.copy()
    for _ in range(n):
        batch = full_batch(batch, X, y, lr)
    carry = "w = w - learning_rate * gradient, and the next point uses that new w"
    return [
        Slip(
            full_batch(w, X, y, lr),
            "That is one full-batch step: one update from the average over all the points. "
            "Stochastic descent updates after every point, with that point's gradient alone.",
        ),
        Slip(
            batch,
            f"You made {n} updates, but each with the average gradient of all the points (a "
            "full-batch step repeated). Each stochastic update uses one point's gradient.",
        ),
        Slip(
            w - lr * n * gradient(w, X, y),
            "Every point's gradient was computed at the starting weights and the updates added "
            f"up. The weights change after each point, and the next point must see them: {carry}.",
        ),
        Slip(
            w - lr * g(w, n - 1),
            "Only the last point's update survived: each point started again from the original "
            f"weights. Carry the weights from point to point: {carry}.",
        ),
        Slip(
            history[1],
            "You returned after the first point: the return statement is inside the loop. "
            "Return after the loop, once every point has made its update.",
        ),
        Slip(
            epoch(lambda v, i: v - lr * g(v, i) / n),
            f"Each update is divided by n = {n}. One point's gradient is its own: its cost has "
            "n = 1, so there is nothing to average.",
        ),
        Slip(
            epoch(lambda v, i: v - lr * g(v, i), order=range(n - 1, -1, -1)),
            "You went through the points from last to first. The epoch takes them in order, "
            "point 1 first.",
        ),
        Slip(
            epoch(lambda v, i: v + lr * g(v, i)),
            "The weights moved uphill: subtract each gradient, w − η·(ŷᵢ − yᵢ) xᵢ.",
        ),
        Slip(
            epoch(lambda v, i: v - g(v, i)),
            "The learning rate is missing: each update is w − η·(ŷᵢ − yᵢ) xᵢ.",
        ),
        Slip(
            epoch(lambda v, i: v - 2 * lr * g(v, i)),
            "Each update is twice too large: the ½ in J cancels the 2 of the square.",
        ),
        Slip(
            history,
            "You returned every weight vector of the epoch, the start and one row per point. "
            "Return only the weights after the last point.",
        ),
        Slip(
            history[1:],
            "You returned the weights after every point. Return only the weights after the "
            "last point.",
        ),
    ]


def _weights_on_every_case(answer: Any, what: str, name: str, in_place: str) -> list[np.ndarray]:
    """Run the reader's ``answer(w, X, y, learning_rate)`` on every case of
    ``DESCENT_CASES`` and read the weights it returns."""
    runs = kit.run_cases(answer, what, DESCENT_CASES, explain=_explain_broadcast, in_place=in_place)
    return [_answer(out, name) for _, out in runs]


@never_raises
def check_full_batch(full_batch_step: Any) -> Feedback:
    """Check ``full_batch_step(w, X, y, learning_rate)`` on every case of ``DESCENT_CASES``."""
    compare_cases(
        "the new weights",
        _weights_on_every_case(
            full_batch_step,
            "full_batch_step(w, X, y, learning_rate)",
            "the new weights",
            "compute new arrays (w = w - ...), not w -= ...; leave w, X and y as they are",
        ),
        [full_batch(*case) for case in DESCENT_CASES],
        [_full_batch_slips(case) for case in DESCENT_CASES],
        shape_hint=_SHAPE_HINT,
        otherwise="the new weights are not one full-batch step, and not one of the usual "
        "slips either: compute all the predictions X @ w, the errors, the mean gradient, "
        "then update once.",
    )
    return passed(
        "one update from the average gradient of all the points, on the chapter's "
        f"{_SIZES[0]} points and on {_SIZES[1]} others."
    )


@never_raises
def check_sgd_epoch(sgd_epoch: Any) -> Feedback:
    """Check ``sgd_epoch(w, X, y, learning_rate)`` on every case of ``DESCENT_CASES``."""
    compare_cases(
        "the weights after the epoch",
        _weights_on_every_case(
            sgd_epoch,
            "sgd_epoch(w, X, y, learning_rate)",
            "the weights after the epoch",
            "start from a copy, w = w.copy() or w = w - ..., not w -= ...; leave w, X and y "
            "as they are",
        ),
        [sgd_history(*case)[-1] for case in DESCENT_CASES],
        [_sgd_slips(case) for case in DESCENT_CASES],
        shape_hint=_SHAPE_HINT,
        otherwise="the weights are not those after one stochastic epoch, and not one of "
        "the usual slips either: for each point in order, compute its prediction with the "
        "current w, its gradient, and update w.",
    )
    return passed(
        "one update per point, in order, each point seeing the weights the point before it "
        f"left, on the chapter's {_SIZES[0]} points and on {_SIZES[1]} others."
    )


hint_full_batch = hints(
    __name__,
    "full_batch",
    "Evaluate every point with the same weights w, average the gradients of all the "
    "points, then update once.",
    "The predictions of all points are X @ w, shape (n,); the errors X @ w - y[:, 0]; the "
    "mean gradient X.T @ errors / n, one entry per weight.",
    "return w - learning_rate * X.T @ (X @ w - y[:, 0]) / len(X)",
)


hint_sgd_epoch = hints(
    __name__,
    "sgd_epoch",
    "Loop over the points in order. For each one, predict with the current weights, "
    "compute that point's gradient alone, and update the weights at once.",
    "One point's gradient is (ŷᵢ − yᵢ) xᵢ, with ŷᵢ = X[i] @ w: no division by n. Assign the "
    "update to w, so that the next point sees it, and return w after the loop.",
    "for i in range(len(X)): w = w - learning_rate * (X[i] @ w - y[i, 0]) * X[i]",
)
