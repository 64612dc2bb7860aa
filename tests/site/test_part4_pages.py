"""The built Part IV pages show the numbers nncode computes (checked here, independently)."""

from __future__ import annotations

import html as htmllib
import json
import re

import numpy as np
import oracles
import pytest

from nncode.data import twelve_step_data


def text_of(site, rel: str) -> str:
    raw = (site / rel).read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.DOTALL)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def trained_output():
    X, y = twelve_step_data()
    """The twelve steps' outputs after 5000 epochs from seed 0, computed in the test's own
    NumPy (tests/oracles.py), not by the nncode code that wrote the page."""
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
    # the tutorial's literal bias construction, run: R fills by column, so row i holds
    # bias_in[i] in every column (one bias per sample), and the rowSums update keeps it so
    literal = re.search(r"\[1,\] 0\.1 0\.1 0\.1 \[2,\] 0\.2 0\.2 0\.2 \[3,\] 0\.3 0\.3 0\.3", text)
    assert literal, "the literal bias matrix is not printed"
    assert "the same hidden biases as the corrected network, before any update? FALSE" in text
    assert "one value per sample, shared by its neurons? TRUE" in text


def test_one_iteration_page_embeds_the_stepthrough_of_the_chapter_data(site):
    raw = (site / "book/part4/one_iteration.html").read_text(encoding="utf-8")
    payloads = re.findall(
        r'data-nn-figure="stepthrough">.*?class="nn-figure-data">(.*?)</script>', raw, re.DOTALL
    )
    assert len(payloads) == 1
    shown = json.loads(payloads[0])
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


@pytest.mark.parametrize(
    ("page", "counts"),
    [
        # (checks that pass on the reference solution, checks shown failing on purpose)
        ("book/part4/twelve_steps.html", (1, 1)),
        ("book/part4/walkthrough.html", (1, 1)),
        ("book/part4/moons.html", (1, 0)),
    ],
)
def test_the_part4_checks_say_what_they_should(site, page, counts):
    text = re.sub(r"\s+", "", text_of(site, page))
    assert (text.count("Correct:"), text.count("Notyet:")) == counts


def test_walkthrough_compares_its_printouts_with_the_tutorial_s(site):
    text = text_of(site, "book/part4/walkthrough.html")
    assert text.count("identical: True") == 2
    assert re.search(r"identical to the tutorial.s printout", text)


def test_one_iteration_computes_the_learning_rate_applied_twice(site):
    text = text_of(site, "book/part4/one_iteration.html")
    ratios = re.findall(r"the illustration's step is ([\d.e-]+) to ([\d.e-]+) times", text)
    assert len(ratios) == 2
    assert all(float(a) == float(b) == 0.1 for a, b in ratios)  # the learning rate, once more


def test_moons_cross_entropy_removes_the_sigmoid_slope(site):
    text = text_of(site, "book/part4/moons.html")
    slope = float(re.search(r"slope ([\d.]+e[-+]\d+)", text).group(1))
    squared = float(re.search(r"dJ/dz, squared error: (-?[\d.]+e[-+]\d+)", text).group(1))
    cross = float(re.search(r"dJ/dz, cross-entropy: (-?[\d.]+e[-+]\d+)", text).group(1))
    chain = float(re.search(r"the chain written out: (-?[\d.]+e[-+]\d+)", text).group(1))
    assert chain == pytest.approx(cross, rel=1e-3)
    # the squared error's delta carries the factor sigma'(z); the cross-entropy's does not
    assert cross / squared == pytest.approx(1 / slope, rel=1e-2)
    assert abs(cross) > 100 * abs(squared)
