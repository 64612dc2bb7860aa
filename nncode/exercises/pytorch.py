"""The exercise of *The same network in PyTorch* (``book/part5/pytorch.md``).

- ``check_sgd_step(sgd_step)``: ``sgd_step(model, x, y, lr)`` takes one step of gradient
  descent by hand, with autograd but without ``torch.optim``: it computes the loss
  J = 1/(2n) Σ (ŷ − y)², fills the gradients with ``J.backward()``, moves every parameter
  by ``-lr`` times its gradient inside ``torch.no_grad()``, and returns J (as computed
  before the step) as a number; ``hint_sgd_step(level)``.

The check gives the reader's function a model like the chapter's ``ExampleNet`` (its
linear layers in ``model.layers``, ReLU between them, identity output) and runs two
steps in a row. It compares the weights after each step with ``nncode``'s ``NN`` taking the
same steps from the same weights: the second step shows a gradient that was not set
back to zero, because PyTorch *adds* every ``backward()`` to ``.grad``.

The check imports PyTorch only when it runs, so ``nncode`` itself needs only NumPy.
"""

from __future__ import annotations

import importlib
from itertools import pairwise
from typing import Any

import numpy as np

from ..network import NN
from . import kit
from .kit import Feedback, NotYet, Slip, compare, hints, never_raises, passed

DIMS = (4, 5, 3)
"""Layer widths of the check's model, with three outputs so that a mean over every entry shows."""

N_SAMPLES = 6
LEARNING_RATE = 0.1


def _torch() -> Any:
    try:
        return importlib.import_module("torch")
    except ImportError:
        raise NotYet(
            "this exercise needs PyTorch, which is not installed here: pip install torch"
        ) from None


def _data() -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Seeded weights in nncode's layout, and a batch (x, y)."""
    rng = np.random.default_rng(21)
    params = {}
    for l in range(1, len(DIMS)):
        params[f"W{l}"] = rng.normal(0.0, 0.6, size=(DIMS[l - 1], DIMS[l]))
        params[f"b{l}"] = rng.normal(0.0, 0.3, size=(1, DIMS[l]))
    X = rng.normal(size=(N_SAMPLES, DIMS[0]))
    Y = rng.normal(size=(N_SAMPLES, DIMS[-1]))
    return params, X, Y


