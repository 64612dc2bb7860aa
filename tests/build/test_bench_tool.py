"""tools/bench.py: its arithmetic on figures we choose, and its reference training.

No test here depends on a timing: the benchmark's measurements are made by `make bench`.
The ratio test once ran the real timers at tiny sizes and read the printed ratios back;
under load a ratio printed as 0.00 and the test failed. Now fixed "timings" go in, so the
expected ratios are known by hand.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from booktest import ROOT, require_module

from nncode.gradcheck import numerical_gradient

# tools/bench.py times PyTorch too, so it imports it: this whole file needs PyTorch
require_module("torch", "PyTorch (requirements-test.txt)")
sys.path.insert(0, str(ROOT / "tools"))
try:
    import bench
finally:
    sys.path.pop(0)

# seconds per measurement, in the order they are taken: the best of two repeats counts
FIXED = {"nncode": [3.0, 2.0], "torch": [4.0, 5.0], "matmul": [1.0, 1.5], "floor": [0.5, 0.8]}


def fixed_timers():
    """Timers that hand out the FIXED figures in turn, whatever case they are given."""
    calls = {key: 0 for key in FIXED}

    def timer(key):
        def measure(dims, n, dtype, n_it):
            value = FIXED[key][calls[key] % 2]
            calls[key] += 1
            return value

        return measure

    return {key: timer(key) for key in FIXED}


def test_ratios_are_the_best_times_divided():
    res = bench.run(True, 2, timers=fixed_timers(), tiny_timer=lambda n: (12.5, 30.0), pause=0)
    assert [(c["case"], c["dtype"]) for c in res["cases"]] == [
        ("digits", "float64"),
        ("digits", "float32"),
        ("mnist", "float64"),
        ("mnist", "float32"),
    ]
    for case in res["cases"]:
        # best: nncode 2.0, torch 4.0, matmul 1.0, floor 0.5
        assert case["seconds"] == {"nncode": 2.0, "torch": 4.0, "matmul": 1.0, "floor": 0.5}
        assert case["vs_torch"] == 0.5 and case["vs_matmul"] == 2.0 and case["vs_floor"] == 4.0
        assert case["floor_vs_torch"] == 0.125 and case["floor_vs_matmul"] == 0.5
    assert res["tiny"]["nncode_us"] == 12.5 and res["tiny"]["torch_us"] == 30.0


def test_report_prints_every_ratio():
    res = bench.run(True, 2, timers=fixed_timers(), tiny_timer=lambda n: (12.5, 30.0), pause=0)
    lines = bench.report(res).splitlines()
    assert "nncode/torch" in lines[0] and "floor/matmul" in lines[0]
    for line, name, dtype in zip(
        lines[1:5], ["digits"] * 2 + ["mnist"] * 2, ["float64", "float32"] * 2
    ):
        assert line.split() == [
            name,
            dtype,
            "2",
            "4",
            "1",
            "0.5",
            "0.50",
            "2.00",
            "4.00",
            "0.12",
            "0.50",
        ]
    assert lines[5] == "tiny 4-3-1 on 3 samples: nncode 12.5 us/iteration, torch 30.0 us/iteration"


@pytest.mark.parametrize("key", sorted(bench.TIMERS))
def test_every_timer_runs_the_smallest_case(key):
    """Each real timer runs (what it measures is for `make bench`, not for a test)."""
    seconds = bench.TIMERS[key]([4, 5, 3], 6, np.float64, 2)
    assert isinstance(seconds, float)


def softmax_cross_entropy(params, X, Y):
    """J of a ReLU network with a softmax output, written out here with NumPy."""
    x = X
    L = len(params) // 2
    for l in range(L):
        z = x @ params[2 * l] + params[2 * l + 1]
        x = np.maximum(z, 0) if l < L - 1 else z
    shifted = x - x.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -float(np.sum(Y * log_p)) / len(X)


def test_floor_trains_exactly_like_nn():
    """The hand-tuned reference of the benchmark computes what NN.train computes."""
    for dims in ([8, 16, 3], [5, 7, 6, 4]):
        X, Y, net = bench.make_case(dims, 40, np.float64, seed=3)
        params = [net.params[k].copy() for k in net.params]
        net.train(X, Y, n_it=7, learning_rate=0.5, verbose=False)
        bench.train_floor(X, Y, params, n_it=7, lr=0.5)
        for key, ours in zip(net.params, params):
            np.testing.assert_allclose(ours, net.params[key], rtol=1e-12, atol=1e-15)


def test_one_floor_step_is_gradient_descent_by_finite_differences():
    """Oracle for both: one step moves each weight by -lr times the central difference."""
    X, Y, net = bench.make_case([5, 7, 4], 12, np.float64, seed=1)
    start = [net.params[k].copy() for k in net.params]
    params = [p.copy() for p in start]
    bench.train_floor(X, Y, params, n_it=1, lr=0.5)
    probe = [p.copy() for p in start]
    for i, p in enumerate(probe):
        grad = numerical_gradient(lambda: softmax_cross_entropy(probe, X, Y), p)
        np.testing.assert_allclose(params[i], start[i] - 0.5 * grad, rtol=1e-7, atol=1e-9)
