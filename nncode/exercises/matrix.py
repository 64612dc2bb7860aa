"""The exercise of *The forward pass in matrix form* (``book/part2/matrix.md``).

- ``check_forward(forward)``: ``forward(X, params)`` returns ``(Z1, X1, Z2, X2, Z3, X3)``
  for a whole data set, with ReLU in the hidden layers and the identity at the output;
  ``hint_forward(level)``.

It also holds the data that the checks of Part II run the reader's code on
(:data:`CASES`) and the network that computes their reference values (:func:`network`).
"""

from typing import Any, NamedTuple

import numpy as np

from ..activations import relu
from ..data import example
from ..network import NN
from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed


class Case(NamedTuple):
    """Data, targets and parameters of a [n0, n1, n2, n3] network (read-only arrays)."""

    X: np.ndarray
    Y: np.ndarray
    params: dict[str, np.ndarray]

    @property
    def dims(self) -> list[int]:
        """The layer widths [n0, n1, n2, n3]."""
        return [self.X.shape[1]] + [self.params[f"W{l}"].shape[1] for l in (1, 2, 3)]

    def explain(self) -> kit.Explain:
        """What a product or a sum of the wrong shapes means on this case, in the forward
        or the backward pass (:func:`~nncode.exercises.kit.explain_shapes`)."""
        return kit.explain_shapes(self.dims, len(self.X))


def _random_case() -> Case:  # pragma: no mutate block (runs at import)
    rng = np.random.default_rng(20261122)
    dims = [3, 4, 2, 3]
    params = {}
    for l in (1, 2, 3):
        params[f"W{l}"] = np.round(rng.normal(0.0, 1.0, size=(dims[l - 1], dims[l])), 2)
        params[f"b{l}"] = np.round(rng.normal(0.0, 0.5, size=(1, dims[l])), 2)
    X = np.round(rng.normal(0.0, 1.0, size=(5, 3)), 1)
    Y = np.round(rng.normal(0.0, 1.0, size=(5, 3)), 1)
    return Case(kit.read_only(X), kit.read_only(Y), kit.read_only(params))


_ZEROS = Case(
    kit.read_only([[1.0, 2.0], [2.0, -1.0], [0.5, 1.5]]),
    kit.read_only([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5]]),
    kit.read_only(
        {
            "W1": [[0.5, -1.0, 0.25], [-0.25, 0.5, 0.5]],
            "b1": [[0.0, 0.0, -0.5]],
            "W2": [[1.0, -0.5], [0.5, 1.0], [-1.0, 0.5]],
            "b2": [[0.25, 0.0]],
            "W3": [[1.0, -1.0], [0.5, 2.0]],
            "b3": [[0.0, 0.5]],
        }
    ),
)

CASES = (
    Case(kit.read_only(example.X), kit.read_only(example.Y), kit.read_only(example.PARAMS)),
    _random_case(),
    _ZEROS,
)
"""What the Part II checks run the reader's code on, in this order:

1. the worked example ([2, 3, 2, 1], four samples);
2. a [3, 4, 2, 3] network with random weights and five samples: code that works only for
   the example's sizes fails here, a ReLU on the output shows (negative outputs), and
   so does a division by the wrong n (three outputs);
3. a [2, 3, 2, 2] network whose weights are chosen so that three hidden receptors are
   exactly 0, the kink of ReLU, where the book takes a'(0) = 0.
"""


def network(params: dict[str, np.ndarray]) -> NN:
    """The ReLU / identity / MSE network of Part II with the weights ``params``."""
    dims = [params["W1"].shape[0]] + [params[f"W{l}"].shape[1] for l in (1, 2, 3)]
    net = NN(dims, "relu", "identity", "mse")
    net.params = dict(params)
    return net


NAMES = ("Z1", "X1", "Z2", "X2", "Z3", "X3")


