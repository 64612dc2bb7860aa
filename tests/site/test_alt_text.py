"""Every figure of the built site has a text alternative (no browser needed; axe-core in
Chromium checks the rest of the accessibility: tests/browser/test_a11y.py)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from sitecheck import site_pages


class _Figures(HTMLParser):
    """Collect the images and inline SVGs inside the page's <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside <article>
        self.images: list[dict[str, str | None]] = []
        self.svgs: list[dict[str, str | None]] = []
        self._svg_titles: list[bool] = []
        self._in_svg_title = False
        # inside an element with aria-hidden="true" (KaTeX's drawing of a formula, whose
        # MathML beside it is what is read): its tag and how many of that tag are open
        self._hidden: list[str | int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if self.depth == 0:
            return
        if self._hidden and tag == self._hidden[0]:
            self._hidden[1] = int(self._hidden[1]) + 1
        elif not self._hidden and a.get("aria-hidden") == "true" and tag not in ("img", "svg"):
            self._hidden = [tag, 1]
        if self._hidden:
            a["aria-hidden"] = "true"  # inherited
        if tag == "img":
            self.images.append(a)
        elif tag == "svg" and not self._svg_titles:
            self.svgs.append(a)
            self._svg_titles.append(False)
        elif tag == "svg":
            self._svg_titles.append(True)  # nested svg: belongs to the outer one
        elif tag == "title" and self._svg_titles:
            self._in_svg_title = True

    def handle_data(self, data: str) -> None:
        if self._in_svg_title and data.strip():
            self.svgs[-1]["title"] = data.strip()

    def handle_endtag(self, tag: str) -> None:
        if self._hidden and tag == self._hidden[0]:
            self._hidden[1] = int(self._hidden[1]) - 1
            if self._hidden[1] == 0:
                self._hidden = []
        if tag == "article" and self.depth:
            self.depth -= 1
        elif tag == "svg" and self._svg_titles:
            self._svg_titles.pop()
        elif tag == "title":
            self._in_svg_title = False


def decorative(a: dict[str, str | None]) -> bool:
    return a.get("aria-hidden") == "true" or a.get("role") in ("presentation", "none")


def missing_alt(html: str) -> list[str]:
    """Figures in the article without a real text alternative.

    An ``<img>`` needs a non-empty ``alt`` that is not a file name (myst-nb uses the image
    path when a cell gives no alt text); an inline ``<svg>`` needs ``aria-label``,
    ``aria-labelledby`` or a ``<title>``. Images marked decorative (``aria-hidden``,
    ``role="presentation"``) are exempt.
    """
    parser = _Figures()
    parser.feed(html)
    problems = []
    for img in parser.images:
        alt = (img.get("alt") or "").strip()
        if decorative(img):
            continue
        if not alt:
            problems.append(f"<img src={img.get('src')!r}> has no alt text")
        elif alt.lower().endswith((".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp")):
            problems.append(f"<img src={img.get('src')!r}> has a file name as alt text: {alt!r}")
    for svg in parser.svgs:
        if decorative(svg):
            continue
        if not (svg.get("aria-label") or svg.get("aria-labelledby") or svg.get("title")):
            problems.append(f"<svg class={svg.get('class')!r}> has no aria-label or <title>")
    return problems


def test_the_alt_text_check_can_fail():
    html = (
        '<nav><img src="logo.png"></nav>'  # outside the article: the theme's
        "<article>"
        '<img src="a.png" alt="A line chart of the loss">'
        '<img src="b.png">'
        '<img src="c.png" alt="../../_images/c.png">'
        '<img src="d.png" alt="" role="presentation">'
        '<svg role="img"><title>The network</title><g></g></svg>'
        '<svg role="img"><g></g></svg>'
        '<span aria-hidden="true"><span><svg><path d="M0 0"/></svg></span></span>'
        '<span><svg class="after"><g></g></svg></span>'
        "</article>"
    )
    found = missing_alt(html)
    assert len(found) == 4, found
    assert any("'after'" in f for f in found)
    assert any("b.png" in f for f in found)
    assert any("file name" in f for f in found)
    assert any("<svg" in f for f in found)


def test_every_figure_has_alt_text(site):
    problems = {}
    n_figures = 0
    for path in site_pages(site):
        rel = path.relative_to(site).as_posix()
        html = (site / rel).read_text(encoding="utf-8")
        parser = _Figures()
        parser.feed(html)
        n_figures += len(parser.images) + len(parser.svgs)
        if found := missing_alt(html):
            problems[rel] = found
    assert not problems, json.dumps(problems, indent=1)
    assert n_figures >= 1  # the walk-through's learning curve at least
