"""The exercises of *The multi-layer perceptron* (``book/part1/layers.md``).

- ``check_count_parameters(count_parameters)``: ``count_parameters(layers_dims)`` returns
  the number of weights and biases, together, of a fully connected network with the layer
  widths ``layers_dims`` (input first); ``hint_count_parameters(level)``.
- ``check_parameter_shapes(parameter_shapes)``: ``parameter_shapes(layers_dims)`` returns
  a dict with the shape of every weight matrix and bias row, ``{'W1': (n0, n1),
  'b1': (1, n1), ...}``; ``hint_parameter_shapes(level)``.

Both checks run on networks of several depths and widths (one with no hidden layer, one
with a square weight matrix) and name the usual slips: the biases forgotten, weights or
biases given to the input layer, a transposed weight matrix, a bias as a column.
"""

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import numpy as np

from . import kit
from .kit import Feedback, NotYet, Slip, compare_cases, hints, never_raises, passed

NETWORKS = ((4, 5, 5, 2), (2, 3, 2, 1), (3, 1), (64, 128, 10), (2, 2, 3))
"""The layer widths the checks run on.

The figure's network, Part II's worked example, a network with no hidden layer, the digits
network of Part V, and one with a square W1."""


def _explain_index(exc: BaseException, line: str) -> str | None:
    """An IndexError in a loop over the layers: the range goes one layer too far."""
    if isinstance(exc, IndexError):
        return (
            "a loop went past the last layer. layers_dims holds L + 1 widths, indices 0 to L, "
            "and the layers with parameters are l = 1 to L: range(1, len(layers_dims)), using "
            "layers_dims[l - 1] and layers_dims[l]."
        )
    return None


def count(layers_dims: tuple[int, ...]) -> int:
    """The reference: the sum over l = 1 … L of n⁽ˡ⁻¹⁾ n⁽ˡ⁾ weights and n⁽ˡ⁾ biases."""
    pairs = pairwise(layers_dims)
    return sum(a * b for a, b in pairs) + sum(layers_dims[1:])


def shapes(layers_dims: tuple[int, ...]) -> dict[str, tuple[int, int]]:
    """The reference: W⁽ˡ⁾ has shape (n⁽ˡ⁻¹⁾, n⁽ˡ⁾) and b⁽ˡ⁾ has shape (1, n⁽ˡ⁾)."""
    out = {}
    for l in range(1, len(layers_dims)):
        out[f"W{l}"] = (layers_dims[l - 1], layers_dims[l])
        out[f"b{l}"] = (1, layers_dims[l])
    return out


def _count_slips(dims: tuple[int, ...]) -> list[Slip]:
    weights = sum(a * b for a, b in pairwise(dims))
    return [
        Slip(
            weights,
            "You counted the weights only. Every neuron after the input also has a bias: add "
            "one bias per neuron of layers 1 to L, sum(layers_dims[1:]).",
        ),
        Slip(
            weights + sum(dims),
            "You gave the input layer biases too. The input neurons hold the data and compute "
            "nothing, so only layers 1 to L have biases: sum(layers_dims[1:]).",
        ),
        Slip(
            count(dims[:-1]),
            "The last layer is missing, its weights and its biases: a network with L + 1 widths "
            "has L layers of parameters, l = 1 to L (range(1, len(layers_dims))).",
        ),
        Slip(
            weights + sum(dims[1:-1]),
            "The output layer's biases are missing: every neuron of layers 1 to L, the output "
            "included, has a bias.",
        ),
        Slip(
            sum(dims),
            "You counted the neurons. The parameters are the weights on the connections, "
            "n⁽ˡ⁻¹⁾ × n⁽ˡ⁾ between each pair of neighbouring layers, plus the biases.",
        ),
        Slip(
            int(np.prod(dims)) + sum(dims[1:]),
            "You multiplied all the widths together. Only neighbouring layers are connected: "
            "add the products of each pair of neighbouring widths.",
        ),
        Slip(
            sum((a + 1) * b for a, b in pairwise(dims)) + sum(dims[1:]),
            "Each bias is counted twice: once as the weight of a constant input x₀ = 1 and "
            "once on its own. Count n⁽ˡ⁻¹⁾ × n⁽ˡ⁾ weights per layer and one bias per neuron.",
        ),
    ]


@never_raises
def check_count_parameters(count_parameters: Any) -> Feedback:
    """Check ``count_parameters(layers_dims)`` on every network of ``NETWORKS``."""
    counts = []
    for dims in NETWORKS:
        out = kit.run(
            count_parameters,
            "count_parameters(layers_dims)",
            {"layers_dims": list(dims)},
            explain=[_explain_index],
        )
        counts.append(kit.as_number(out, f"count_parameters({list(dims)})"))
    wrong = next((i for i, dims in enumerate(NETWORKS) if counts[i] != count(dims)), 0)
    dims = NETWORKS[wrong]
    compare_cases(
        "count_parameters(layers_dims)",
        counts,
        [count(d) for d in NETWORKS],
        [_count_slips(d) for d in NETWORKS],
        otherwise=f"count_parameters({list(dims)}) is {counts[wrong]:g}, but the network has "
        f"{count(dims)} weights and biases. Count them layer by layer: n⁽ˡ⁻¹⁾ × n⁽ˡ⁾ "
        "weights and n⁽ˡ⁾ biases for each l from 1 to L.",
        rtol=0.0,
        atol=1e-9,
    )
    return passed(
        f"right for every one of the {len(NETWORKS)} networks tried, from one without a hidden "
        "layer to the digits network of Part V."
    )


