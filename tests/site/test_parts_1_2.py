"""Checks on the built pages of Parts I and II, the notation page and the glossary."""

from __future__ import annotations

import re

import oracles
import pytest
from conftest import PUBLISHED_FORWARD
from sitecheck import page_text

pytestmark = pytest.mark.site

EXERCISE_PAGES = {
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
