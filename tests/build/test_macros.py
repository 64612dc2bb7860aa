"""The notation's macros are the same for MathJax (HTML) and LaTeX (PDF)."""

from __future__ import annotations

import re

import yaml
from booktest import ROOT

LATEX_LINE = re.compile(
    r"^\\providecommand\{\\(?P<name>[A-Za-z]+)\}\{\}"
    r"\\renewcommand\{\\(?P<again>[A-Za-z]+)\}\[(?P<nargs>\d)\]\{(?P<body>.*)\}$"
)


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]


def mathjax_macros() -> dict[str, tuple[str, int]]:
    macros = config()["mathjax3_config"]["tex"]["macros"]
    return {name: (body, int(nargs)) for name, (body, nargs) in macros.items()}


def latex_macros() -> dict[str, tuple[str, int]]:
    found = {}
    for line in config()["latex_elements"]["preamble"].strip().splitlines():
        m = LATEX_LINE.match(line.strip())
        assert m, f"preamble line is not \\providecommand...\\renewcommand...: {line!r}"
        assert m["name"] == m["again"], line
        found[m["name"]] = (m["body"], int(m["nargs"]))
    return found


def test_mathjax_and_latex_define_the_same_macros():
    assert mathjax_macros() == latex_macros()


def test_the_notation_macros_exist():
    names = set(mathjax_macros())
    assert {"w", "z", "x", "bias", "W", "Z", "X", "dlt"} <= names


def test_no_macro_clobbers_a_latex_accent():
    # \b (bar-under accent), \c (cedilla), \d (dot-under), \v, \u, \H, \t, \r, \o, \l, \i
    assert not set(mathjax_macros()) & set("bcdvuHtroli")


def test_weight_macro_reads_from_i_to_j():
    body, nargs = mathjax_macros()["w"]
    assert nargs == 3 and body == "w^{(#1)}_{#2,#3}"
