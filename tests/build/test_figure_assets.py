"""tools/sphinx_ext/nnbook_assets.py: each page links the browser files of the figures it
holds, deferred and in order, and nothing else; an edited asset reaches the site on the
next build. A tiny Sphinx project stands in for the book (no notebook, so it is quick)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from booktest import ROOT

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "tools" / "sphinx_ext")!r})
extensions = ["nnbook_assets"]
exclude_patterns = ["_build"]
"""


def figure(kind: str) -> str:
    return f'<figure class="nn-figure nn-{kind}" data-nn-figure="{kind}">x</figure>'


PAGES = {
    "index": ["diagram", "stepthrough"],
    "feedback": ["feedback"],
    "plain": [],
    # a page that only shows the marker as text (in a code block) holds no figure
    "code": [],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "package.json").write_text("{}\n")
    toc = "\n".join(f"   {name}" for name in PAGES if name != "index")
    for name, kinds in PAGES.items():
        body = f"{name}\n{'=' * len(name)}\n\n"
        if name == "index":
            body += f".. toctree::\n\n{toc}\n\n"
        if kinds:
            raw = "".join(figure(k) for k in kinds)
            body += f".. raw:: html\n\n   {raw}\n"
        if name == "code":
            body += f"::\n\n   {figure('diagram')}\n"
        (src / f"{name}.rst").write_text(body)
    # what mk/assets.mk copies: our files (feedback has a style sheet and no script)
    assets = src / "_build" / "assets"
    for rel in [
        "nnfigure/figure.js",
        "nnfigure/figure.css",
        "nnfigure/diagram.js",
        "nnfigure/diagram.css",
        "nnfigure/stepthrough.js",
        "nnfigure/stepthrough.css",
        "nnfigure/feedback.css",
        "d3/d3.min.js",
        "katex/katex.min.css",
    ]:
        (assets / rel).parent.mkdir(parents=True, exist_ok=True)
        (assets / rel).write_text(f"/* {rel} */\n")
    (assets / ".done").touch()
    return src


def build(src: Path) -> Path:
    out = src / "_build" / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(src), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def linked(page: str) -> tuple[list[str], list[str]]:
    """The page's own style sheets and deferred scripts under _static/ (d3 and ours)."""
    ours = r"_static/((?:nnfigure|d3)/[^\"?]+)"
    css = re.findall(rf'<link [^>]*href="{ours}', page)
    scripts = re.findall(rf"<script ([^>]*)src=\"{ours}", page)
    assert all("defer" in attrs for attrs, _ in scripts), scripts
    return css, [src for _, src in scripts]


def test_each_page_links_what_its_figures_need_deferred_and_in_order(project):
    out = build(project)
    css, js = linked((out / "index.html").read_text())
    assert css == ["nnfigure/figure.css", "nnfigure/diagram.css", "nnfigure/stepthrough.css"]
    # the runtime first, then d3 (only the diagram needs it), then the components
    assert js == [
        "nnfigure/figure.js",
        "d3/d3.min.js",
        "nnfigure/diagram.js",
        "nnfigure/stepthrough.js",
    ]
    # feedback has a style sheet and no component: no script at all
    assert linked((out / "feedback.html").read_text()) == (
        ["nnfigure/figure.css", "nnfigure/feedback.css"],
        [],
    )
    for name in ("plain", "code"):
        assert linked((out / f"{name}.html").read_text()) == ([], []), name
    assert (out / "_static" / "nnfigure" / "diagram.js").exists()


def test_an_edited_asset_reaches_the_site_on_the_next_build(project):
    out = build(project)
    version = re.search(r"nnfigure/diagram\.js\?v=(\w+)", (out / "index.html").read_text())
    # what `make` does when assets/diagram.js changes: a fresh copy, and a new stamp
    (project / "_build" / "assets" / "nnfigure" / "diagram.js").write_text("/* edited */\n")
    stamp = project / "_build" / "assets" / ".done"
    stamp.write_text("new")
    build(project)
    assert (out / "_static" / "nnfigure" / "diagram.js").read_text() == "/* edited */\n"
    # browsers that cached the old file fetch the new one: its link changed
    new = re.search(r"nnfigure/diagram\.js\?v=(\w+)", (out / "index.html").read_text())
    assert version and new and new.group(1) != version.group(1)


def test_a_missing_asset_stops_the_build_with_what_to_run(project):
    (project / "_build" / "assets" / "nnfigure" / "figure.js").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(project), str(project / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "nnfigure/figure.js" in result.stderr and "make html" in result.stderr
