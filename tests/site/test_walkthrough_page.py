"""Checks on the built HTML site (`make test` builds it first)."""

from __future__ import annotations

import re

from booktest import PUBLISHED_ERROR, PUBLISHED_LOG, ROOT
from sitecheck import page_text


def test_walkthrough_shows_the_published_untrained_error(site):
    assert PUBLISHED_ERROR in page_text(site, "book/part4/walkthrough.html")


def test_walkthrough_shows_the_ten_row_training_table(site):
    text = page_text(site, "book/part4/walkthrough.html")
    rows = re.findall(r"\b(\d+) (0\.\d{5})\b", text[text.index("epoch mean error") :])[:10]
    assert rows == [(str(100 * i), v) for i, v in enumerate(PUBLISHED_LOG)]


def test_glued_numbers_reach_the_prose(site):
    text = page_text(site, "book/part4/walkthrough.html")
    # the untrained output of the third sample and the learning-rate erratum's number
    assert re.search(r"answers about 0\.683 , 0\.727 and 0\.713", text.replace(" ,", " ,"))
    assert "0.01190" in text
    assert "mean error of 0.11" in text  # lr = 0.01 leaves the error near its start


def test_every_toc_page_was_built(site):
    files = re.findall(r"file:\s*(\S+)", (ROOT / "_toc.yml").read_text())
    files.append("book/intro")
    for f in files:
        assert (site / f"{f}.html").exists(), f


def test_plots_after_a_diagram_still_appear(site):
    """The walk-through draws two diagrams, then its learning curve with pyplot."""
    page = (site / "book/part4/walkthrough.html").read_text(encoding="utf-8")
    assert page.count('data-nn-figure="diagram"') == 2
    static = re.findall(r'class="nn-figure-static">\s*<img[^>]*>', page)
    assert len(static) == 2  # the diagrams' static pictures
    rest = re.sub(r'class="nn-figure-static">\s*<img[^>]*>', "", page)
    plots = re.findall(r'<img[^>]*src="[^"]*_images/[^"]+"', rest)
    assert len(plots) >= 1  # the learning curve
