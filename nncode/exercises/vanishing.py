"""The exercise of *Vanishing and exploding gradients* (``book/part5/vanishing.md``).

- ``check_gradient_norms(gradient_norms)``: ``gradient_norms(net, X, Y)`` returns the list
  [||dJ/dW(1)||, ..., ||dJ/dW(L)||] of Frobenius norms, one per layer from the first to the
  output, from one forward and one backward pass of ``net`` on (X, Y), without changing
  ``net``; ``hint_gradient_norms(level)``.

The check's network has several sigmoid layers of different widths, so that the norms
differ from layer to layer by orders of magnitude and every slip (the layers in the wrong
order, the norms of dZ(l) or of the weights, squared norms, the spectral norm, a layer
left out) gives other numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..losses import one_hot
from ..network import NN
from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed

DIMS = (8, 7, 6, 5, 3)
"""Layer widths of the check's network, with four layers of weights, none of them square."""


def gradient_case() -> tuple[NN, np.ndarray, np.ndarray]:
    """The check's network (sigmoid hidden layers, softmax + cross-entropy) and its data."""
    net = NN(list(DIMS), "sigmoid", "softmax", "cross_entropy", seed=0)
    rng = np.random.default_rng(3)
    for name, p in net.params.items():
        p[...] = rng.normal(0.0, 1.0 if name.startswith("W") else 0.2, size=p.shape)
    X = rng.normal(size=(12, DIMS[0]))
    Y = one_hot(rng.integers(0, DIMS[-1], size=12), DIMS[-1])
    return net, X, Y


@never_raises
def check_gradient_norms(gradient_norms: Any) -> Feedback:
    """Check ``gradient_norms(net, X, Y)``: ||dJ/dW(l)|| for l = 1, ..., L, in that order."""
    net, X, Y = gradient_case()
    before = {k: v.copy() for k, v in net.params.items()}
    got = kit.run(
        gradient_norms,
        "gradient_norms(net, X, Y)",
        {"X": X, "Y": Y},
        before=(net,),
        in_place="leave X and Y as they are",
    )
    if any(not np.array_equal(before[k], v) for k, v in net.params.items()):
        raise NotYet(
            "gradient_norms changed the network's weights (did it train, or take a step?): "
            "it only measures the gradients, it does not update anything."
        )
    if isinstance(got, dict):
        raise NotYet(
            "gradient_norms returned a dict; return a list of numbers, one per layer, in the "
            "order l = 1, ..., L: [np.linalg.norm(grads[f'dW{l}']) for l in range(1, L + 1)]."
        )
    norms = kit.as_array(got, "the norms that gradient_norms returns")
    grads = net.backward(net.forward(X), Y)
    L = net.L
    layers = range(1, L + 1)
    dW = [grads[f"dW{l}"] for l in layers]
    want = np.array([np.linalg.norm(g) for g in dW])
    compare(
        "the list of norms",
        norms,
        want,
        [
            Slip(
                want[::-1],
                "the norms are in the reverse order, from the output layer back to the first: "
                "list them for l = 1, ..., L, the first hidden layer first.",
            ),
            Slip(
                [np.linalg.norm(grads[f"dZ{l}"]) for l in layers],
                "these are the norms of dZ(l) = dJ/dZ(l), the error carried back to each "
                "layer; the exercise asks for the gradients of the weights, dW(l) = "
                "X(l-1).T @ dZ(l).",
            ),
            Slip(
                [np.linalg.norm(net.params[f"W{l}"]) for l in layers],
                "these are the norms of the weights W(l) themselves; measure their gradients, "
                "grads['dW{l}'].",
            ),
            Slip(
                want**2,
                "these are the squared norms (the sums of squares): take the square root, or "
                "use np.linalg.norm(dW).",
            ),
            Slip(
                [np.linalg.norm(g, 2) for g in dW],
                "these are spectral norms (np.linalg.norm(dW, 2), the largest singular value); "
                "the chapter uses the Frobenius norm, the square root of the sum of every "
                "squared entry: np.linalg.norm(dW) without a second argument.",
            ),
            Slip(
                [np.mean(np.abs(g)) for g in dW],
                "these are mean absolute values; the chapter uses the Frobenius norm, "
                "np.linalg.norm(dW).",
            ),
            Slip(
                [
                    np.sqrt(np.linalg.norm(g) ** 2 + np.sum(grads[f"db{l}"] ** 2))
                    for l, g in zip(layers, dW)
                ],
                "these norms include the biases' gradients; measure the weights' alone, "
                "np.linalg.norm(grads[f'dW{l}']).",
            ),
            Slip(
                want[:-1],
                f"the list leaves out the output layer: it needs all L = {L} layers of weights, "
                f"l = 1, ..., {L}.",
            ),
            Slip(
                want[1:],
                f"the list leaves out layer 1: it needs all L = {L} layers of weights, l = 1, "
                f"..., {L}.",
            ),
            Slip(
                np.linalg.norm(want),
                "gradient_norms returns one number for the whole network; return one norm per "
                "layer.",
            ),
        ],
        shape_hint=f"one norm per layer of weights, L = {L} numbers.",
    )
    return passed(
        "the norms of dJ/dW(l) are right, layer by layer from the first to the output, and the "
        "network is left as it was."
    )


hint_gradient_norms = hints(
    __name__,
    "gradient_norms",
    "One forward pass that keeps every layer (training=True), one backward pass, then one "
    "number per layer: the size of the gradient of its weights.",
    "coef = net.forward_pass(X, training=True); grads = net.backward_pass(X, Y, coef) "
    "gives grads['dW1'], ..., grads[f'dW{net.L}'].",
    "return [np.linalg.norm(grads[f'dW{l}']) for l in range(1, net.L + 1)]: "
    "np.linalg.norm of a matrix is the Frobenius norm, the square root of the sum of its "
    "squared entries.",
)
