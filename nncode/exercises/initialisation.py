"""The exercises of *Weight initialisation* (``book/part5/initialisation.md``).

- ``check_he(he_init)``: ``he_init(n_in, n_out, rng)`` returns W of shape (n_in, n_out)
  drawn from the normal distribution N(0, 2/n_in) with the generator ``rng``;
- ``check_xavier(xavier_init)``: the same with N(0, 2/(n_in + n_out));

each with its ``hint_he`` and ``hint_xavier``.

A random draw cannot be compared entry by entry, so the checks draw large matrices and
compare their statistics with the scheme's: the shape, a mean of 0, the standard deviation
(within 3 %, many standard errors away from every slip's), the shape of the distribution
(a normal one, not a uniform one, told apart by the kurtosis: 3 against 1.8), and that the
draw comes from ``rng``: the same generator state gives the same weights, another one
other weights.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..init import he_std, xavier_std
from ..network import INIT_STD
from . import kit
from .kit import Feedback, NotYet, hints, never_raises, passed

SIZES = ((400, 100), (50, 200))
"""The sizes (n_in, n_out) of the two draws each check makes, with fan-in and fan-out far apart."""

TOLERANCE = 0.03
"""Relative tolerance on the standard deviation of a draw."""

_NORMAL_KURTOSIS, _UNIFORM_KURTOSIS = 3.0, 1.8

_StdSlip = tuple[Callable[[int, int], float], str]
"""A slip of the standard deviation, as the std it gives for (n_in, n_out) and what to say."""

_SHARED: list[_StdSlip] = [
    (
        lambda i, o: INIT_STD,
        (
            f"the weights have the standard deviation {INIT_STD} of NN's default: compute it "
            "from the layer's sizes."
        ),
    ),
    (
        lambda i, o: 1.0,
        (
            "the weights have standard deviation 1: rng.normal(size=...) draws from N(0, 1); "
            "pass the scheme's standard deviation as scale, rng.normal(0.0, std, size=...)."
        ),
    ),
]


def _he_slips() -> list[_StdSlip]:
    return [
        (
            lambda i, o: 2.0 / i,
            (
                "the standard deviation is 2/n_in, which is He's *variance*: the standard "
                "deviation is its square root, np.sqrt(2 / n_in)."
            ),
        ),
        (
            lambda i, o: np.sqrt(2.0 / o),
            (
                "the spread is computed from n_out; He's variance is 2/n_in, from the number of "
                "inputs of each neuron (the rows of W)."
            ),
        ),
        (
            lambda i, o: np.sqrt(1.0 / i),
            (
                "the variance is 1/n_in, without He's factor 2; the 2 makes up for ReLU setting "
                "half of the receptors to 0: np.sqrt(2 / n_in)."
            ),
        ),
        (
            lambda i, o: xavier_std(i, o),
            (
                "that is Xavier's spread, np.sqrt(2 / (n_in + n_out)); He's uses only n_in: "
                "np.sqrt(2 / n_in)."
            ),
        ),
        (
            lambda i, o: np.sqrt(2.0) / i,
            (
                "the standard deviation is sqrt(2)/n_in; it is sqrt(2/n_in), the square root of "
                "the whole fraction."
            ),
        ),
        *_SHARED,
    ]


def _xavier_slips() -> list[_StdSlip]:
    return [
        (
            lambda i, o: 2.0 / (i + o),
            (
                "the standard deviation is 2/(n_in + n_out), which is Xavier's *variance*: the "
                "standard deviation is its square root, np.sqrt(2 / (n_in + n_out))."
            ),
        ),
        (
            lambda i, o: np.sqrt(1.0 / (i + o)),
            (
                "the variance is 1/(n_in + n_out), one over the *sum* of fan-in and fan-out; "
                "Xavier's is one over their *mean*, 2/(n_in + n_out)."
            ),
        ),
        (
            lambda i, o: he_std(i, o),
            (
                "that is He's spread, np.sqrt(2 / n_in); Xavier's averages fan-in and fan-out: "
                "np.sqrt(2 / (n_in + n_out))."
            ),
        ),
        (
            lambda i, o: np.sqrt(1.0 / i),
            (
                "the variance is 1/n_in, from the fan-in only; Xavier's compromise between the "
                "forward and the backward pass uses both: 2/(n_in + n_out)."
            ),
        ),
        (
            lambda i, o: np.sqrt(1.0 / o),
            "the variance is 1/n_out, from the fan-out only; Xavier's uses both: 2/(n_in + n_out).",
        ),
        (
            lambda i, o: np.sqrt(6.0 / (i + o)),
            (
                "the standard deviation is sqrt(6/(n_in + n_out)): that is the bound a of the "
                "*uniform* version U(-a, a), whose standard deviation is a/sqrt(3). For a normal "
                "draw the standard deviation is np.sqrt(2 / (n_in + n_out))."
            ),
        ),
        *_SHARED,
    ]


def _draw(init: Any, n_in: int, n_out: int, seed: int) -> np.ndarray:
    got = kit.run(
        init,
        f"init({n_in}, {n_out}, rng)",
        {"n_in": n_in, "n_out": n_out, "rng": np.random.default_rng(seed)},
    )
    W = kit.as_array(got, f"init({n_in}, {n_out}, rng)")
    kit.expect_shape(
        f"init({n_in}, {n_out}, rng)",
        W,
        (n_in, n_out),
        "W(l) has one row per neuron of layer l-1 (n_in) and one column per neuron of "
        "layer l (n_out): size=(n_in, n_out)",
    )
    if not np.all(np.isfinite(W)):
        raise NotYet("the weights hold a NaN or an infinity: look for a division by 0.")
    return W


def _kurtosis(W: np.ndarray) -> float:
    centred = W - W.mean()
    return float(np.mean(centred**4) / np.mean(centred**2) ** 2)


def _check_draws(
    init: Any, scheme: str, want_std: Callable[[int, int], float], slips: Sequence[_StdSlip]
) -> None:
    """Raise NotYet at the first way in which ``init``'s draws differ from N(0, want_std²)."""
    formula = {"he": "np.sqrt(2 / n_in)", "xavier": "np.sqrt(2 / (n_in + n_out))"}[scheme]
    name = {"he": "He's", "xavier": "Xavier's"}[scheme]
    for n_in, n_out in SIZES:
        W = _draw(init, n_in, n_out, seed=1)
        want, std = want_std(n_in, n_out), float(W.std())
        if np.all(W == W.flat[0]):
            raise NotYet(
                f"init({n_in}, {n_out}, rng) gives the same value everywhere: every neuron of "
                "the layer would compute the same thing and learn the same way. Draw the "
                "weights at random."
            )
        if abs(W.mean()) > 0.2 * std:
            raise NotYet(
                f"the weights of init({n_in}, {n_out}, rng) have mean {W.mean():.3g}, far from "
                "0: draw them around 0, as rng.normal(0.0, std, ...) does (rng.random and "
                "rng.uniform(0, 1) give only positive numbers)."
            )
        if _kurtosis(W) < (_NORMAL_KURTOSIS + _UNIFORM_KURTOSIS) / 2:
            if abs(std / want - 1) <= TOLERANCE:
                spread = "with the right standard deviation, but "
            elif abs(std * np.sqrt(3) / want - 1) <= TOLERANCE:
                spread = "from (-std, std), whose standard deviation is only std/sqrt(3); and "
            else:
                spread = ""
            raise NotYet(
                f"the weights are drawn uniformly {spread}{name} scheme, as this book uses it, draws "
                f"from a normal distribution: rng.normal(0.0, {formula}, size=(n_in, n_out))."
            )
        if abs(std / want - 1) > TOLERANCE:
            for slip_std, says in slips:
                if abs(std / slip_std(n_in, n_out) - 1) <= TOLERANCE:
                    raise NotYet(f"for n_in = {n_in}, n_out = {n_out}, {says}")
            raise NotYet(
                f"for n_in = {n_in} and n_out = {n_out} the weights have standard deviation "
                f"{std:.4g}; {name} scheme gives {want:.4g}, {formula}."
            )
    first = _draw(init, *SIZES[0], seed=1)
    if not np.array_equal(first, _draw(init, *SIZES[0], seed=1)):
        raise NotYet(
            "two generators in the same state gave different weights: the function draws from "
            "somewhere else (np.random.randn or np.random.normal use NumPy's global generator). "
            "Draw with the rng it is given, rng.normal(...), so that a seed reproduces the run."
        )
    if np.array_equal(first, _draw(init, *SIZES[0], seed=2)):
        raise NotYet(
            "two generators with different seeds gave the same weights: the function ignores "
            "its rng (does it make its own, with a fixed seed?). Draw with rng.normal(...)."
        )


