"""tools/bench.py (`make bench`) runs at tiny sizes and prints its ratios (it times nothing
we assert on)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from booktest import ROOT, require_module


@pytest.fixture(autouse=True)
def needs_torch():
    """tools/bench.py times PyTorch too."""
    return require_module("torch", "PyTorch (requirements-test.txt)")


def test_bench_prints_every_ratio(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "bench.py"),
            "--small",
            "--repeats",
            "1",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = run.stdout.splitlines()
    assert "nncode/torch" in lines[0] and "nncode/matmul" in lines[0]
    rows = [line.split() for line in lines[1:5]]
    assert [(r[0], r[1]) for r in rows] == [
        ("digits", "float64"),
        ("digits", "float32"),
        ("mnist", "float64"),
        ("mnist", "float32"),
    ]
    for r in rows:
        # two decimals: a tiny ratio (floor/torch at --small sizes) can print as 0.00
        assert all(float(v) >= 0 for v in r[2:])
    assert "us/iteration" in lines[5]
    res = json.loads(out.read_text())
    for case in res["cases"]:
        s = case["seconds"]
        assert all(t > 0 for t in s.values()), s
        assert case["vs_torch"] == s["nncode"] / s["torch"]
        assert case["vs_matmul"] == s["nncode"] / s["matmul"]
        assert case["vs_floor"] == s["nncode"] / s["floor"]
        assert case["floor_vs_torch"] == s["floor"] / s["torch"]
    assert res["tiny"]["nncode_us"] > 0 and res["small"] is True


def test_floor_trains_exactly_like_nn():
    """The hand-tuned reference of the benchmark computes what NN.train computes."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import bench
    finally:
        sys.path.pop(0)
    for dims in ([8, 16, 3], [5, 7, 6, 4]):
        X, Y, net = bench.make_case(dims, 40, np.float64, seed=3)
        params = [net.params[k].copy() for k in net.params]
        net.train(X, Y, n_it=7, learning_rate=0.5, verbose=False)
        bench.train_floor(X, Y, params, n_it=7, lr=0.5)
        for key, ours in zip(net.params, params):
            np.testing.assert_allclose(ours, net.params[key], rtol=1e-12, atol=1e-15)
        assert not np.allclose(
            params[0], bench.make_case(dims, 40, np.float64, seed=3)[2].params["W1"]
        )
