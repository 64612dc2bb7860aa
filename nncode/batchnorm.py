"""Batch normalisation of a layer's receptors (the chapter on batch norm).

For a mini-batch Z of shape (n, m), each column (neuron) is normalised by its batch
mean and variance, then scaled and shifted by learned ``gamma`` and ``beta`` (1, m):

    mu = mean(Z),  var = mean((Z - mu)^2),  Zhat = (Z - mu) / sqrt(var + eps)
    Zbn = gamma * Zhat + beta

Backward, with dZbn = dJ/dZbn (Ioffe and Szegedy, 2015, written per column):

    dbeta  = sum(dZbn),   dgamma = sum(dZbn * Zhat)
    dZ     = gamma / (n sqrt(var + eps)) * (n dZbn - sum(dZbn) - Zhat sum(dZbn * Zhat))

``BatchNormNN`` puts these two functions inside a network that ``nncode.training.fit``
trains, with running estimates of mean and variance for inference.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .network import NN
from .validate import check_dropout_rng, check_positive_number, check_probability, to_array

BN_EPS = 1e-5
"""The small number added to the variance (PyTorch's default too)."""


def batchnorm_forward(
    Z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = BN_EPS
) -> tuple[np.ndarray, dict]:
    """Return ``Zbn`` and the ``cache`` that ``batchnorm_backward`` needs."""
    Z = to_array(Z, "Z")
    eps = check_positive_number(eps, "eps")
    if not np.issubdtype(Z.dtype, np.floating):  # float32 stays float32
        Z = Z.astype(np.float64)
    if Z.ndim != 2 or Z.shape[0] < 2:
        raise ValueError(
            f"Z must be a 2-D batch of shape (n, m) with n >= 2 samples; got shape {np.shape(Z)}"
        )
    for name, v in (("gamma", gamma), ("beta", beta)):
        if np.shape(v) != (1, Z.shape[1]):
            raise ValueError(f"{name} must have shape (1, {Z.shape[1]}); got {np.shape(v)}")
    mu = Z.mean(axis=0, keepdims=True)
    var = Z.var(axis=0, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    Zhat = (Z - mu) * inv_std
    return gamma * Zhat + beta, {
        "Zhat": Zhat,
        "inv_std": inv_std,
        "gamma": gamma,
        "mu": mu,
        "var": var,
    }


def batchnorm_backward(dZbn: np.ndarray, cache: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``dZ, dgamma, dbeta`` for the upstream gradient ``dZbn``."""
    if not isinstance(cache, dict) or not {"Zhat", "inv_std", "gamma"} <= set(cache):
        raise TypeError("cache must be the dict that batchnorm_forward returned with Zbn")
    Zhat, inv_std, gamma = cache["Zhat"], cache["inv_std"], cache["gamma"]
    dZbn = to_array(dZbn, "dZbn")
    if np.shape(dZbn) != Zhat.shape:
        raise ValueError(f"dZbn must have the shape of Z, {Zhat.shape}; got {np.shape(dZbn)}")
    n = Zhat.shape[0]
    dbeta = dZbn.sum(axis=0, keepdims=True)
    dgamma = (dZbn * Zhat).sum(axis=0, keepdims=True)
    dZ = gamma * inv_std / n * (n * dZbn - dbeta - Zhat * dgamma)
    return dZ, dgamma, dbeta


class BatchNormNN(NN):
    """An ``NN`` that normalises the receptors of every hidden layer before its activation.

    For each hidden layer l = 1, ..., L-1 (the output layer is ``NN``'s)::

        Z(l) = X(l-1) W(l) + b(l),   Zbn(l) = gamma(l) * Zhat(l) + beta(l),   X(l) = a(Zbn(l))

    gamma(l) (ones) and beta(l) (zeros), of shape (1, n_l), are parameters ``gamma{l}``
    and ``beta{l}`` in ``params``, so ``nncode.training.fit`` and its optimisers train them
    from the gradients ``dgamma{l}``, ``dbeta{l}`` of ``backward``. The bias b(l) of a
    hidden layer stays, as in PyTorch's ``Linear`` followed by ``BatchNorm1d``, but the batch
    mean subtracts it again: its gradient is 0 and beta(l) does its job.

    A training pass (``forward(X, training=True)``) normalises with the batch's mean mu
    and variance sigma^2, and updates running estimates in ``running`` (``'mean{l}'``,
    ``'var{l}'``, starting at 0 and 1) the way PyTorch does::

        mean(l) := (1 - momentum) mean(l) + momentum mu
        var(l)  := (1 - momentum) var(l)  + momentum sigma^2 n / (n - 1)    (unbiased)

    Every other pass (``forward_pass(X)``, ``compute_loss``, the losses ``fit`` records)
    normalises with the running estimates instead, so the output for one sample does not
    depend on the other samples it comes with.

    Parameters
    ----------
    layers_dims, activation_hidden, activation_output, loss_function, seed
        As for ``NN``: ``BatchNormNN([64, 32, 10], "relu", "softmax", "cross_entropy")``.
    momentum : float
        Weight of the new batch in the running estimates, in (0, 1] (PyTorch's 0.1).
    eps : float
        Added to the variance before the square root (``BN_EPS``).
    """

    def __init__(
        self, *args: Any, momentum: float = 0.1, eps: float = BN_EPS, **kwargs: Any
    ) -> None:
        self.momentum = check_probability(momentum, "momentum")
        self.eps = check_positive_number(eps, "eps")
        self.running: dict[str, np.ndarray] = {}
        super().__init__(*args, **kwargs)  # NN's arguments; it calls initialize_parameters

    def initialize_parameters(self) -> dict[str, np.ndarray]:
        """``NN``'s W(l) and b(l); gamma(l) = 1 and beta(l) = 0 for every hidden layer, and
        fresh running estimates (mean 0, variance 1)."""
        super().initialize_parameters()
        self.running = {}
        for l in range(1, self.L):
            width = self.layers_dims[l]
            self.params[f"gamma{l}"] = np.ones((1, width))
            self.params[f"beta{l}"] = np.zeros((1, width))
            self.running[f"mean{l}"] = np.zeros((1, width))
            self.running[f"var{l}"] = np.ones((1, width))
        return self.params

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        """``NN``'s W(l) and b(l), and gamma(l), beta(l) of shape (1, n_l) per hidden layer."""
        shapes = super().param_shapes()
        for l in range(1, self.L):
            shapes[f"gamma{l}"] = shapes[f"beta{l}"] = (1, self.layers_dims[l])
        return shapes

    def forward(
        self,
        X: np.ndarray,
        training: bool = False,  # True: batch statistics, False: the running estimates
        keep_prob: float = 1.0,
        rng: np.random.Generator | None = None,
    ) -> dict[str, Any]:
        """``NN.forward`` with batch norm between Z(l) and the activation of each hidden layer.

        ``coef`` holds, besides ``'x0'``, ``'z{l}'``, ``'x{l}'`` (and the dropout masks
        ``'m{l}'``), the normalised receptors ``'zbn{l}'`` and, in a training pass, the
        ``'bn{l}'`` caches of ``batchnorm_forward`` that ``backward`` needs.
        """
        if training and X.shape[0] < 2:
            raise ValueError(
                f"a training pass of a network with batch norm needs a batch of at least 2 "
                f"samples (a mean and variance over them); got {X.shape[0]}: choose a "
                "batch_size that leaves no batch of a single sample"
            )
        if training and keep_prob < 1:
            check_probability(keep_prob, "keep_prob")
            check_dropout_rng(rng)
        coef: dict[str, Any] = {"x0": X}
        for l in range(1, self.L + 1):
            key = self.layer_keys[l - 1]
            coef[key.z] = coef[key.x_prev] @ self.params[key.W] + self.params[key.b]
            receptors = coef[key.z]
            if l < self.L:  # a hidden layer: normalise its receptors
                receptors = coef[f"zbn{l}"] = self.normalise(l, receptors, coef, training)
            x = self.activations[l - 1]["activation"](receptors)
            if rng is not None and training and keep_prob < 1 and l < self.L:
                keep = rng.random(x.shape) < keep_prob  # dropout, as in NN.forward
                coef[key.m] = keep.astype(x.dtype) / keep_prob
                x = x * coef[key.m]
            coef[key.x] = x
        return coef

    def normalise(self, l: int, Z: np.ndarray, coef: dict[str, Any], training: bool) -> np.ndarray:
        """BN(Z(l)): with the batch's statistics in training (their cache goes to ``coef``
        as ``'bn{l}'`` and the running estimates move), with the running ones otherwise."""
        gamma, beta = self.params[f"gamma{l}"], self.params[f"beta{l}"]
        mean, var = self.running[f"mean{l}"], self.running[f"var{l}"]
        if not training:
            return gamma * (Z - mean) / np.sqrt(var + self.eps) + beta
        Zbn, cache = batchnorm_forward(Z, gamma, beta, self.eps)
        coef[f"bn{l}"] = cache
        n = Z.shape[0]
        mean *= 1.0 - self.momentum  # in place: ``running`` holds these very arrays
        mean += self.momentum * cache["mu"]
        var *= 1.0 - self.momentum
        var += self.momentum * cache["var"] * (n / (n - 1))
        return Zbn

    def backward(self, coef: dict[str, Any], Y: np.ndarray) -> dict[str, np.ndarray]:
        """``NN.backward`` through batch norm: ``dZ{l}``, ``dW{l}``, ``db{l}`` for every layer,
        and ``dgamma{l}``, ``dbeta{l}`` for every hidden layer.

        Needs the ``coef`` of a training pass, ``forward(X, training=True)``: the gradients
        are those of the batch statistics that pass used.
        """
        missing = [f"bn{l}" for l in range(1, self.L) if f"bn{l}" not in coef]
        if missing:
            raise ValueError(
                f"coef has no batch-norm cache {missing}: backpropagation needs the coef of a "
                "training pass, forward(X, training=True) (or forward_pass(X, training=True))"
            )
        grads: dict[str, np.ndarray] = {}
        dJ_dreceptors = self.output_delta(coef, Y)  # the output layer has no batch norm
        for l in range(self.L, 0, -1):
            key = self.layer_keys[l - 1]
            if l < self.L:  # from dJ/dZbn(l) back through batch norm to dJ/dZ(l)
                dZ, grads[f"dgamma{l}"], grads[f"dbeta{l}"] = batchnorm_backward(
                    dJ_dreceptors, coef[f"bn{l}"]
                )
            else:
                dZ = dJ_dreceptors
            grads.update(
                {key.dZ: dZ, key.dW: coef[key.x_prev].T @ dZ, key.db: dZ.sum(0, keepdims=True)}
            )
            if l > 1:
                below = self.layer_keys[l - 2]
                dX = dZ @ self.params[key.W].T
                if below.m in coef:
                    dX = dX * coef[below.m]
                dJ_dreceptors = dX * self.activations[l - 2]["derivative"](coef[f"zbn{l - 1}"])
        return grads
