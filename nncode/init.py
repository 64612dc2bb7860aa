"""Weight initialisers (the chapter on initialisation).

Every scheme draws W(l) of shape (n_{l-1}, n_l) from a normal distribution with mean 0
and sets b(l) = 0; they differ only in the standard deviation:

    normal:  0.001                               (the book's NN default)
    xavier:  sqrt(2 / (n_{l-1} + n_l))           Glorot and Bengio (2010)
    he:      sqrt(2 / n_{l-1})                   He et al. (2015), for ReLU
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .network import INIT_STD
from .validate import check_layers_dims, check_network, check_seed


def normal_std(n_in: int, n_out: int) -> float:
    """The fixed 0.001 of ``NN``."""
    return INIT_STD


def xavier_std(n_in: int, n_out: int) -> float:
    """Glorot/Xavier: keeps the variance of activations and of gradients about equal."""
    return float(np.sqrt(2.0 / (n_in + n_out)))


def he_std(n_in: int, n_out: int) -> float:
    """He/Kaiming: variance 2/n_in makes up for ReLU zeroing half of its inputs."""
    return float(np.sqrt(2.0 / n_in))


INITIALIZERS: dict[str, Callable[[int, int], float]] = {
    "normal": normal_std,
    "xavier": xavier_std,
    "he": he_std,
}
"""Scheme name -> function of (n_{l-1}, n_l) giving the standard deviation of W(l)."""


def init_params(layers_dims: Any, scheme: str = "he", seed: int | None = None) -> dict:
    """``{'W1', 'b1', ..., 'WL', 'bL'}`` drawn with ``scheme`` from ``default_rng(seed)``."""
    dims = check_layers_dims(layers_dims)
    if not isinstance(scheme, str) or scheme not in INITIALIZERS:
        raise ValueError(
            f"scheme: unknown initialiser {scheme!r}; known are {sorted(INITIALIZERS)}"
        )
    rng = np.random.default_rng(check_seed(seed))
    params = {}
    for l in range(1, len(dims)):
        std = INITIALIZERS[scheme](dims[l - 1], dims[l])
        params[f"W{l}"] = rng.normal(0.0, std, size=(dims[l - 1], dims[l]))
        params[f"b{l}"] = np.zeros((1, dims[l]))
    return params


def initialize(net: Any, scheme: str = "he", seed: int | None = None) -> Any:
    """Replace ``net.params`` (in place, same arrays) by a fresh draw with ``scheme``; return ``net``."""
    check_network(net).check_params(writable=True)
    for name, value in init_params(net.layers_dims, scheme, seed).items():
        net.params[name][...] = value
    return net
