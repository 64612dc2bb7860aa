"""The built Part III pages: every exercise check passed, and the code shown is the package's."""

from __future__ import annotations

import html as htmllib
import inspect
import re

import pytest

from nncode import NN

PAGES = {
    # page: (checks run on the reference solutions, checks run on a wrong answer on purpose)
    "book/part3/functions.html": (3, 2),
    "book/part3/nn-class.html": (8, 0),
}


def squeeze(text: str) -> str:
    """Text without tags or any whitespace (Pygments splits code into many spans)."""
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("page, counts", PAGES.items())
def test_every_check_on_the_page_says_what_it_should(site, page, counts):
    text = squeeze((site / page).read_text(encoding="utf-8"))
    assert (text.count("Correct:"), text.count("Notyet:")) == counts


@pytest.mark.parametrize(
    "method",
    [
        NN.__init__,
        NN.initialize_parameters,
        NN.forward_pass,
        NN.forward,
        NN.backward_pass,
        NN.backward,
        NN.train,
    ],
)
def test_the_page_shows_the_package_code(site, method):
    page = squeeze((site / "book/part3/nn-class.html").read_text(encoding="utf-8"))
    assert squeeze(htmllib.escape(inspect.getsource(method))) in page


@pytest.mark.parametrize(
    "page", ["book/part3/functions.html", "book/part3/nn-class.html", "book/part3/training.html"]
)
def test_no_glue_placeholder_is_left(site, page):
    text = squeeze((site / page).read_text(encoding="utf-8"))
    assert "{glue" not in text and "glue:text" not in text
