"""The built Part IV pages show the numbers nncode computes (checked here, independently)."""

from __future__ import annotations

import html as htmllib
import json
import re

import numpy as np
import pytest

from nncode import classic
from nncode.data import twelve_step_data
from nncode.stepthrough import stepthrough


def text_of(site, rel: str) -> str:
    raw = (site / rel).read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.DOTALL)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def trained_output():
    X, y = twelve_step_data()
    net = classic.ClassicMLP(4, 3, 1, rng=0)
    net.train(X, y, 5000, lr=0.1)
    return net.predict(X).ravel()


def test_twelve_steps_page_glues_the_trained_outputs(site, trained_output):
    text = text_of(site, "book/part4/twelve_steps.html")
    a, b, c = (f"{v:.3f}" for v in trained_output)
    assert f"the outputs are {a} , {b} and {c} for the targets 1, 1 and 0" in text
    assert trained_output[0] > 0.9 and trained_output[1] > 0.9 and trained_output[2] < 0.1


def test_r_page_shows_r_results_equal_to_numpy(site, trained_output):
    text = text_of(site, "book/part4/r_implementation.html")
    rows = re.findall(r"\[(\d),\] +([01]) (0\.\d{4})", text)
    assert [float(v) for _, _, v in rows] == [round(float(v), 4) for v in trained_output]
    assert "output_after_training" in text
    assert "do all rows still hold the same biases? FALSE" in text


def test_one_iteration_page_embeds_the_stepthrough_of_the_chapter_data(site):
    raw = (site / "book/part4/one_iteration.html").read_text(encoding="utf-8")
    payloads = re.findall(
        r'data-nn-figure="stepthrough">.*?class="nn-figure-data">(.*?)</script>', raw, re.DOTALL
    )
    assert len(payloads) == 1
    shown = json.loads(payloads[0])
    X, y = twelve_step_data()
    expected = stepthrough(classic.ClassicMLP(4, 3, 1, rng=np.random.RandomState(0)), X, y, 0.1)
    assert shown == json.loads(json.dumps(expected))


def test_moons_page_reports_the_plateau_and_the_boundary(site):
    text = text_of(site, "book/part4/moons.html")
    m = re.search(r"from epoch (\d+) to epoch (\d+) it sits at 0\.25", text)
    assert m and int(m.group(2)) - int(m.group(1)) > 1000
    assert "The decision boundary" in text
    assert (site / "book/part4/moons.html").read_text().count("<img") >= 4
