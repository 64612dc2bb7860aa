"""Benchmark: the book's ``NN`` against PyTorch CPU and against its own matrix products.

Run by ``make bench`` (not part of ``make test``). For each case it trains the same
network, from the same float weights, for the same number of full-batch gradient-descent
iterations in four ways, interleaved and repeated, keeping the best time of each:

- ``nncode``: ``NN.train`` (ReLU hidden layer, softmax + cross-entropy output);
- ``torch``: the same network as PyTorch tensors, autograd and ``torch.optim.SGD``;
- ``matmul``: only the matrix products one training iteration needs (forward
  X(l-1) W(l), backward X(l-1)^T dZ(l) and dZ(l) W(l)^T), a lower bound for any NumPy code;
- ``floor``: the same training hand-written for speed in NumPy (``train_floor``), our
  best attempt at the fastest NumPy code for it, unreadable on purpose.

It prints nncode/torch, nncode/matmul and nncode/floor for every case, then floor/torch
and floor/matmul (what NumPy itself can reach), and the microseconds per iteration of
the tiny classic network (4-3-1, sigmoid, mse, 3 samples). With ``--json`` it also writes
the figures to a file (the book's appendix plots them).

Usage: python tools/bench.py [--small] [--json PATH] [--repeats N] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np
from threadpoolctl import threadpool_limits

# PyTorch's OpenMP threads otherwise keep spinning after each operation and steal the
# cores from NumPy's OpenBLAS threads in the measurement that follows (set before import).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch

from nncode import NN
from nncode.data import twelve_step_data

TARGETS = {"vs_torch": 0.6, "vs_matmul": 1.2, "tiny_us": 40.0}


def make_case(dims: list[int], n: int, dtype: type, seed: int = 0) -> tuple:
    """Random inputs, one-hot targets and a He-initialised NN of the given float dtype."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, dims[0])).astype(dtype)
    Y = np.eye(dims[-1], dtype=dtype)[rng.integers(0, dims[-1], size=n)]
    net = NN(dims, "relu", "softmax", "cross_entropy", seed=seed)
    for l in range(1, net.L + 1):
        W = rng.normal(0.0, np.sqrt(2.0 / dims[l - 1]), size=(dims[l - 1], dims[l]))
        net.params[f"W{l}"] = W.astype(dtype)
        net.params[f"b{l}"] = net.params[f"b{l}"].astype(dtype)
    return X, Y, net


def time_nncode(dims, n, dtype, n_it, lr) -> float:
    X, Y, net = make_case(dims, n, dtype)
    t0 = time.perf_counter()
    net.train(X, Y, n_it=n_it, learning_rate=lr, verbose=False)
    return time.perf_counter() - t0


