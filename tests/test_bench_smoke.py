"""tools/bench.py runs at tiny sizes and prints its ratios (it times nothing we assert on)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


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
        assert all(float(v) > 0 for v in r[2:])
    assert "us/iteration" in lines[5]
    res = json.loads(out.read_text())
    for case in res["cases"]:
        s = case["seconds"]
        assert case["vs_torch"] == s["nncode"] / s["torch"]
        assert case["vs_matmul"] == s["nncode"] / s["matmul"]
    assert res["tiny"]["nncode_us"] > 0 and res["small"] is True
