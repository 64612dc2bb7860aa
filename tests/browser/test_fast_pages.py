"""The fast pages in a real browser (Debian's Chromium, tests/browser/conftest.py): the
formulas, rendered when the book was built (tools/sphinx_ext/nnbook_math.py), show with
KaTeX's fonts from the site and no error; no TeX is left as text; a wide formula scrolls
in its box on a phone instead of widening the page; the theme's icons, drawn by
nnbook-speed.css instead of Font Awesome's script, are visible and their buttons keep
their names; and nothing on the page moves once it has painted.

Re-run alone: .venv/bin/python -m pytest tests/browser/test_fast_pages.py -q
"""

from __future__ import annotations

import pytest
from sitecheck import local_only

MATH_PAGES = [
    "book/notation.html",
    "book/part2/chain-rule.html",
    "book/part2/deltas.html",
    "book/part3/nn-class.html",
    "book/part4/math.html",
]

# the visible text of the article, code and the (unrendered) MathML annotations left out
VISIBLE_TEXT = """() => {
  const article = document.querySelector("article.bd-article").cloneNode(true);
  article.querySelectorAll("pre, code, script, style, annotation").forEach((n) => n.remove());
  return article.innerText;
}"""


@pytest.fixture
def open_page(browser, site_url):
    contexts = []

    def open_(rel: str, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.route("**/*", local_only)
        page.errors = []
        page.requests = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("request", lambda r: page.requests.append(r.url))
        page.goto(f"{site_url}/{rel}", wait_until="load")
        page.evaluate("document.fonts.ready")
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("rel", MATH_PAGES)
def test_formulas_show_with_katex_fonts_and_no_error(open_page, rel):
    page = open_page(rel)
    assert page.locator(".katex").count() >= 5
    assert page.locator(".katex-error").count() == 0
    # every formula has a drawing with a size and MathML for screen readers
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.katex')].map((k) => {
            const r = k.querySelector('.katex-html').getBoundingClientRect();
            return [r.width, r.height, k.querySelectorAll('.katex-mathml math').length];
        })"""
    )
    assert all(w > 0 and h > 0 and n == 1 for w, h, n in sizes), sizes[:5]
    assert page.evaluate(
        "document.fonts.check('16px KaTeX_Main') && document.fonts.check('16px KaTeX_Math')"
    )
    loaded = page.evaluate(
        "[...document.fonts].filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded').length"
    )
    assert loaded >= 2
    text = page.evaluate(VISIBLE_TEXT)
    for tex in ("$$", "\\frac", "\\partial", "\\begin", "\\w{", "\\("):
        assert tex not in text, f"{rel} shows raw TeX {tex!r}"
    assert not [u for u in page.requests if "mathjax" in u.lower()]
    assert page.errors == []


def test_a_wide_formula_scrolls_in_its_box_on_a_phone(open_page):
    page = open_page("book/part2/deltas.html", width=360, height=740)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] + 1, f"the page is {widths[0]} px wide on a 360 px screen"


def test_math_inside_a_hidden_solution_shows_when_opened(open_page):
    page = open_page("book/part2/chain-rule.html")
    solution = page.locator(".solution.dropdown:has(.katex)").first
    formula = solution.locator(".katex-html").first
    assert not formula.is_visible()  # the solution starts folded (togglebutton.js)
    solution.locator(".toggle-button").first.click()
    formula.wait_for(state="visible")
    assert formula.bounding_box()["width"] > 0
    assert page.errors == []


def test_icons_are_drawn_and_buttons_keep_their_names(open_page):
    page = open_page("book/part2/deltas.html")
    assert not [u for u in page.requests if "fontawesome" in u]
    icons = page.evaluate(
        """() => [...document.querySelectorAll('.fa-solid, .fa-brands, .fas, .fab')]
            .filter((i) => i.getClientRects().length)
            .map((i) => {
                const b = getComputedStyle(i, '::before');
                return [i.className, parseFloat(b.width), b.maskImage || b.webkitMaskImage];
            })"""
    )
    assert len(icons) >= 4
    for name, width, mask in icons:
        assert width > 0 and mask.startswith('url("data:image/svg+xml'), (name, width, mask)
    buttons = page.evaluate(
        """() => [...document.querySelectorAll('header button, .bd-header-article button')]
            .filter((b) => b.getClientRects().length)
            .map((b) => [b.getAttribute('aria-label') || b.title || b.textContent.trim(),
                         b.outerHTML.slice(0, 120)])"""
    )
    assert len(buttons) >= 4
    nameless = [html for name, html in buttons if not name]
    assert nameless == []
    assert page.errors == []


@pytest.mark.parametrize(
    "rel", ["book/part1/layers.html", "book/part4/one_iteration.html", "book/part5/digits.html"]
)
@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_moves_after_the_first_paint(browser, site_url, rel, width):
    """Cumulative layout shift, as the browser reports it, over the load and the start of
    the figures' scripts, scrolled through the page (lazy images arrive on the way)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.route("**/*", local_only)
        page.add_init_script(
            """window.__shift = 0;
            new PerformanceObserver((list) => {
                for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
            }).observe({type: 'layout-shift', buffered: true});"""
        )
        page.goto(f"{site_url}/{rel}", wait_until="load")
        page.wait_for_timeout(500)
        height = page.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height, 600):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(60)
        page.wait_for_timeout(300)
        shift = page.evaluate("window.__shift")
        assert shift <= 0.1, f"{rel} at {width} px: layout shift {shift:.3f}"
    finally:
        context.close()
