"""Checks on the built pages of Parts I and II, the notation page and the glossary."""

from __future__ import annotations

import re

import numpy as np
import oracles
import pytest
from booktest import PUBLISHED_DJ_DW3_21, PUBLISHED_FORWARD
from sitecheck import page_text

from nncode.data import example
from nncode.exercises.chain_rule import derivative

EXERCISE_PAGES = {
    "book/part1/index.html": 1,
    "book/part1/perceptron.html": 1,
    "book/part1/layers.html": 2,
    "book/part1/descent.html": 2,
    "book/part2/matrix.html": 1,
    "book/part2/chain-rule.html": 3,
    "book/part2/deltas.html": 1,
}


@pytest.mark.parametrize(("page", "count"), sorted(EXERCISE_PAGES.items()))
def test_solutions_are_hidden_dropdowns_and_pass_their_checks(site, page, count):
    raw = (site / page).read_text(encoding="utf-8")
    assert raw.count('class="solution dropdown') == count
    # every solution runs its check in the build, and the check says it is right
    assert page_text(site, page).count("Correct:") == count


def test_the_worked_example_prose_shows_the_computed_output(site):
    out, _ = oracles.worked_example(0)  # the forward pass by hand, not by nncode
    text = page_text(site, "book/part2/forward-example.html")
    assert f"The network predicts {out:.4f}" in text
    # the source's numbers are quoted once, as the source's
    src = PUBLISHED_FORWARD
    assert text.count(str(src["x3"][0])) == 1 and "published values" in text
    assert f"z^{{(1)}} = {src['z1']}" in text and "x = (6.1, 8.7)" in text


def test_the_chain_rule_page_shows_the_reference_derivatives(site):
    text = page_text(site, "book/part2/chain-rule.html")
    _, dJ_dw1_21 = oracles.worked_example(1)  # the chain rule by hand, for the second sample
    assert f"Correct: {dJ_dw1_21:.6g} is right." in text
    # the visible slip: the whole data set's average where one sample is asked
    assert "Not yet: That is the average over all 4 samples" in text


def test_every_equation_reference_resolves(site):
    for page in ("part2/scalar", "part2/chain-rule", "part2/deltas", "part2/cost"):
        raw = (site / f"book/{page}.html").read_text(encoding="utf-8")
        assert "??" not in page_text(site, f"book/{page}.html")
        assert re.search(r'class="reference internal" href="[^"]*#equation-', raw), page


def test_notation_page_names_the_code_of_every_matrix(site):
    text = page_text(site, "book/notation.html")
    for code in ('params["W{l}"]', 'coef["z{l}"]', 'grads["dZ{l}"]', "layers_dims[l]"):
        assert code.replace('"', "&quot;") in text or code in text, code


def test_glossary_terms_are_linked_from_the_chapters(site):
    raw = (site / "book/part1/index.html").read_text(encoding="utf-8")
    assert "glossary.html#term-epoch" in raw


def test_part_one_exercises_are_numbered_by_chapter(site):
    for chapter, page in enumerate(("index", "perceptron", "layers", "descent"), start=1):
        text = page_text(site, f"book/part1/{page}.html")
        assert f"Exercise {chapter}.1" in text, page
    # each page shows one typical slip and the check's words for it
    assert "Not yet: b's slope was computed after w had already moved" in page_text(
        site, "book/part1/index.html"
    )
    assert "Not yet: Every point's gradient was computed at the starting weights" in page_text(
        site, "book/part1/descent.html"
    )


def test_the_largest_learning_rate_is_said_to_end_above_the_start(site):
    """By hand: with every ReLU off, the best the network can do is predict the mean target,
    whose cost is half the variance of the targets; the start is the untrained cost."""
    Y = example.Y[:, 0]
    plateau = float(np.mean((Y - Y.mean()) ** 2) / 2)
    text = page_text(site, "book/part2/cost.html")
    start = example.network().compute_loss(example.X, example.Y)
    assert plateau > start
    ends = re.search(r"The cost ends at (\d+\.\d+)", text)
    started = re.search(r"which started at (\d+\.\d+)", text)
    assert ends and started and "higher than where it started" in text
    assert abs(float(ends[1]) - plateau) < 1e-4 and abs(float(started[1]) - start) < 1e-4
    alt = re.search(
        r'<img alt="(Cost of the worked example[^"]*)"',
        (site / "book/part2/cost.html").read_text(encoding="utf-8"),
    )
    assert alt and "above its starting value" in alt[1]


def test_the_chain_rule_page_quotes_the_source_derivative_and_draws_the_graph(site):
    raw = (site / "book/part2/chain-rule.html").read_text(encoding="utf-8")
    text = page_text(site, "book/part2/chain-rule.html")
    assert f"{PUBLISHED_DJ_DW3_21:g}" in text and "The source’s numbers" in text
    assert 'id="fig-computational-graph"' in raw
    assert re.search(r'<img alt="A chain of six boxes[^"]+"', raw)
    # the graph's last gradient is the finite-difference derivative of w(2)_{2,2}
    assert f"{derivative(2, 2, 2):.4f}" in text


def test_the_deltas_page_names_dx(site):
    text = page_text(site, "book/part2/deltas.html")
    assert "dX{l-1} = dZ{l} @ W{l}.T" in text and "dX2 = dZ3 @ P" in text
