"""Optimisers: plain SGD, momentum and Adam (the chapters on training deeper networks).

Each optimiser updates ``net.params`` in place from the gradients ``{'dW1', 'db1', ...}``
returned by ``NN``'s backward pass. The update rules are the ones PyTorch uses, so the
tests can run ``torch.optim`` beside them on the same weights::

    SGD:       w := w - lr g
    momentum:  v := mu v + g,                       w := w - lr v
    Adam:      m := b1 m + (1 - b1) g,  s := b2 s + (1 - b2) g^2,
               w := w - lr m/(1 - b1^t) / (sqrt(s/(1 - b2^t)) + eps)
"""

from __future__ import annotations

import numpy as np

from .validate import check_fraction, check_positive_number


class SGD:
    """Plain gradient descent: ``w -= lr * g``."""

    def __init__(self, learning_rate: float = 0.01) -> None:
        self.lr = check_positive_number(learning_rate, "learning_rate")

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """Update every ``params[name]`` in place with ``grads['d' + name]``."""
        for name, p in params.items():
            p -= self.lr * grads["d" + name]


class Momentum:
    """Gradient descent with momentum ``mu``: a running sum of past gradients."""

    def __init__(self, learning_rate: float = 0.01, mu: float = 0.9) -> None:
        self.lr = check_positive_number(learning_rate, "learning_rate")
        self.mu = check_fraction(mu, "mu")
        self.v: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """v := mu v + g, then w := w - lr v (v starts as the first gradient)."""
        for name, p in params.items():
            g = grads["d" + name]
            if name not in self.v:
                self.v[name] = g.copy()
            else:
                self.v[name] *= self.mu
                self.v[name] += g
            p -= self.lr * self.v[name]


class Adam:
    """Adam (Kingma and Ba): per-weight steps from running means of g and g^2."""

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        self.lr = check_positive_number(learning_rate, "learning_rate")
        self.beta1 = check_fraction(beta1, "beta1")
        self.beta2 = check_fraction(beta2, "beta2")
        self.eps = check_positive_number(eps, "eps")
        self.t = 0
        self.m: dict[str, np.ndarray] = {}
        self.s: dict[str, np.ndarray] = {}

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        """One Adam update of every parameter, with bias correction for step t."""
        self.t += 1
        c1 = 1.0 - self.beta1**self.t
        c2 = 1.0 - self.beta2**self.t
        for name, p in params.items():
            g = grads["d" + name]
            m = self.m.setdefault(name, np.zeros_like(p))
            s = self.s.setdefault(name, np.zeros_like(p))
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            s *= self.beta2
            s += (1.0 - self.beta2) * g * g
            p -= self.lr * (m / c1) / (np.sqrt(s / c2) + self.eps)