def time_torch(dims, n, dtype, n_it, lr) -> float:
    X, Y, net = make_case(dims, n, dtype)
    x = torch.from_numpy(X)
    labels = torch.from_numpy(np.argmax(Y, axis=1))
    params = [torch.from_numpy(net.params[k].copy()).requires_grad_() for k in net.params]
    opt = torch.optim.SGD(params, lr=lr)
    t0 = time.perf_counter()
    for _ in range(n_it):
        a = x
        for l in range(net.L):
            z = a @ params[2 * l] + params[2 * l + 1]
            a = torch.relu(z) if l < net.L - 1 else z
        loss = torch.nn.functional.cross_entropy(a, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return time.perf_counter() - t0


def time_matmul(dims, n, dtype, n_it) -> float:
    """Only the products: forward X W, backward X^T dZ and dZ W^T (not for layer 1)."""
    X, _, net = make_case(dims, n, dtype)
    Ws = [net.params[f"W{l}"] for l in range(1, net.L + 1)]
    xs = [X] + [np.ones((n, d), dtype=dtype) for d in dims[1:]]
    t0 = time.perf_counter()
    for _ in range(n_it):
        for l in range(net.L):
            xs[l + 1] = xs[l] @ Ws[l]
        dZ = xs[-1]
        for l in range(net.L - 1, -1, -1):
            xs[l].T @ dZ
            if l > 0:
                dZ = dZ @ Ws[l].T
    return time.perf_counter() - t0


def time_floor(dims, n, dtype, n_it, lr) -> float:
    """The same training written by hand for speed, as the reference for ``NN``.

    Every array is allocated once and overwritten (``out=``), nothing is checked, no dict
    is filled, and softmax runs on a column-major copy. It computes what ``NN.train``
    computes (``tests/unit/test_bench.py`` checks the weights), so the gap between the
    two is what ``NN``'s readability costs; a target this version misses is out of reach
    of plain NumPy code as far as we know.
    """
    X, Y, net = make_case(dims, n, dtype)
    train_floor(X, Y, [net.params[k] for k in net.params], n_it, lr)  # warm up the buffers
    X, Y, net = make_case(dims, n, dtype)
    params = [net.params[k] for k in net.params]
    t0 = time.perf_counter()
    train_floor(X, Y, params, n_it, lr)
    return time.perf_counter() - t0


def train_floor(X, Y, params, n_it, lr) -> None:
    """Hand-tuned full-batch descent, ReLU hidden layers, softmax + cross-entropy output."""
    n, L, dtype = X.shape[0], len(params) // 2, X.dtype
    Ws, bs = params[0::2], params[1::2]
    zs = [np.empty((n, W.shape[1]), dtype) for W in Ws]
    xs = [X] + [np.empty_like(z) for z in zs[:-1]]
    dXs = [None] + [np.empty_like(x) for x in xs[1:]]  # dJ/dX(l); X(0) needs none
    slopes = [np.empty_like(z) for z in zs]  # ReLU'(Z): 1.0 where Z > 0, else 0.0
    dWs = [np.empty_like(W) for W in Ws]
    dbs = [np.empty_like(b) for b in bs]
    ones_n = np.ones((1, n), dtype)
    scale = np.asarray(lr, dtype)
    for _ in range(n_it):
        for l in range(L):
            np.matmul(xs[l], Ws[l], out=zs[l])
            zs[l] += bs[l]
            if l < L - 1:
                np.maximum(zs[l], 0, out=xs[l + 1])
        z = np.asfortranarray(zs[-1])
        shifted = z - z.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        total = e.sum(axis=1, keepdims=True)
        loss = float(np.sum(Y * (np.log(total) - shifted))) / n
        if not np.isfinite(loss):
            raise FloatingPointError("diverged")
        e /= total
        e -= Y
        e /= n
        dZ = e
        for l in range(L - 1, -1, -1):
            np.matmul(xs[l].T, dZ, out=dWs[l])
            np.matmul(ones_n, dZ, out=dbs[l])
            if l > 0:
                np.matmul(dZ, Ws[l].T, out=dXs[l])
                np.greater(zs[l - 1], 0, out=slopes[l - 1])
                dXs[l] *= slopes[l - 1]
                dZ = dXs[l]
            dWs[l] *= scale
            Ws[l] -= dWs[l]
            dbs[l] *= scale
            bs[l] -= dbs[l]


def time_tiny(n_it: int) -> tuple[float, float]:
    """Microseconds per iteration of the 4-3-1 sigmoid network on 3 samples: nncode, torch."""
    X, Y = twelve_step_data()
    net = NN([4, 3, 1], "sigmoid", "sigmoid", "mse", seed=0)
    t0 = time.perf_counter()
    net.train(X, Y, n_it=n_it, learning_rate=0.1, verbose=False)
    ours = (time.perf_counter() - t0) / n_it * 1e6
    params = [torch.tensor(net.params[k]).requires_grad_() for k in net.params]
    x, y = torch.tensor(X), torch.tensor(Y)
    opt = torch.optim.SGD(params, lr=0.1)
    t0 = time.perf_counter()
    for _ in range(n_it):
        out = torch.sigmoid(torch.sigmoid(x @ params[0] + params[1]) @ params[2] + params[3])
        loss = ((out - y) ** 2).sum() / (2 * 3)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return ours, (time.perf_counter() - t0) / n_it * 1e6


TIMERS = {
    "nncode": lambda dims, n, dtype, n_it: time_nncode(dims, n, dtype, n_it, 0.01),
    "torch": lambda dims, n, dtype, n_it: time_torch(dims, n, dtype, n_it, 0.01),
    "matmul": time_matmul,
    "floor": lambda dims, n, dtype, n_it: time_floor(dims, n, dtype, n_it, 0.01),
}
"""The four ways of training a case, each a function (dims, n, dtype, n_it) -> seconds."""


def case_result(name: str, dims: list[int], n: int, dtype: type, n_it: int, best: dict) -> dict:
    """One case's entry of the results: its best times and the ratios between them."""
    return {
        "case": name,
        "dims": dims,
        "n_samples": n,
        "dtype": np.dtype(dtype).name,
        "iterations": n_it,
        "seconds": best,
        "vs_torch": best["nncode"] / best["torch"],
        "vs_matmul": best["nncode"] / best["matmul"],
        "vs_floor": best["nncode"] / best["floor"],
        "floor_vs_torch": best["floor"] / best["torch"],
        "floor_vs_matmul": best["floor"] / best["matmul"],
    }


def run(
    small: bool,
    repeats: int,
    timers: dict | None = None,
    tiny_timer=None,
    pause: float = 0.2,
) -> dict:
    """Time every case ``repeats`` times with ``timers`` (``TIMERS``) and keep the best.

    ``tiny_timer(n_it)`` gives the microseconds per iteration of the tiny network
    (``time_tiny``); ``pause`` seconds pass before each measurement. The tests hand in
    timers that return fixed figures, so that they check the arithmetic without timing.
    """
    timers = TIMERS if timers is None else timers
    tiny_timer = time_tiny if tiny_timer is None else tiny_timer
    cases = [
        ("digits", [64, 128, 10], 1437, 200),
        ("mnist", [784, 256, 10], 10000, 20),
    ]
    if small:
        cases = [("digits", [8, 16, 3], 50, 5), ("mnist", [16, 8, 3], 40, 5)]
    results = []
    for name, dims, n, n_it in cases:
        for dtype in (np.float64, np.float32):
            best = {key: np.inf for key in timers}
            for _ in range(repeats):
                for key, timer in timers.items():
                    time.sleep(pause)  # let the other library's threads go idle first
                    best[key] = min(best[key], timer(dims, n, dtype, n_it))
            results.append(case_result(name, dims, n, dtype, n_it, best))
    # Short and many: one tiny iteration is a few dozen microseconds, so a scheduler
    # hiccup spoils a long run; the best of many short runs is the steady figure.
    tiny_it = 200 if small else 2000
    tiny = [tiny_timer(tiny_it) for _ in range(4 * repeats)]
    return {
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(),
            "processor": platform.machine(),
            "load_average_before": os.getloadavg()[0],
        },
        "small": small,
        "repeats": repeats,
        "targets": TARGETS,
        "cases": results,
        "tiny": {
            "dims": [4, 3, 1],
            "n_samples": 3,
            "iterations": tiny_it,
            "nncode_us": min(t[0] for t in tiny),
            "torch_us": min(t[1] for t in tiny),
        },
    }