def _as_shape(value: Any, key: str) -> tuple[int, ...]:
    """A shape given as a tuple or list of whole numbers, or as an array (its shape)."""
    if isinstance(value, np.ndarray):
        return tuple(value.shape)
    if isinstance(value, (tuple, list)) and all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value
    ):
        return tuple(int(v) for v in value)
    raise NotYet(
        f"the shape of {key} must be a tuple of whole numbers, such as (2, 3); it is "
        f"{kit.describe(value)}"
    )


def _shape_message(key: str, got: tuple[int, ...], dims: tuple[int, ...]) -> str:
    """What is wrong with the shape ``got`` of ``key`` in the network ``dims``."""
    l = int(key[1:])
    n_prev, n = dims[l - 1], dims[l]
    where = f"in {list(dims)}, {key}"
    if key[0] == "W":
        right = (
            f"{key} has one row per neuron of layer {l - 1} (where its weights start) and one "
            f"column per neuron of layer {l} (where they arrive): {kit.shape_text((n_prev, n))}"
        )
        if got == (n, n_prev):
            return f"{where} is transposed: {right}."
        if got == (n_prev + 1, n):
            return (
                f"{where} has a row for the bias, the x₀ = 1 trick of the perceptron. The book "
                f"keeps the bias apart, in b{l}: {right}."
            )
        return f"{where} has shape {kit.shape_text(got)}, but {right}."
    right = f"b{l} is a row with one bias per neuron of layer {l}: {kit.shape_text((1, n))}"
    if got == (n, 1):
        return f"{where} is a column; {right}, so that it adds to every row of Z{l}."
    if got == (n,):
        return f"{where} is flat; {right}, like one row of Z{l}."
    if got in ((1, n_prev), (n_prev,), (n_prev, 1)):
        return (
            f"{where} has one entry per neuron of layer {l - 1}. A bias belongs to the neuron "
            f"that receives the sum: {right}."
        )
    return f"{where} has shape {kit.shape_text(got)}, but {right}."


@never_raises
def check_parameter_shapes(parameter_shapes: Any) -> Feedback:
    """Check ``parameter_shapes(layers_dims)`` on every network of ``NETWORKS``."""
    for dims in NETWORKS:
        out = kit.run(
            parameter_shapes,
            "parameter_shapes(layers_dims)",
            {"layers_dims": list(dims)},
            explain=[_explain_index],
        )
        want = shapes(dims)
        if not isinstance(out, Mapping):
            raise NotYet(
                "parameter_shapes must return a dict such as {'W1': (2, 3), 'b1': (1, 3), ...}; "
                f"it returned {kit.describe(out)}"
            )
        keys = [str(k) for k in out]
        L = len(dims) - 1
        if "W0" in keys or "b0" in keys:
            shifted = {f"{k[0]}{int(k[1:]) + 1}" for k in keys if k[1:].isdigit()}
            if shifted == set(want):
                raise NotYet(
                    "The keys count from 0. Layer 0 is the input, which has no weights: W1 holds "
                    "the weights arriving at layer 1, so the keys are W1, b1, ..., "
                    f"W{L}, b{L}."
                )
            raise NotYet(
                "There is a W0 or b0: layer 0 is the input layer, which holds the data and has "
                f"no weights or biases. The keys are W1, b1, ..., W{L}, b{L}."
            )
        if not any(k.startswith("b") for k in keys) and any(k.startswith("W") for k in keys):
            raise NotYet(
                "The biases are missing: every layer after the input has a bias row b⁽ˡ⁾ of "
                "shape (1, n⁽ˡ⁾), next to its W⁽ˡ⁾."
            )
        missing = [k for k in want if k not in out]
        if missing == [f"W{L}", f"b{L}"] and L > 1:
            raise NotYet(
                f"The last layer is missing, W{L} and b{L}: a network with {len(dims)} widths "
                f"has {L} layers of weights, l = 1 to {L} (range(1, len(layers_dims)))."
            )
        if missing:
            raise NotYet(f"for {list(dims)} the dict is missing {missing}; it has {keys}")
        extra = [k for k in keys if k not in want]
        if extra:
            raise NotYet(
                f"for {list(dims)} the dict has keys it should not have, {extra}: a network with "
                f"{len(dims)} widths has W1, b1, ..., W{L}, b{L}."
            )
        for key, shape in want.items():
            got = _as_shape(out[key], key)
            if got != shape:
                raise NotYet(_shape_message(key, got, dims))
    return passed(
        f"every W and b has the right shape, for all {len(NETWORKS)} networks: "
        "W⁽ˡ⁾ is (n⁽ˡ⁻¹⁾, n⁽ˡ⁾) and b⁽ˡ⁾ is (1, n⁽ˡ⁾)."
    )


hint_count_parameters = hints(
    __name__,
    "count_parameters",
    "Go layer by layer, from layer 1 to the output: count the weights arriving at the "
    "layer and the biases of its neurons. The input layer computes nothing.",
    "Between layers of widths p and q there are p × q weights (every neuron meets every "
    "neuron); a layer of width q has q biases.",
    "sum(p * q for p, q in zip(layers_dims[:-1], layers_dims[1:])) + sum(layers_dims[1:])",
)


hint_parameter_shapes = hints(
    __name__,
    "parameter_shapes",
    "Layer 0 is the input and has no parameters; each layer l from 1 to L has a weight "
    "matrix W⁽ˡ⁾ and a bias row b⁽ˡ⁾: loop over range(1, len(layers_dims)).",
    "W⁽ˡ⁾ has one row per neuron where its weights start (layer l − 1) and one column per "
    "neuron where they arrive (layer l); b⁽ˡ⁾ is one row with a bias per neuron of layer l.",
    "shapes[f'W{l}'] = (layers_dims[l - 1], layers_dims[l]); shapes[f'b{l}'] = (1, layers_dims[l])",
)
