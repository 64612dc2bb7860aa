"""tools/sphinx_ext/nnbook_math.py: formulas are rendered by KaTeX when the book is built
(HTML with MathML, numbered equations and their references kept), the macros reach the
LaTeX preamble, and TeX that KaTeX cannot read fails the strict build. A tiny Sphinx
project stands in for the book."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from booktest import ROOT, require

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "tools" / "sphinx_ext")!r})
extensions = ["nnbook_math"]
exclude_patterns = ["_build"]
nnbook_macros = {{"w": ["w^{{(#1)}}_{{#2,#3}}", 3], "pd": ["\\\\frac{{\\\\partial #1}}{{\\\\partial #2}}", 2]}}
latex_elements = {{"preamble": "% the book's own lines\\n"}}
"""

INDEX = r"""
Formulas
========

A weight :math:`\w{2}{1}{3}`, and a numbered equation:

.. math::
   :label: eq-grad

   \pd{C}{\w{1}{1}{1}} = \delta

Two aligned lines:

.. math::

   a = b

   c = d

See :eq:`eq-grad`.
"""


def build(src: Path, builder: str) -> subprocess.CompletedProcess[str]:
    require(shutil.which("node"), "Node.js (make html installs it)")
    require((ROOT / "node_modules" / "katex").is_dir(), "KaTeX from npm (make html: npm ci)")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-W",
            "-q",
            str(src),
            str(src / "_build" / builder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def project(tmp_path: Path, index: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.rst").write_text(index)
    return src


def test_html_holds_rendered_math_with_mathml_numbers_and_links(tmp_path):
    src = project(tmp_path, INDEX)
    result = build(src, "html")
    assert result.returncode == 0, result.stderr
    page = (src / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    # inline, numbered, the two lines as one aligned block; none for :eq:
    assert page.count('class="katex"') == 3
    assert page.count("<math ") == 3  # what screen readers read
    assert page.count("<mtr>") == 2 and "\\begin{aligned}a = b" in page
    assert "katex-error" not in page
    # the macro is expanded: w with superscript (2) and subscript 1,3
    assert re.search(r"<msubsup><mi>w</mi><mrow><mn>1</mn><mo[^>]*>,</mo><mn>3</mn></mrow>", page)
    assert '<span class="eqno">(1)' in page
    assert 'id="equation-eq-grad"' in page and 'href="#equation-eq-grad"' in page
    assert "katex/katex.min.css" in page and 'rel="preload"' in page
    assert "mathjax" not in page.lower()


def test_the_latex_preamble_starts_with_the_macros(tmp_path):
    src = project(tmp_path, INDEX)
    result = build(src, "latex")
    assert result.returncode == 0, result.stderr
    tex = next((src / "_build" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    line = r"\providecommand{\w}{}\renewcommand{\w}[3]{w^{(#1)}_{#2,#3}}"
    assert line in tex
    assert tex.index(line) < tex.index("% the book's own lines")
    assert r"\pd{C}{\w{1}{1}{1}}" in tex  # the PDF gets the TeX as written


def test_tex_that_katex_cannot_read_fails_the_strict_build(tmp_path):
    src = project(tmp_path, "Bad\n===\n\n:math:`\\notamacro{x}` and :math:`\\w{1}{2}{3}`\n")
    result = build(src, "html")
    assert result.returncode != 0
    assert "KaTeX cannot render" in result.stderr and "notamacro" in result.stderr
