"""The chapters' presentation helpers: Markdown tables and the frame of every figure."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from nncode.present import figure_html, json_for_html, md_table


def test_md_table_formats_floats_and_keeps_text():
    table = md_table(["a", "b"], [["x", 0.12345], [3, np.float64(-2.0)]], digits=2)
    assert table.splitlines() == ["| a | b |", "|---|---|", "| x | 0.12 |", "| 3 | -2.00 |"]


def test_md_table_writes_minus_zero_as_zero():
    assert md_table(["v"], [[-0.00001]], digits=3).splitlines()[-1] == "| 0 |"


def test_md_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="needs 2 cells"):
        md_table(["a", "b"], [[1.0]])


def test_a_figure_holds_its_kind_static_rendering_data_and_caption():
    data = {"text": "</script><script>alert(1)</script>", "n": [1, 2.5]}
    page = figure_html("demo-kind", "<p>static</p>", data, caption="A <b>caption</b> & more")
    assert page.startswith('<figure class="nn-figure nn-demo-kind" data-nn-figure="demo-kind">')
    assert '<div class="nn-figure-static"><p>static</p></div>' in page
    payload = re.search(r'class="nn-figure-data">(.*?)</script>', page, re.DOTALL).group(1)
    # nothing in the data can end the script element early
    assert "<" not in payload and json.loads(payload) == data
    assert page.count("</script>") == 1
    assert "<figcaption>A &lt;b&gt;caption&lt;/b&gt; &amp; more</figcaption>" in page
    assert page.endswith("</figure>")


def test_a_figure_without_data_or_caption_writes_neither():
    page = figure_html("feedback", "Correct: yes")
    assert "<script" not in page and "<figcaption" not in page


def test_json_for_html_refuses_nan():
    """NaN is not JSON: the browser's JSON.parse would fail on the whole figure."""
    with pytest.raises(ValueError):
        json_for_html({"x": float("nan")})


@pytest.mark.parametrize("kind", ["Diagram", "", "a b", "../x", "diagram.js", 3])
def test_a_kind_must_name_a_file_of_assets(kind):
    with pytest.raises(ValueError, match="kind must be lower-case"):
        figure_html(kind, "")


def test_static_and_caption_must_be_text():
    with pytest.raises(TypeError, match="static must be a string"):
        figure_html("diagram", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="caption must be a string"):
        figure_html("diagram", "", caption=None)  # type: ignore[arg-type]
