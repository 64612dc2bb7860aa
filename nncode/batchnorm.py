"""Batch normalisation of a layer's receptors (the chapter on batch norm).

For a mini-batch Z of shape (n, m), each column (neuron) is normalised by its batch
mean and variance, then scaled and shifted by learned ``gamma`` and ``beta`` (1, m):

    mu = mean(Z),  var = mean((Z - mu)^2),  Zhat = (Z - mu) / sqrt(var + eps)
    Zbn = gamma * Zhat + beta

Backward, with dZbn = dJ/dZbn (Ioffe and Szegedy, 2015, written per column):

    dbeta  = sum(dZbn),   dgamma = sum(dZbn * Zhat)
    dZ     = gamma / (n sqrt(var + eps)) * (n dZbn - sum(dZbn) - Zhat sum(dZbn * Zhat))
"""

from __future__ import annotations

import numpy as np

BN_EPS = 1e-5
"""The small number added to the variance (PyTorch's default too)."""


def batchnorm_forward(
    Z: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = BN_EPS
) -> tuple[np.ndarray, dict]:
    """Return ``Zbn`` and the ``cache`` that ``batchnorm_backward`` needs."""
    Z = np.asarray(Z, dtype=np.float64)
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
    Zhat, inv_std, gamma = cache["Zhat"], cache["inv_std"], cache["gamma"]
    if np.shape(dZbn) != Zhat.shape:
        raise ValueError(f"dZbn must have the shape of Z, {Zhat.shape}; got {np.shape(dZbn)}")
    n = Zhat.shape[0]
    dbeta = dZbn.sum(axis=0, keepdims=True)
    dgamma = (dZbn * Zhat).sum(axis=0, keepdims=True)
    dZ = gamma * inv_std / n * (n * dZbn - dbeta - Zhat * dgamma)
    return dZ, dgamma, dbeta
