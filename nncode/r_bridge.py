"""Hand the classic network's starting point to R, and NumPy's results beside it.

R draws different random numbers from NumPy, even with the same seed, so the R chapter
does not draw its own weights: ``write_case`` writes the data, the starting weights and
NumPy's results (after one iteration and after the whole training run) as CSV files,
one matrix per file, with every digit a double holds. The R code reads them with
``read.csv`` and compares its own results with NumPy's.

Usage: ``python -m nncode.r_bridge DIRECTORY [SEED]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .classic import ClassicMLP
from .data import twelve_step_data
from .validate import check_count, check_positive_number

WEIGHTS = ("wh", "bh", "wout", "bout")


def classic_case(seed: int = 0, epochs: int = 5000, lr: float = 0.1) -> dict[str, np.ndarray]:
    """Data, starting weights (``start_wh`` ...), NumPy's weights after one step
    (``step1_wh`` ...) and its output on X after ``epochs`` epochs (``output``)."""
    seed = check_count(seed, "seed")
    epochs = check_count(epochs, "epochs")
    lr = check_positive_number(lr, "lr")
    X, y = twelve_step_data()
    net = ClassicMLP(X.shape[1], 3, y.shape[1], rng=seed)
    case = {"X": X, "y": y, "lr": np.array([[lr]]), "epochs": np.array([[float(epochs)]])}
    case.update({f"start_{k}": getattr(net, k).copy() for k in WEIGHTS})
    net.step(X, y, lr)
    case.update({f"step1_{k}": getattr(net, k).copy() for k in WEIGHTS})
    if epochs > 1:
        net.train(X, y, epochs - 1, lr=lr)
    case["output"] = net.predict(X)
    return case


def write_case(directory: str | Path, case: dict[str, np.ndarray]) -> list[Path]:
    """Write every matrix of ``case`` to ``directory/<name>.csv`` (no header, %.17g)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, value in case.items():
        path = directory / f"{name}.csv"
        np.savetxt(path, np.atleast_2d(value), delimiter=",", fmt="%.17g")
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m nncode.r_bridge DIRECTORY [SEED]")
    seed = int(sys.argv[2]) if len(sys.argv) == 3 else 0
    paths = write_case(sys.argv[1], classic_case(seed))
    print(f"r_bridge: wrote {len(paths)} matrices to {sys.argv[1]}")
