"""Accessibility of the built site: axe-core in a real browser, and alt text on every figure.

Every page of ``_build/html`` is served on 127.0.0.1 and opened in Debian's Chromium
(driven by Playwright); axe-core (npm, installed in ``tools/a11y`` by ``mk/a11y.mk``) is
injected and run on the page's article, the ``<article>`` element that holds the
book's own content. The theme's chrome around it (navigation bars, sidebars, the
download/full-screen buttons) is out of scope: it is the theme's, not ours, and carries
a few known axe findings.

A serious or critical violation fails the test. Every result is also written to
``_build/a11y/axe.json`` (violations per page and impact) for the record.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from sitecheck import CHROMIUM, CHROMIUM_FLAGS, require, site_pages

AXE_JS = ROOT / "tools" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
SCOPE = "article.bd-article"
FAILING_IMPACTS = ("serious", "critical")


def is_redirect(page: Path) -> bool:
    """A page that only forwards the browser elsewhere (the root index.html)."""
    head = page.read_text(encoding="utf-8")[:200].lower()
    return head.lstrip().startswith('<meta http-equiv="refresh"')


# ---------------------------------------------------------------- alt text (no browser)
class _Figures(HTMLParser):
    """Collect the images and inline SVGs inside the page's <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside <article>
        self.images: list[dict[str, str | None]] = []
        self.svgs: list[dict[str, str | None]] = []
        self._svg_titles: list[bool] = []
        self._in_svg_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if self.depth == 0:
            return
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
        "</article>"
    )
    found = missing_alt(html)
    assert len(found) == 3, found
    assert any("b.png" in f for f in found)
    assert any("file name" in f for f in found)
    assert any("<svg" in f for f in found)


@pytest.mark.site
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


# ---------------------------------------------------------------- axe-core (browser)
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port>/ for the duration of the module."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _local_only(route) -> None:
    """Offline and deterministic: only 127.0.0.1 is reachable (a CDN script, such as
    MathJax's default, fails at once instead of timing out)."""
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


@pytest.fixture(scope="module")
def browser_page():
    """One Chromium tab, reused for every page (much faster than a tab per page)."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing")
    require(AXE_JS.exists(), f"{AXE_JS} is missing")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.route("**/*", _local_only)
            yield page
        finally:
            browser.close()


def run_axe(page, url: str, scope: str = SCOPE) -> dict:
    """axe-core's violations inside the element ``scope`` of the page at ``url``."""
    page.goto(url, wait_until="load")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (scope) => {
            const el = document.querySelector(scope);
            if (!el) return {missing: scope};
            const r = await axe.run(el, {resultTypes: ['violations']});
            return {violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' '))}))};
        }""",
        scope,
    )


def test_axe_finds_a_planted_violation(browser_page, tmp_path):
    """The control: axe in this set-up does report a serious violation inside <article>."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<article class="bd-article"><h1>Bad</h1><img src="x.png">'
        '<a href="#"></a></article></main></body></html>'
    )
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run_axe(browser_page, f"http://127.0.0.1:{server.server_address[1]}/bad.html")
    finally:
        server.shutdown()
        server.server_close()
    ids = {v["id"] for v in result["violations"] if v["impact"] in FAILING_IMPACTS}
    assert {"image-alt", "link-name"} <= ids, result


@pytest.mark.site
def test_axe_no_serious_or_critical_violation_in_the_content(site, served, browser_page):
    report: dict[str, dict] = {}
    failures = []
    for path in site_pages(site):
        rel = path.relative_to(site).as_posix()
        if is_redirect(site / rel):
            continue  # index.html only forwards to the first chapter
        result = run_axe(browser_page, served + rel)
        if "missing" in result:
            # genindex/search have no article body of ours: nothing of the book to check
            report[rel] = {"scope": "no <article>"}
            continue
        counts: dict[str, int] = {}
        for v in result["violations"]:
            counts[v["impact"]] = counts.get(v["impact"], 0) + len(v["nodes"])
            if v["impact"] in FAILING_IMPACTS:
                failures.append(f"{rel}: [{v['impact']}] {v['id']} ({v['help']}) at {v['nodes']}")
        report[rel] = counts
    out = site.parent / "a11y"
    out.mkdir(exist_ok=True)
    (out / "axe.json").write_text(json.dumps(report, indent=1, sort_keys=True))
    assert sum(1 for r in report.values() if "scope" not in r) >= 3, report
    assert not failures, "\n".join(failures)
