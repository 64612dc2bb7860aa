"""The checks of the one-weight derivatives (Part II): their slip catalogues, proved.

The right numbers come from finite differences of the cost, and every slip's number is
computed here by hand from a forward pass written in plain NumPy: nothing is taken from
the module under test.
"""

from __future__ import annotations

import numpy as np
import pytest
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.data import SOURCE_DJ_DW3_21, example
from nncode.exercises.chain_rule import (
    SAMPLE,
    check_dJ_dw1_21,
    check_dJ_dw2_21,
    check_dJ_dw3_21,
    derivative,
    hint_dJ_dw1_21,
    hint_dJ_dw2_21,
    hint_dJ_dw3_21,
)

P = example.PARAMS


def cost(params, rows):
    """J = 1/(2n) sum over the samples ``rows`` of (x3 - y)^2, by hand."""
    a = example.X[rows]
    for l in (1, 2, 3):
        z = a @ params[f"W{l}"] + params[f"b{l}"]
        a = np.maximum(0, z) if l < 3 else z
    return float(np.sum((a - example.Y[rows]) ** 2) / (2 * len(a)))


def fd(l, i, j, rows=slice(SAMPLE, SAMPLE + 1), eps=1e-6):
    """Finite difference of the cost on ``rows`` for w(l)_{i,j} (indices from 1)."""
    up = {k: v.copy() for k, v in P.items()}
    down = {k: v.copy() for k, v in P.items()}
    up[f"W{l}"][i - 1, j - 1] += eps
    down[f"W{l}"][i - 1, j - 1] -= eps
    return (cost(up, rows) - cost(down, rows)) / (2 * eps)


def sample():
    """The second sample's forward values, by hand."""
    x0 = example.X[SAMPLE]
    z1 = x0 @ P["W1"] + P["b1"][0]
    x1 = np.maximum(0, z1)
    z2 = x1 @ P["W2"] + P["b2"][0]
    x2 = np.maximum(0, z2)
    x3 = x2 @ P["W3"] + P["b3"][0]
    return x0, z1, x1, z2, x2, float(x3[0] - example.Y[SAMPLE, 0])


x0, z1, x1, z2, x2, err = sample()
ALL = slice(None)
path = [P["W3"][m, 0] * (z2[m] > 0) * P["W2"][0, m] for m in (0, 1)]
rest = err * (z1[0] > 0) * x0[1]

