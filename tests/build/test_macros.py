"""The notation's macros are written once (``nnbook_macros`` in _config.yml) and mean the
same in the HTML, where KaTeX renders them at build time, and in the PDF, where LaTeX
does (tools/sphinx_ext/nnbook_math.py writes both)."""

from __future__ import annotations

import re
import shutil
from types import ModuleType

import pytest
import yaml
from booktest import ROOT, require, tool_module

LATEX_LINE = re.compile(
    r"^\\providecommand\{\\(?P<name>[A-Za-z]+)\}\{\}"
    r"\\renewcommand\{\\(?P<again>[A-Za-z]+)\}\[(?P<nargs>\d)\]\{(?P<body>.*)\}$"
)


def nnbook_math() -> ModuleType:
    return tool_module("tools/sphinx_ext/nnbook_math.py")


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]


def macros() -> dict[str, tuple[str, int]]:
    return {name: (body, int(nargs)) for name, (body, nargs) in config()["nnbook_macros"].items()}


def test_the_macros_are_written_once():
    sphinx = config()
    assert "mathjax3_config" not in sphinx
    assert "\\newcommand" not in str(sphinx.get("latex_elements", ""))
    assert "\\renewcommand" not in str(sphinx.get("latex_elements", ""))


def test_the_pdf_preamble_defines_each_macro_as_written():
    found = {}
    for line in nnbook_math().latex_preamble(nnbook_math().checked_macros(macros())).splitlines():
        m = LATEX_LINE.match(line.strip())
        assert m, f"preamble line is not \\providecommand...\\renewcommand...: {line!r}"
        assert m["name"] == m["again"], line
        found[m["name"]] = (m["body"], int(m["nargs"]))
    assert found == macros()


def test_the_html_renderer_gets_each_macro():
    katex = nnbook_math().katex_macros(nnbook_math().checked_macros(macros()))
    assert katex == {f"\\{name}": body for name, (body, _n) in macros().items()}


def test_a_body_that_disagrees_with_its_argument_count_is_refused():
    module = nnbook_math()
    with pytest.raises(Exception, match="#1 .. #2"):
        module.checked_macros({"w": ["w^{(#1)}", 2]})
    with pytest.raises(Exception, match="letters only"):
        module.checked_macros({"w2": ["w", 0]})


def test_the_notation_macros_exist():
    assert {"w", "z", "x", "bias", "W", "Z", "X", "dlt"} <= set(macros())


def test_no_macro_clobbers_a_latex_accent():
    # \b (bar-under accent), \c (cedilla), \d (dot-under), \v, \u, \H, \t, \r, \o, \l, \i
    assert not set(macros()) & set("bcdvuHtroli")


def test_weight_macro_reads_from_i_to_j():
    body, nargs = macros()["w"]
    assert nargs == 3 and body == "w^{(#1)}_{#2,#3}"


def test_katex_expands_every_macro_as_its_body_says():
    """Oracle: the body with the arguments put in by hand, rendered by the same KaTeX."""
    require(shutil.which("node"), "Node.js (make html installs it)")
    require((ROOT / "node_modules" / "katex").is_dir(), "KaTeX from npm (make html: npm ci)")
    module = nnbook_math()
    katex = module.KaTeX(module.katex_macros(module.checked_macros(macros())))
    try:
        for name, (body, nargs) in macros().items():
            args = [f"a{k}" for k in range(1, nargs + 1)]
            by_hand = body
            for k, arg in enumerate(args, start=1):
                by_hand = by_hand.replace(f"#{k}", arg)
            call = f"\\{name}" + "".join(f"{{{a}}}" for a in args)
            html, error = katex.render(call, display=False)
            want, want_error = katex.render(by_hand, display=False)
            assert error is None and want_error is None, (error, want_error)
            # the MathML and the drawing agree; only the TeX annotation differs
            strip = re.compile(
                r'<annotation encoding="application/x-tex">.*?</annotation>', re.DOTALL
            )
            assert strip.sub("", html) == strip.sub("", want), name
        html, error = katex.render("\\notamacro{1}", display=False)
        assert html == "" and "notamacro" in error
    finally:
        katex.close()
