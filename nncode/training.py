"""Training an ``NN`` with mini-batches, an optimiser and regularisation.

``NN.train`` is full-batch gradient descent, as the book builds it. ``fit`` below trains
the *same* network object with the *same* forward and backward passes, adding what the
chapters of Part V need:

- mini-batches drawn in a seeded random order each epoch (``minibatches``);
- any optimiser of ``nncode.optim`` (SGD, momentum, Adam);
- L2 weight decay: J + l2/2 sum_l ||W(l)||^2, so dW(l) gains l2 W(l) (biases are not decayed);
- inverted dropout on the hidden layers (``net.forward(..., keep_prob=p, rng=rng)``);
- early stopping on a validation set, keeping the best weights.

It trains any network with ``NN``'s core (``check_data``, ``forward``, ``loss``,
``backward``, ``params``), such as ``nncode.batchnorm.BatchNormNN``, the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from .network import NN, divergence_error
from .optim import SGD
from .validate import (
    check_count,
    check_network,
    check_nonnegative_number,
    check_probability,
    check_seed,
    to_array,
)


def minibatches(n: int, batch_size: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Yield index arrays that split ``range(n)``, shuffled by ``rng``, into batches.

    Every sample appears exactly once per pass; the last batch may be smaller.
    """
    n = check_count(n, "n", minimum=1)
    batch_size = check_count(batch_size, "batch_size", minimum=1)
    if not callable(getattr(rng, "permutation", None)):
        raise TypeError(
            f"rng must be a np.random.Generator, e.g. np.random.default_rng(0); got {rng!r}"
        )
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


def l2_penalty(params: dict[str, np.ndarray], l2: float) -> float:
    """l2/2 times the sum of squares of every weight matrix (not the biases)."""
    l2 = check_nonnegative_number(l2, "l2")
    return 0.5 * l2 * sum(float(np.sum(p * p)) for k, p in params.items() if k.startswith("W"))


def loss_and_gradients(
    net: NN,
    X: np.ndarray,
    Y: np.ndarray,
    l2: float = 0.0,
    keep_prob: float = 1.0,
    rng: np.random.Generator | None = None,
) -> tuple[float, dict[str, np.ndarray]]:
    """J (+ the L2 penalty) and its gradients, from ``net``'s training forward and backward
    passes (with dropout when ``keep_prob < 1``; ``rng`` draws the masks).

    Like ``net.forward``, it works on data already checked by ``net.check_data``: ``fit``
    calls it for every mini-batch."""
    coef = net.forward(X, training=True, keep_prob=keep_prob, rng=rng)
    loss = net.loss(coef, Y) + l2_penalty(net.params, l2)
    grads = net.backward(coef, Y)
    if l2:
        for k, p in net.params.items():
            if k.startswith("W"):
                grads["d" + k] = grads["d" + k] + l2 * p
    return loss, grads


def layer_gradient_norms(net: NN, X: Any, Y: Any) -> list[float]:
    """||dJ/dW(l)|| (Frobenius norm) for l = 1..L: how much gradient reaches each layer.

    From a training pass (``forward(X, training=True)``): a network with batch norm uses
    the batch statistics of X and moves its running estimates, as in a training step.
    """
    X, Y = check_network(net).check_data(X, Y)
    grads = net.backward(net.forward(X, training=True), Y)
    return [float(np.linalg.norm(grads[f"dW{l}"])) for l in range(1, net.L + 1)]


def accuracy(net: NN, X: Any, labels: Any) -> float:
    """Fraction of rows whose largest output is at the index ``labels`` gives."""
    predicted = np.argmax(check_network(net).forward_pass(X), axis=1)
    labels = to_array(labels, "labels")
    if labels.shape != predicted.shape:
        hint = ": labels is one-hot, use np.argmax(labels, axis=1)" if labels.ndim == 2 else ""
        raise ValueError(
            f"labels must hold one class label per row of X, shape ({len(predicted)},); got "
            f"shape {labels.shape}{hint}"
        )
    return float(np.mean(predicted == labels))