SLIPS = [
    # (check, name, the learner's number, words the message must contain)
    (check_dJ_dw3_21, "sign", -fd(3, 2, 1), ["sign is wrong", "x⁽³⁾₁ − y"]),
    (check_dJ_dw3_21, "indices swapped", err * x2[0], ["∂J/∂w⁽³⁾₁,₁", "indices are swapped"]),
    (check_dJ_dw3_21, "neuron of layer 1", err * x1[1], ["x⁽¹⁾₂, a neuron of layer 1"]),
    (check_dJ_dw3_21, "wrong variable", err * P["W3"][1, 0], ["wrong variable"]),
    (check_dJ_dw3_21, "last factor missing", err, ["last factor is missing"]),
    (check_dJ_dw3_21, "twice", 2 * fd(3, 2, 1), ["twice too large", "½"]),
    (check_dJ_dw3_21, "another sample", fd(3, 2, 1, slice(3, 4)), ["sample 4", "second sample"]),
    (check_dJ_dw3_21, "batch average", fd(3, 2, 1, ALL), ["average over all 4 samples"]),
    (check_dJ_dw3_21, "batch sum", 4 * fd(3, 2, 1, ALL), ["sum over all 4 samples"]),
    (
        check_dJ_dw3_21,
        "the source's number",
        SOURCE_DJ_DW3_21,
        ["the source's number", "second sample"],
    ),
    (check_dJ_dw3_21, "another layer", fd(2, 2, 1), ["∂J/∂w⁽²⁾₂,₁, a weight of layer 2"]),
    (check_dJ_dw2_21, "sign", -fd(2, 2, 1), ["sign is wrong"]),
    (check_dJ_dw2_21, "indices swapped", fd(2, 1, 2), ["∂J/∂w⁽²⁾₁,₂", "indices are swapped"]),
    (check_dJ_dw2_21, "wrong start", fd(2, 1, 1), ["∂J/∂w⁽²⁾₁,₁", "starts at neuron 2 of layer 1"]),
    (check_dJ_dw2_21, "wrong end", fd(2, 2, 2), ["∂J/∂w⁽²⁾₂,₂", "arrives at neuron 1 of layer 2"]),
    (check_dJ_dw2_21, "an input", err * P["W3"][0, 0] * x0[1], ["x⁽⁰⁾₂, an input"]),
    (check_dJ_dw2_21, "w(3) missing", err * x1[1], ["factor is missing", "w⁽³⁾₁,₁"]),
    (
        check_dJ_dw2_21,
        "wrong variable",
        err * P["W3"][0, 0] * P["W2"][1, 0],
        ["wrong variable", "not the weight itself"],
    ),
    (
        check_dJ_dw2_21,
        "a(z) for a'(z)",
        err * P["W3"][0, 0] * x2[0] * x1[1],
        ["the ReLU's value", "slope a'(z⁽²⁾₁)"],
    ),
    (check_dJ_dw2_21, "batch average", fd(2, 2, 1, ALL), ["average over all 4 samples"]),
    (check_dJ_dw2_21, "another sample", fd(2, 2, 1, slice(3, 4)), ["sample 4"]),
    (check_dJ_dw1_21, "sign", -fd(1, 2, 1), ["sign is wrong"]),
    (check_dJ_dw1_21, "indices swapped", fd(1, 1, 2), ["∂J/∂w⁽¹⁾₁,₂", "indices are swapped"]),
    (
        check_dJ_dw1_21,
        "wrong input",
        fd(1, 1, 1),
        ["∂J/∂w⁽¹⁾₁,₁", "from input 1", "starts at input 2"],
    ),
    (check_dJ_dw1_21, "path 1 only", rest * path[0], ["only the path through neuron 1"]),
    (check_dJ_dw1_21, "path 2 only", rest * path[1], ["only the path through neuron 2"]),
    (
        check_dJ_dw1_21,
        "column of W(2)",
        rest * sum(P["W3"][m, 0] * (z2[m] > 0) * P["W2"][m, 0] for m in (0, 1)),
        ["column 1 of W⁽²⁾", "row 1"],
    ),
    (check_dJ_dw1_21, "paths multiplied", rest * path[0] * path[1], ["multiplied the paths"]),
    (check_dJ_dw1_21, "batch average", fd(1, 2, 1, ALL), ["average over all 4 samples"]),
    (check_dJ_dw1_21, "another sample", fd(1, 2, 1, slice(0, 1)), ["sample 1"]),
]

CHECKS = [(check_dJ_dw3_21, (3, 2, 1)), (check_dJ_dw2_21, (2, 2, 1)), (check_dJ_dw1_21, (1, 2, 1))]


def test_the_example_makes_these_exercises_meaningful():
    assert np.all(x2 > 0), "both paths through layer 2 must be open for the layer-1 exercise"
    assert x1[0] > 0 and x1[1] > 0
    assert all(abs(fd(*w)) > 1e-3 for _, w in CHECKS)


@pytest.mark.parametrize(("check", "weight"), CHECKS)
def test_the_finite_difference_passes_also_rounded(check, weight):
    truth = fd(*weight)
    assert derivative(*weight) == pytest.approx(truth, rel=1e-7)
    passes(check(truth))
    passes(check(np.float64(round(truth, 4))))
    passes(check(np.array([[truth]])))
    fails(check(truth + 0.05), "not one of the usual slips")


@pytest.mark.parametrize(
    ("check", "name", "value", "words"), SLIPS, ids=[f"{s[0].__name__}-{s[1]}" for s in SLIPS]
)
def test_every_slip_is_named(check, name, value, words):
    fails(check(value), *words)


@pytest.mark.parametrize("check", [c for c, _ in CHECKS])
@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(check, garbage):
    fails(check(garbage))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ([0.1, 0.2], "one number"),
        ("0.1", "a str"),
        (True, "must be a number"),
        (abs, "pass the number"),
    ],
)
def test_what_is_not_one_number_is_named(value, words):
    fails(check_dJ_dw3_21(value), words)


def test_hints():
    assert "x⁽²⁾₂" in str(hint_dJ_dw3_21(3)) and "w⁽³⁾₁,₁" in str(hint_dJ_dw2_21(2))
    assert "two paths" in str(hint_dJ_dw1_21())
