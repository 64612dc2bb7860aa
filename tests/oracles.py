"""Independent oracles: the book's computations written out again, without nncode's code.

A test that compares a page, a view or a function with nncode recomputing the same thing
passes whatever nncode gets wrong. These helpers compute the numbers another way (plain
Python loops, or NumPy written from the tutorial's equations), so that a test can compare
nncode, and what it wrote into the book, with them. Only data come from nncode.data.
"""

from __future__ import annotations

import math

import numpy as np

from nncode.data import example


def classic_weights(seed: int, n_in: int = 4, n_hidden: int = 3, n_out: int = 1) -> dict:
    """The twelve steps' starting weights: what np.random.seed(seed) followed by
    np.random.uniform draws, in the order wh, bh, wout, bout (as the tutorial does)."""
    draw = np.random.RandomState(seed).uniform
    return {
        "wh": draw(size=(n_in, n_hidden)),
        "bh": draw(size=(1, n_hidden)),
        "wout": draw(size=(n_hidden, n_out)),
        "bout": draw(size=(1, n_out)),
    }


def twelve_steps(X: np.ndarray, y: np.ndarray, w: dict, lr: float) -> dict:
    """One iteration of the twelve steps, entry by entry with Python floats.

    Returns every intermediate under the tutorial's name and the updated weights as
    ``wh_new``, ``bh_new``, ``wout_new``, ``bout_new``.
    """
    n, n_in = X.shape
    n_hidden, n_out = w["wout"].shape

    def sig(v: float) -> float:
        return 1.0 / (1.0 + math.exp(-v))

    hin = [[sum(X[s, i] * w["wh"][i, j] for i in range(n_in)) + w["bh"][0, j]
            for j in range(n_hidden)] for s in range(n)]  # fmt: skip
    h = [[sig(v) for v in row] for row in hin]
    oin = [[sum(h[s][j] * w["wout"][j, k] for j in range(n_hidden)) + w["bout"][0, k]
            for k in range(n_out)] for s in range(n)]  # fmt: skip
    out = [[sig(v) for v in row] for row in oin]
    E = [[y[s, k] - out[s][k] for k in range(n_out)] for s in range(n)]
    slope_out = [[o * (1 - o) for o in row] for row in out]
    slope_h = [[v * (1 - v) for v in row] for row in h]
    d_out = [[E[s][k] * slope_out[s][k] for k in range(n_out)] for s in range(n)]
    err_h = [[sum(d_out[s][k] * w["wout"][j, k] for k in range(n_out)) for j in range(n_hidden)]
             for s in range(n)]  # fmt: skip
    d_h = [[err_h[s][j] * slope_h[s][j] for j in range(n_hidden)] for s in range(n)]
    wout = [[w["wout"][j, k] + lr * sum(h[s][j] * d_out[s][k] for s in range(n))
             for k in range(n_out)] for j in range(n_hidden)]  # fmt: skip
    wh = [[w["wh"][i, j] + lr * sum(X[s, i] * d_h[s][j] for s in range(n))
           for j in range(n_hidden)] for i in range(n_in)]  # fmt: skip
    bout = [[w["bout"][0, k] + lr * sum(d_out[s][k] for s in range(n)) for k in range(n_out)]]
    bh = [[w["bh"][0, j] + lr * sum(d_h[s][j] for s in range(n)) for j in range(n_hidden)]]
    values = {
        "hidden_layer_input": hin,
        "hiddenlayer_activations": h,
        "output_layer_input": oin,
        "output": out,
        "E": E,
        "slope_output_layer": slope_out,
        "slope_hidden_layer": slope_h,
        "d_output": d_out,
        "Error_at_hidden_layer": err_h,
        "d_hiddenlayer": d_h,
        "wout_new": wout,
        "wh_new": wh,
        "bout_new": bout,
        "bh_new": bh,
    }
    return {k: np.array(v) for k, v in values.items()}


def twelve_steps_trained(X: np.ndarray, y: np.ndarray, seed: int, epochs: int, lr: float):
    """The output on X after ``epochs`` iterations from ``classic_weights(seed)``, in NumPy
    written from the tutorial's equations."""
    w = classic_weights(seed, X.shape[1], 3, y.shape[1])
    wh, bh, wout, bout = w["wh"], w["bh"], w["wout"], w["bout"]
    for _ in range(epochs):
        h = 1 / (1 + np.exp(-(X @ wh + bh)))
        out = 1 / (1 + np.exp(-(h @ wout + bout)))
        d_out = (y - out) * out * (1 - out)
        d_h = (d_out @ wout.T) * h * (1 - h)
        wout, wh = wout + lr * h.T @ d_out, wh + lr * X.T @ d_h
        bout, bh = bout + lr * d_out.sum(0), bh + lr * d_h.sum(0)
    h = 1 / (1 + np.exp(-(X @ wh + bh)))
    return (1 / (1 + np.exp(-(h @ wout + bout)))).ravel()


def worked_example(sample: int) -> tuple[float, float]:
    """The worked example's output for one sample and dJ/dw(1)_{2,1} of J = (x(3) - y)^2 / 2
    for that sample alone, with Python floats and the chain rule written out."""
    P = {k: np.asarray(v).tolist() for k, v in example.PARAMS.items()}
    x0, y = example.X[sample].tolist(), float(example.Y[sample, 0])

    def layer(x: list, l: int) -> list:
        W, b = P[f"W{l}"], P[f"b{l}"][0]
        return [sum(x[i] * W[i][j] for i in range(len(x))) + b[j] for j in range(len(b))]

    z1 = layer(x0, 1)
    x1 = [max(0.0, v) for v in z1]
    z2 = layer(x1, 2)
    x2 = [max(0.0, v) for v in z2]
    x3 = layer(x2, 3)[0]
    # dJ/dw(1)_{2,1} = (x3 - y) * sum_k w(3)_{k,1} [z2_k > 0] w(2)_{1,k} * [z1_1 > 0] * x0_2
    back = sum(P["W3"][k][0] * (z2[k] > 0) * P["W2"][0][k] for k in range(2))
    return x3, (x3 - y) * back * (z1[0] > 0) * x0[1]