def fit(
    net: NN,
    X: Any,
    Y: Any,
    epochs: int,
    optimizer: Any = None,
    batch_size: int | None = None,
    l2: float = 0.0,
    keep_prob: float = 1.0,
    X_val: Any = None,
    Y_val: Any = None,
    patience: int | None = None,
    seed: int | None = None,
) -> dict[str, Any]:
    """Train ``net`` in place for up to ``epochs`` passes over (X, Y).

    Parameters
    ----------
    optimizer : SGD, Momentum, Adam or None
        The optimiser; ``None`` means ``SGD(0.01)``.
    batch_size : int or None
        Samples per update; ``None`` means the whole set (full batch).
    l2 : float
        Weight-decay strength lambda >= 0.
    keep_prob : float
        Probability of keeping a hidden neuron (1 means no dropout).
    X_val, Y_val : numpy.ndarray or None
        Validation data; its loss is recorded after every epoch.
    patience : int or None
        Stop when the validation loss has not improved for this many epochs and put back
        the weights of the best epoch (needs X_val, Y_val), and for a network with batch
        norm its running statistics of that epoch.
    seed : int or None
        Seeds the batch order and the dropout masks.

    Returns
    -------
    dict
        ``'train_loss'`` and ``'val_loss'`` (per epoch, without the L2 term or dropout),
        ``'best_epoch'`` and ``'epochs_run'``.
    """
    X, Y = check_network(net).check_data(X, Y)
    net.check_params(writable=True)
    epochs = check_count(epochs, "epochs")
    optimizer = SGD(0.01) if optimizer is None else optimizer
    if isinstance(optimizer, type):
        raise TypeError(
            f"optimizer must be an optimiser object, such as {optimizer.__name__}(0.01), not "
            f"the class {optimizer.__name__}: call it with its learning rate"
        )
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method; got {optimizer!r}")
    batch_size = X.shape[0] if batch_size is None else check_count(batch_size, "batch_size", 1)
    l2 = check_nonnegative_number(l2, "l2")
    keep_prob = check_probability(keep_prob, "keep_prob")
    has_val = X_val is not None or Y_val is not None
    if has_val:
        if X_val is None or Y_val is None:
            given, absent = ("X_val", "Y_val") if Y_val is None else ("Y_val", "X_val")
            raise ValueError(
                f"validation needs both X_val and Y_val; got {given} but {absent} is None"
            )
        X_val, Y_val = net.check_data(X_val, Y_val, "X_val", "Y_val")
    if patience is not None:
        if not has_val:
            raise ValueError("patience (early stopping) needs validation data X_val and Y_val")
        patience = check_count(patience, "patience")
    rng = np.random.default_rng(check_seed(seed))
    history: dict[str, Any] = {"train_loss": [], "val_loss": [], "best_epoch": None}
    best, best_state, updated = np.inf, None, False
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            for idx in minibatches(X.shape[0], batch_size, rng):
                loss, grads = loss_and_gradients(net, X[idx], Y[idx], l2, keep_prob, rng)
                if not np.isfinite(loss):
                    coef = net.forward(X[idx], training=True)
                    lr = getattr(optimizer, "lr", "of the optimizer")
                    raise divergence_error(coef, Y[idx], loss, f"in epoch {epoch}", updated, lr)
                optimizer.step(net.params, grads)
                updated = True
            history["train_loss"].append(net.loss(net.forward(X), Y))
            if has_val:
                val = net.loss(net.forward(X_val), Y_val)
                history["val_loss"].append(val)
                if val < best:
                    best, history["best_epoch"] = val, epoch
                    best_state = {k: v.copy() for k, v in _state(net).items()}
                elif patience is not None and epoch - history["best_epoch"] >= patience:
                    break
    if patience is not None and best_state is not None:
        for k, v in _state(net).items():
            v[...] = best_state[k]
    history["epochs_run"] = len(history["train_loss"])
    return history


def _state(net: NN) -> dict[str, np.ndarray]:
    """The arrays that make ``net`` what it is: ``params`` and, for a network with batch
    norm (``nncode.batchnorm.BatchNormNN``), its running statistics ``running``."""
    running = getattr(net, "running", {})
    return {**net.params, **{"running " + k: v for k, v in running.items()}}


__all__ = [
    "accuracy",
    "fit",
    "l2_penalty",
    "layer_gradient_norms",
    "loss_and_gradients",
    "minibatches",
]