@never_raises
def check_he(he_init: Any) -> Feedback:
    """Check ``he_init(n_in, n_out, rng)``: W ~ N(0, 2/n_in) of shape (n_in, n_out)."""
    _check_draws(he_init, "he", he_std, _he_slips())
    return passed(
        "He's weights are right: shape (n_in, n_out), normal, mean 0, standard deviation "
        "sqrt(2/n_in), drawn from the rng given."
    )


@never_raises
def check_xavier(xavier_init: Any) -> Feedback:
    """Check ``xavier_init(n_in, n_out, rng)``: W ~ N(0, 2/(n_in + n_out)), shape (n_in, n_out)."""
    _check_draws(xavier_init, "xavier", xavier_std, _xavier_slips())
    return passed(
        "Xavier's weights are right: shape (n_in, n_out), normal, mean 0, standard deviation "
        "sqrt(2/(n_in + n_out)), drawn from the rng given."
    )


hint_he = hints(
    __name__,
    "he",
    "W(l) has n_in rows and n_out columns. Draw it from a normal distribution with mean 0 "
    "and the variance 2/n_in, using the generator rng you are given.",
    "rng.normal(loc, scale, size) takes the standard deviation as scale: the square root "
    "of the variance.",
    "return rng.normal(0.0, np.sqrt(2 / n_in), size=(n_in, n_out))",
)


hint_xavier = hints(
    __name__,
    "xavier",
    "Xavier's variance is one over the mean of fan-in and fan-out: 1 / ((n_in + n_out) / 2).",
    "rng.normal(loc, scale, size) takes the standard deviation as scale, the square root "
    "of that variance; W(l) has n_in rows and n_out columns.",
    "return rng.normal(0.0, np.sqrt(2 / (n_in + n_out)), size=(n_in, n_out))",
)
