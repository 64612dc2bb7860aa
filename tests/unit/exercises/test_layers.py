"""The checks of counting an MLP's parameters and naming their shapes (Part I): their slip
catalogues, proved.

The counts are checked by hand for the chapter's figure and against PyTorch, which counts
the parameters of the same network built from ``torch.nn.Linear`` layers (whose weight
matrices are stored the other way round, a useful reminder of what a transpose is).
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from booktest import require_module
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.layers import (
    NETWORKS,
    check_count_parameters,
    check_parameter_shapes,
    hint_count_parameters,
    hint_parameter_shapes,
)


def count_parameters(layers_dims):
    """The book's solution."""
    weights = sum(a * b for a, b in pairwise(layers_dims))
    return weights + sum(layers_dims[1:])


def parameter_shapes(layers_dims):
    """The book's solution."""
    shapes = {}
    for l in range(1, len(layers_dims)):
        shapes[f"W{l}"] = (layers_dims[l - 1], layers_dims[l])
        shapes[f"b{l}"] = (1, layers_dims[l])
    return shapes


def shapes_variant(**slip):
    """``parameter_shapes`` with one slip."""

    def shapes(dims):
        out = {}
        last = len(dims) - (1 if slip.get("short") else 0)
        for l in range(1, last):
            key = l - 1 if slip.get("from_0") else l
            W = (dims[l], dims[l - 1]) if slip.get("W_T") else (dims[l - 1], dims[l])
            if slip.get("bias_row"):
                W = (dims[l - 1] + 1, dims[l])
            b = {"col": (dims[l], 1), "flat": (dims[l],), "prev": (1, dims[l - 1])}.get(
                slip.get("b"), (1, dims[l])
            )
            out[f"W{key}"] = W
            if not slip.get("no_b"):
                out[f"b{key}"] = b
        if slip.get("W0"):
            out["W0"], out["b0"] = (dims[0], dims[0]), (1, dims[0])
        return out

    return shapes


def one_too_far(dims):
    return {f"W{l}": (dims[l - 1], dims[l]) for l in range(1, len(dims) + 1)}


def arrays(dims):
    return {k: np.zeros(v) for k, v in parameter_shapes(dims).items()}


def count_with_torch(dims):
    torch = require_module("torch", "PyTorch (requirements-test.txt)")
    layers = [torch.nn.Linear(a, b) for a, b in pairwise(dims)]
    return sum(p.numel() for layer in layers for p in layer.parameters())


COUNT_SLIPS = [
    # (name, learner code, words the message must contain)
    ("biases forgotten", lambda d: sum(a * b for a, b in pairwise(d)), ["weights only"]),
    (
        "input layer given biases",
        lambda d: sum(a * b for a, b in pairwise(d)) + sum(d),
        ["input layer biases"],
    ),
    (
        "the last layer left out",
        lambda d: count_parameters(d[:-1]),
        ["last layer is missing", "range(1, len(layers_dims))"],
    ),
    (
        "output biases forgotten",
        lambda d: sum(a * b for a, b in pairwise(d)) + sum(d[1:-1]),
        ["output layer's biases are missing"],
    ),
    ("neurons counted", sum, ["counted the neurons"]),
    (
        "all widths multiplied",
        lambda d: int(np.prod(d)) + sum(d[1:]),
        ["multiplied all the widths"],
    ),
    (
        "biases counted twice",
        lambda d: sum((a + 1) * b for a, b in pairwise(d)) + sum(d[1:]),
        ["counted twice", "x₀ = 1"],
    ),
    ("one layer too far", lambda d: sum(d[l] * d[l + 1] for l in range(len(d))), ["went past"]),
    ("a list", lambda d: [1, 2], ["must be one number"]),
]

SHAPE_SLIPS = [
    ("W transposed", shapes_variant(W_T=True), ["W1 is transposed", "(4, 5)"]),
    ("b a column", shapes_variant(b="col"), ["b1 is a column", "(1, 5)"]),
    ("b flat", shapes_variant(b="flat"), ["b1 is flat", "(1, 5)"]),
    ("b of the layer before", shapes_variant(b="prev"), ["one entry per neuron of layer 0"]),
    ("biases forgotten", shapes_variant(no_b=True), ["biases are missing"]),
    ("keys from 0", shapes_variant(from_0=True), ["keys count from 0", "W1"]),
    ("input layer given weights", shapes_variant(W0=True), ["W0 or b0", "input layer"]),
    ("the last layer missing", shapes_variant(short=True), ["last layer is missing, W3 and b3"]),
    ("the bias as a row of W", shapes_variant(bias_row=True), ["x₀ = 1 trick", "(4, 5)"]),
    ("one layer too far", one_too_far, ["went past the last layer"]),
    ("a list", lambda d: [(2, 3)], ["must return a dict", "a list of 1 item"]),
    ("shapes as text", lambda d: {k: str(v) for k, v in parameter_shapes(d).items()}, ["a str"]),
    ("an extra key", lambda d: parameter_shapes(d) | {"W9": (1, 1)}, ["should not have", "W9"]),
]


def test_the_book_s_solutions_pass():
    passes(check_count_parameters(count_parameters))
    passes(check_parameter_shapes(parameter_shapes))
    passes(check_parameter_shapes(arrays))  # the arrays themselves: their shapes are read
    passes(check_parameter_shapes(lambda d: {k: list(v) for k, v in parameter_shapes(d).items()}))


def test_the_counts_by_hand_and_by_pytorch():
    # the chapter's figure: 4·5 + 5·5 + 5·2 = 55 weights and 5 + 5 + 2 = 12 biases
    assert NETWORKS[0] == (4, 5, 5, 2) and count_parameters(NETWORKS[0]) == 67
    for dims in NETWORKS:
        assert count_parameters(dims) == count_with_torch(dims)
        torch = require_module("torch", "PyTorch (requirements-test.txt)")
        for l, (a, b) in enumerate(pairwise(dims), start=1):
            # torch stores W transposed, (out, in): ours is its transpose
            assert parameter_shapes(dims)[f"W{l}"] == tuple(torch.nn.Linear(a, b).weight.T.shape)


def test_the_networks_include_one_without_a_hidden_layer_and_a_square_matrix():
    assert any(len(d) == 2 for d in NETWORKS)
    assert any(a == b for d in NETWORKS for a, b in pairwise(d))


SLIPS = [(s, check_count_parameters) for s in COUNT_SLIPS] + [
    (s, check_parameter_shapes) for s in SHAPE_SLIPS
]
"""The whole catalogue of the module: each slip with the check that must name it."""


@pytest.mark.parametrize(("slip", "check"), SLIPS, ids=[f"{c.__name__}-{s[0]}" for s, c in SLIPS])
def test_every_slip_is_named(slip, check):
    _, code, words = slip
    fails(check(code), *words)


@pytest.mark.parametrize("check", [check_count_parameters, check_parameter_shapes])
@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(check, garbage):
    fails(check(garbage))


def test_hints():
    assert "layer by layer" in str(hint_count_parameters())
    assert "zip" in str(hint_count_parameters(3))
    assert "range(1, len(layers_dims))" in str(hint_parameter_shapes())
    assert "(1, layers_dims[l])" in str(hint_parameter_shapes(3))
