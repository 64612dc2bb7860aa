"""Part V pages: the computed numbers reach the prose, and say what the text claims."""

from __future__ import annotations

import json
import math
import re

import pytest
from booktest import ROOT
from sitecheck import page_text


def test_pytorch_page_reports_matching_gradients(site):
    text = page_text(site, "book/part5/pytorch.html")
    m = re.search(r"gradient entry of the two is (\S+?) ?,", text)
    assert m, "the glued gradient difference is missing"
    assert float(m.group(1)) < 1e-12


def test_digits_accuracy_is_at_least_scikit_learns(site):
    text = page_text(site, "book/part5/digits.html")
    ours = re.search(r"nncode \(this book\) \| ([\d.]+) %", text) or re.search(
        r"nncode \(this book\) ([\d.]+) %", text
    )
    theirs = re.search(r"MLPClassifier ([\d.]+) %", text)
    assert ours and theirs, "the accuracy table is missing"
    assert float(ours.group(1)) >= float(theirs.group(1)) > 90.0


def test_initialisation_stall_is_log_10(site):
    text = page_text(site, "book/part5/initialisation.html")
    m = re.search(r"its loss stays at ([\d.]+)", text)
    assert m and float(m.group(1)) == pytest.approx(math.log(10), abs=1e-3)


def test_benchmark_page_shows_the_committed_results(site):
    res = json.loads((ROOT / "book" / "appendix" / "bench_results.json").read_text())
    text = page_text(site, "book/appendix/benchmark.html")
    for case in res["cases"]:
        for key in ("vs_torch", "vs_matmul", "vs_floor", "floor_vs_torch", "floor_vs_matmul"):
            assert f"{case[key]:.2f}" in text, key
    assert f"{res['tiny']['nncode_us']:.1f} µs" in text
    # the verdicts are computed from the figures, not typed
    for case in res["cases"]:
        met = case["vs_matmul"] <= res["targets"]["vs_matmul"]
        assert f"{case['vs_matmul']:.2f} ({'met' if met else 'missed'})" in text


def test_digits_closing_note_shows_the_committed_results(site):
    res = json.loads((ROOT / "book" / "appendix" / "bench_results.json").read_text())
    case = next(c for c in res["cases"] if c["case"] == "digits" and c["dtype"] == "float64")
    text = page_text(site, "book/part5/digits.html")
    assert f"float64 took {case['vs_torch']:.2f} times" in text
    assert f"{res['tiny']['nncode_us']:.0f} µs" in text


def test_batchnorm_page_trains_a_network_with_batch_norm_by_fit(site):
    text = page_text(site, "book/part5/batchnorm.html")
    m = re.search(r"still classifies ([\d.]+)% of the test images", text)
    n = re.search(r"with batch norm reaches ([\d.]+)%", text)
    assert m and n, "the glued accuracies are missing"
    assert float(m.group(1)) < 20.0 and float(n.group(1)) > 90.0
    assert "left as an exercise" not in text
