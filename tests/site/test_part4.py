"""The built Part IV pages show the numbers nncode computes (checked here, independently)."""

from __future__ import annotations

import html as htmllib
import json
import re

import numpy as np
import oracles
import pytest

from nncode.data import twelve_step_data

pytestmark = pytest.mark.site


def text_of(site, rel: str) -> str:
    raw = (site / rel).read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.DOTALL)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def trained_output():
    """The twelve steps' outputs after 5000 epochs from seed 0, computed in the test's own
    NumPy (tests/oracles.py), not by the nncode code that wrote the page."""
    X, y = twelve_step_data()
    return oracles.twelve_steps_trained(X, y, 0, 5000, 0.1)


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
        r'<script type="application/json" id="nnst-[0-9a-f]+-data">(.*?)</script>', raw
    )
    assert len(payloads) == 1
    shown = json.loads(payloads[0].replace("<\\/", "</"))
    X, y = twelve_step_data()
    start = oracles.classic_weights(0)  # the chapter's seed, drawn as the tutorial draws
    for name, want in {**start, **oracles.twelve_steps(X, y, start, 0.1)}.items():
        np.testing.assert_allclose(shown["matrices"][name], want, rtol=1e-12, err_msg=name)


def test_moons_page_reports_the_plateau_and_the_boundary(site):
    text = text_of(site, "book/part4/moons.html")
    m = re.search(r"from epoch (\d+) to epoch (\d+) it sits at 0\.25", text)
    assert m and int(m.group(2)) - int(m.group(1)) > 1000
    assert "The decision boundary" in text
    assert (site / "book/part4/moons.html").read_text().count("<img") >= 4