def report(res: dict) -> str:
    header = (
        f"{'case':<8}{'dtype':<9}{'nncode s':>10}{'torch s':>10}{'matmul s':>10}"
        f"{'floor s':>10}{'nncode/torch':>14}{'nncode/matmul':>15}{'nncode/floor':>14}"
        f"{'floor/torch':>13}{'floor/matmul':>14}"
    )
    lines = [header]
    for c in res["cases"]:
        s = c["seconds"]
        lines.append(
            f"{c['case']:<8}{c['dtype']:<9}{s['nncode']:>10.3g}{s['torch']:>10.3g}"
            f"{s['matmul']:>10.3g}{s['floor']:>10.3g}{c['vs_torch']:>14.2f}"
            f"{c['vs_matmul']:>15.2f}{c['vs_floor']:>14.2f}{c['floor_vs_torch']:>13.2f}"
            f"{c['floor_vs_matmul']:>14.2f}"
        )
    t = res["tiny"]
    lines.append(
        f"tiny 4-3-1 on 3 samples: nncode {t['nncode_us']:.1f} us/iteration, "
        f"torch {t['torch_us']:.1f} us/iteration"
    )
    g = res["targets"]
    lines.append(
        f"targets: nncode/torch <= {g['vs_torch']}, nncode/matmul <= {g['vs_matmul']}, "
        f"tiny <= {g['tiny_us']} us"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="tiny sizes (a smoke test)")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions (best is kept)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="BLAS/PyTorch threads for both libraries (0: each library's default); "
        "1 gives steadier figures on a busy shared machine",
    )
    args = parser.parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
        with threadpool_limits(limits=args.threads):
            res = run(args.small, args.repeats)
    else:
        res = run(args.small, args.repeats)
    res["machine"]["threads_requested"] = args.threads
    print(report(res))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(res, fh, indent=1)
            fh.write("\n")


if __name__ == "__main__":
    main()
