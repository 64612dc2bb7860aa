"""The checks of the He and Xavier initialisers (Part V): their slip catalogues, proved.

The right answers are written here with NumPy and once more with PyTorch's own
``kaiming_normal_`` and ``xavier_normal_`` (seeded from the generator the check gives, and
transposed, since PyTorch stores a layer's weights as (n_out, n_in)): the check accepts
them, so its standard deviations are those of the published schemes.
"""

from __future__ import annotations

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.initialisation import SIZES, check_he, check_xavier, hint_he, hint_xavier


def he(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2 / n_in), size=(n_in, n_out))


def xavier(n_in, n_out, rng):
    return rng.normal(0.0, np.sqrt(2 / (n_in + n_out)), size=(n_in, n_out))


def with_std(std, draw="normal"):
    """A drawer of (n_in, n_out) weights whose spread is std(n_in, n_out)."""

    def init(n_in, n_out, rng):
        s = std(n_in, n_out)
        if draw == "uniform":
            return rng.uniform(-s, s, size=(n_in, n_out))
        return rng.normal(0.0, s, size=(n_in, n_out))

    return init


def global_generator(n_in, n_out, rng):
    return np.random.randn(n_in, n_out) * np.sqrt(2 / n_in)


def own_seed(n_in, n_out, rng):
    return he(n_in, n_out, np.random.default_rng(0))


SLIPS = [
    # (check, name, learner code, words the message must contain)
    (check_he, "variance for std", with_std(lambda i, o: 2 / i), ["He's *variance*"]),
    (check_he, "n_out for n_in", with_std(lambda i, o: np.sqrt(2 / o)), ["from n_out"]),
    (
        check_he,
        "factor 2 missing",
        with_std(lambda i, o: np.sqrt(1 / i)),
        ["without He's factor 2"],
    ),
    (check_he, "Xavier for He", xavier, ["that is Xavier's spread"]),
    (check_he, "sqrt(2)/n", with_std(lambda i, o: np.sqrt(2) / i), ["sqrt(2)/n_in"]),
    (check_he, "NN's default", with_std(lambda i, o: 0.001), ["NN's default"]),
    (check_he, "N(0, 1)", lambda i, o, rng: rng.normal(size=(i, o)), ["standard deviation 1"]),
    (
        check_he,
        "uniform with the std as bound",
        with_std(lambda i, o: np.sqrt(2 / i), "uniform"),
        ["uniformly from (-std, std)", "std/sqrt(3)", "rng.normal"],
    ),
    (
        check_he,
        "uniform with the right spread",
        with_std(lambda i, o: np.sqrt(6 / i), "uniform"),
        ["uniformly with the right standard deviation", "normal distribution"],
    ),
    (check_he, "rng.random", lambda i, o, rng: rng.random((i, o)), ["mean", "around 0"]),
    (check_he, "transposed", lambda i, o, rng: he(o, i, rng), ["(100, 400)", "transposed"]),
    (check_he, "constant", lambda i, o, rng: np.full((i, o), 0.1), ["same value everywhere"]),
    (check_he, "NumPy's global generator", global_generator, ["np.random.randn", "rng.normal"]),
    (check_he, "its own seed", own_seed, ["ignores its rng"]),
    (
        check_he,
        "other std",
        with_std(lambda i, o: 0.3),
        ["standard deviation 0.298", "He's scheme gives 0.07071"],
    ),
    (
        check_he,
        "n_in and n_out swapped in the signature",
        lambda n_out, n_in, rng: he(n_out, n_in, rng).T,
        ["(100, 400)", "transposed"],
    ),
    (
        check_xavier,
        "variance for std",
        with_std(lambda i, o: 2 / (i + o)),
        ["Xavier's *variance*"],
    ),
    (check_xavier, "sum, not mean", with_std(lambda i, o: np.sqrt(1 / (i + o))), ["*sum*"]),
    (check_xavier, "He for Xavier", he, ["that is He's spread"]),
    (check_xavier, "fan-in only", with_std(lambda i, o: np.sqrt(1 / i)), ["fan-in only"]),
    (check_xavier, "fan-out only", with_std(lambda i, o: np.sqrt(1 / o)), ["fan-out only"]),
    (
        check_xavier,
        "the uniform bound as std",
        with_std(lambda i, o: np.sqrt(6 / (i + o))),
        ["bound a of the *uniform* version"],
    ),
    (
        check_xavier,
        "Glorot uniform",
        with_std(lambda i, o: np.sqrt(6 / (i + o)), "uniform"),
        ["uniformly with the right standard deviation"],
    ),
    (check_xavier, "NN's default", with_std(lambda i, o: 0.001), ["NN's default"]),
    (check_xavier, "transposed", lambda i, o, rng: xavier(o, i, rng), ["transposed"]),
    (check_xavier, "one number", lambda i, o, rng: np.sqrt(2 / (i + o)), ["single number"]),
]


@pytest.mark.parametrize(("check", "answer"), [(check_he, he), (check_xavier, xavier)])
def test_the_schemes_pass(check, answer):
    passes(check(answer))


def test_other_right_answers_pass():
    passes(
        check_he(lambda n_in, n_out, rng: np.sqrt(2 / n_in) * rng.standard_normal((n_in, n_out)))
    )
    passes(check_xavier(lambda i, o, rng: rng.normal(size=(o, i)).T * np.sqrt(2 / (i + o))))


def test_pytorch_s_initialisers_pass():
    torch = require_module("torch", "PyTorch (requirements-test.txt)")

    def seeded(fill):
        def init(n_in, n_out, rng):
            generator = torch.Generator().manual_seed(int(rng.integers(2**31)))
            weight = torch.empty(n_out, n_in, dtype=torch.float64)  # PyTorch's (out, in)
            return fill(weight, generator=generator).numpy().T

        return init

    def kaiming(w, generator):
        return torch.nn.init.kaiming_normal_(w, nonlinearity="relu", generator=generator)

    passes(check_he(seeded(kaiming)))
    passes(check_xavier(seeded(torch.nn.init.xavier_normal_)))
    fails(check_he(seeded(torch.nn.init.xavier_normal_)), "that is Xavier's spread")


def test_the_sizes_tell_fan_in_from_fan_out():
    assert all(n_in != n_out for n_in, n_out in SIZES)


@pytest.mark.parametrize(
    ("check", "name", "code", "words"),
    SLIPS,
    ids=[f"{s[0].__name__}-{s[1]}" for s in SLIPS],
)
def test_every_slip_is_named(check, name, code, words):
    fails(check(code), *words)


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_he(garbage))
    fails(check_xavier(garbage))


def test_hints():
    assert "np.sqrt(2 / n_in)" in str(hint_he(3)) and "n_in + n_out" in str(hint_xavier(3))