def _slips(name: str, coef: dict[str, np.ndarray], params: dict[str, np.ndarray]) -> list[Slip]:
    """What the slips give for ``name`` when every array before it is right."""
    l = int(name[1])
    z, x, x_prev = coef[f"z{l}"], coef[f"x{l}"], coef[f"x{l - 1}"]
    W, b = params[f"W{l}"], params[f"b{l}"]
    prev = "X" if l == 1 else f"X{l - 1}"  # the reader's names
    if name[0] == "Z":
        return [
            Slip(
                x_prev @ W,
                f"Z{l} is missing the bias: add b{l} to every row, "
                f"Z{l} = {prev} @ W{l} + b{l} (broadcasting does it).",
            ),
            Slip(x_prev @ W - b, f"Z{l} subtracts the bias b{l}; add it."),
            Slip(
                x,
                f"Z{l} equals X{l} = ReLU(Z{l}): either the arrays are in the wrong order (it "
                f"is Z1, X1, Z2, X2, Z3, X3) or the ReLU was applied to Z{l} in place "
                f"(Z{l}[Z{l} < 0] = 0), which overwrites the receptors.",
            ),
            Slip(
                coef.get(f"z{l - 1}", x_prev) @ W + b,
                f"Z{l} is computed from Z{l - 1}; the next layer receives the activations "
                f"X{l - 1} = ReLU(Z{l - 1}), not the receptors.",
            ),
        ]
    if l == 3:
        return [
            Slip(
                relu(z),
                "X3 has a ReLU applied to the output. The output activation is the identity, "
                "X3 = Z3: a ReLU output could never predict a negative value.",
            )
        ]
    relu_is = f"X{l} = np.maximum(0, Z{l})"
    return [
        Slip(z, f"X{l} equals Z{l}: apply the ReLU, {relu_is}."),
        Slip(z > 0, f"X{l} holds the ReLU's slope (0 or 1), not its value: {relu_is}."),
        Slip(
            np.minimum(0.0, z), f"X{l} keeps the negative receptors, not the positive: {relu_is}."
        ),
        Slip(
            np.max(z, axis=0),
            f"X{l} holds the largest receptor of each column: np.max(Z{l}, 0) reduces along "
            f"axis 0, the samples, and its second argument is an axis, not the 0 of ReLU. The "
            f"entrywise maximum is {relu_is}.",
        ),
    ]


@never_raises
def check_forward(forward: Any) -> Feedback:
    """Check ``forward(X, params) -> (Z1, X1, Z2, X2, Z3, X3)`` on every case of ``CASES``."""
    in_place = "compute new arrays (Z = X @ W + b), and leave X and params as they are"
    runs = kit.run_cases(
        forward,
        "forward(X, params)",
        CASES,
        ("X", "params"),
        explain=Case.explain,
        in_place=in_place,
    )
    for case, out in runs:
        if not isinstance(out, (tuple, list)) or len(out) != 6:
            raise NotYet(
                f"forward must return the six arrays (Z1, X1, Z2, X2, Z3, X3) in this order; "
                f"it returned {kit.describe(out)}"
            )
        coef = network(case.params).forward(case.X)
        for name, got in zip(NAMES, out):
            l = int(name[1])
            compare(
                name,
                got,
                coef[name.lower()],
                _slips(name, coef, case.params),
                shape_hint=f"one row per sample and one column per neuron of layer {l}: "
                f"X{l - 1} @ W{l}, with W{kit.sup(l)} as it is.",
            )
    return passed(
        "Z1, X1, Z2, X2, Z3 and X3 are right, for the example and for two other networks."
    )


hint_forward = hints(
    __name__,
    "forward",
    "Each layer is two lines: the receptors Z = X_prev @ W + b, then the activations "
    "X = a(Z). Layer 1 starts from the data: Z1 = X @ params['W1'] + params['b1'].",
    "W has one row per neuron of the layer before and one column per neuron of its own "
    "layer, so X_prev @ W fits without any .T; the bias row b, shape (1, n_l), is added "
    "to every row by broadcasting.",
    "ReLU entry by entry is np.maximum(0, Z) (np.max and Python's max give one number); "
    "the output layer is the identity, X3 = Z3. Return the six arrays in the order Z1, "
    "X1, Z2, X2, Z3, X3.",
)