def _model(torch: Any, params: dict[str, np.ndarray]) -> Any:
    """A PyTorch model like the chapter's ExampleNet, with the weights of ``params``."""

    class ExampleNet(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = torch.nn.ModuleList(
                torch.nn.Linear(n_in, n_out, dtype=torch.float64) for n_in, n_out in pairwise(DIMS)
            )

        def forward(self, x: Any) -> Any:
            for layer in self.layers[:-1]:
                x = torch.relu(layer(x))
            return self.layers[-1](x)

    model = ExampleNet()
    with torch.no_grad():
        for l, layer in enumerate(model.layers, start=1):
            layer.weight.copy_(torch.from_numpy(params[f"W{l}"].T.copy()))
            layer.bias.copy_(torch.from_numpy(params[f"b{l}"][0].copy()))
    return model


def _weights(model: Any) -> dict[str, np.ndarray]:
    """The model's parameters in nncode's layout: W(l) is (n_in, n_out), b(l) is (1, n_out)."""
    found = {}
    for l, layer in enumerate(model.layers, start=1):
        found[f"W{l}"] = layer.weight.detach().numpy().T.copy()
        found[f"b{l}"] = layer.bias.detach().numpy().reshape(1, -1).copy()
    return found


def _explain_torch(exc: BaseException, line: str) -> str | None:
    """What PyTorch's own errors mean in this exercise."""
    text = str(exc)
    if "leaf Variable that requires grad" in text:
        return (
            "autograd records every operation on a parameter, and an in-place update of one "
            "would be recorded too. Update the parameters inside `with torch.no_grad():`."
        )
    if "does not require grad and does not have a grad_fn" in text:
        return (
            "J was computed without autograd recording it, so it has nothing to go back "
            "through: compute the forward pass and J outside `torch.no_grad()`, and update "
            "the parameters inside it."
        )
    if "backward through the graph a second time" in text:
        return (
            "J.backward() ran twice on the same forward pass: call it once per step, after a "
            "new forward pass."
        )
    if isinstance(exc, (AttributeError, TypeError)) and "NoneType" in text:
        return (
            "a .grad is None: PyTorch fills p.grad only when J.backward() has run. Call "
            "J.backward() before the update."
        )
    if isinstance(exc, TypeError) and "cannot assign" in text:
        return (
            "a parameter was replaced by a new tensor (layer.weight = layer.weight - ...). "
            "Change it in place inside torch.no_grad(): p -= lr * p.grad."
        )
    if "must match the size of tensor" in text:
        return (
            "a gradient and its parameter have different shapes: p.grad always has the shape "
            "of p, so the update needs no transpose, p -= lr * p.grad. (nn.Linear already "
            "stores its weight as (n_out, n_in).)"
        )
    if "same dtype" in text or "expected scalar type" in text.lower():
        return "the model computes in float64: keep x and y as they are (no .float())."
    return None


def _gradient(net: NN, X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    grads = net.backward(net.forward(X), Y)
    return {name: grads["d" + name] for name in net.params}


def _step_slips(
    name: str,
    start: np.ndarray,
    g: np.ndarray,
    earlier: np.ndarray | None,
) -> list[Slip]:
    """The values of parameter ``name`` after a step from ``start`` with gradient ``g``."""
    lr, (n, k) = LEARNING_RATE, (N_SAMPLES, DIMS[-1])
    right = "J = ((model(x) - y) ** 2).sum() / (2 * len(x))"
    slips = []
    if earlier is not None:
        slips.append(
            Slip(
                start - lr * (g + earlier),
                f"after the second step {name} has moved by the sum of this step's gradient "
                "and the previous one: PyTorch *adds* each backward() to .grad. Set the "
                "gradients to zero in every step, model.zero_grad() before J.backward().",
            )
        )
    return [
        *slips,
        Slip(
            start + lr * g,
            f"{name} moved uphill: the step goes against the gradient, p -= lr * p.grad.",
        ),
        Slip(
            start - g,
            f"{name} moved by the whole gradient: the learning rate is missing in its update, "
            "p -= lr * p.grad.",
        ),
        Slip(start, f"{name} did not move: update every parameter, p -= lr * p.grad."),
        Slip(
            start - lr * g * 2 / k,
            f"{name} moved by 2/{k} of the right step: J is the mean over all n * k = {n * k} "
            f"entries, ((model(x) - y) ** 2).mean(). The book's J sums over the {k} outputs and averages "
            f"over the {n} samples: {right}.",
        ),
        Slip(
            start - lr * g / k,
            f"{name} moved by 1/{k} of the right step: J divides by n * k = {n * k}, the number "
            f"of entries, instead of by 2n: {right}.",
        ),
        Slip(
            start - 2 * lr * g,
            f"{name} moved twice too far: J lacks the 1/2 of 1/(2n): {right}.",
        ),
        Slip(
            start - n * lr * g,
            f"{name} moved n = {n} times too far: J does not divide by the n samples: {right}.",
        ),
        Slip(
            start - 2 * n * lr * g,
            f"{name} moved 2n = {2 * n} times too far: J is the plain sum of squares: {right}.",
        ),
    ]


def _take_step(sgd_step: Any, model: Any, x: Any, y: Any) -> float:
    got = kit.run(
        sgd_step,
        "sgd_step(model, x, y, lr)",
        {},
        before=(model, x, y, LEARNING_RATE),
        explain=[_explain_torch],
    )
    if got is None:
        raise NotYet(
            "sgd_step returned None: return the loss J of this step as a number, J.item()."
        )
    if hasattr(got, "requires_grad") and hasattr(got, "detach"):
        got = got.detach()
    return kit.as_number(got, "the loss that sgd_step returns")


@never_raises
def check_sgd_step(sgd_step: Any) -> Feedback:
    """Check ``sgd_step(model, x, y, lr)``: one step of gradient descent with autograd."""
    torch = _torch()
    params, X, Y = _data()
    net = NN(list(DIMS), "relu", "identity", "mse")
    for name, value in params.items():
        net.params[name][...] = value
    model = _model(torch, params)
    x, y = torch.from_numpy(X.copy()), torch.from_numpy(Y.copy())
    earlier = None
    for step in (1, 2):
        start = {k: v.copy() for k, v in net.params.items()}
        g = _gradient(net, X, Y)
        J = net.loss(net.forward(X), Y)
        got_J = _take_step(sgd_step, model, x, y)
        if not np.array_equal(x.numpy(), X) or not np.array_equal(y.numpy(), Y):
            raise NotYet("sgd_step changed x or y in place: leave the data as it is.")
        for name in net.params:
            net.params[name] -= LEARNING_RATE * g[name]
        found = _weights(model)
        for name in net.params:
            compare(
                f"{name} after step {step}",
                found[name],
                net.params[name],
                _step_slips(name, start[name], g[name], None if earlier is None else earlier[name]),
            )
        k = DIMS[-1]
        compare(
            f"the loss returned by step {step}",
            got_J,
            J,
            [
                Slip(
                    net.loss(net.forward(X), Y),
                    "sgd_step returns the loss after the update; return the J it computed "
                    "before, the one backward() went through.",
                ),
                Slip(
                    2 * J / k,
                    f"the loss is the mean over all the entries; J = 1/(2n) Σ over the {k} "
                    "outputs and the samples.",
                ),
            ],
        )
        earlier = g
    return passed(
        "both steps match nncode's NN on the same weights: the loss, the gradients set to "
        "zero in every step, and the update p -= lr * p.grad of every parameter."
    )


hint_sgd_step = hints(
    __name__,
    "sgd_step",
    "Four lines do it: set the gradients to zero, compute J from model(x), call "
    "J.backward(), then update every parameter of model.parameters().",
    "J = ((model(x) - y) ** 2).sum() / (2 * len(x)) is the book's loss: it sums over the "
    "outputs and averages over the samples (.mean() would also divide by the outputs).",
    "PyTorch adds each backward() to p.grad, so call model.zero_grad() first; and change "
    "the parameters inside `with torch.no_grad():`, so that autograd does not record it.",
    "model.zero_grad(); J = ...; J.backward(); then with torch.no_grad(): for p in "
    "model.parameters(): p -= lr * p.grad; finally return J.item().",
)
