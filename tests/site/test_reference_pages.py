"""The reference pages of the built site: the bibliography and the API page."""

from __future__ import annotations

import re

from booktest import ROOT


def test_every_entry_is_on_the_bibliography_page(site):
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    n_entries = len(re.findall(r"^@\w+\{", bib, flags=re.MULTILINE))
    html = (site / "book" / "bibliography.html").read_text(encoding="utf-8")
    # one list item per entry (the role set by tools/sphinx_ext/nnbook_a11y.py)
    assert html.count('role="listitem"') == n_entries
    text = html.lower()
    for phrase in ("Glorot", "Rectifiers", "Dropout", "Batch Normalization", "Adam", "Efficient"):
        assert phrase.lower() in text, phrase


def test_the_api_page_shows_the_docstrings(site):
    html = (site / "book" / "reference" / "api.html").read_text(encoding="utf-8")
    for anchor in (
        'id="nncode.network.NN"',
        'id="nncode.network.NN.forward_pass"',
        'id="nncode.network.NN.backward_pass"',
        'id="nncode.activations.ACTIVATIONS"',
        'id="nncode.gradcheck.gradient_check"',
        'id="nncode.exercises.Feedback"',
    ):
        assert anchor in html, anchor
    # napoleon turned the NumPy "Parameters" section into a field list
    assert "layers_dims" in html and "Parameters" in html
