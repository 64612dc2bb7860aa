"""The interactive diagrams in a real browser: Debian's Chromium driven by Playwright.

The built site (`make test` builds it first), served on 127.0.0.1 and opened in the
browser tier's Chromium (tests/browser/conftest.py); each diagram is checked:
the number of neurons, receptors and edges, that clicks and keys send impulses, that
rows and columns of W light up their edges, the forward and backward values against a
computation done here, console errors, requests leaving 127.0.0.1, dark mode and
a phone-width layout, and that the drawing follows the geometry and colours that nncode
sends with the data. Screenshots go to _build/screenshots/.

Re-run alone: .venv/bin/python -m pytest tests/browser/test_diagram_component.py -q
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from booktest import ROOT

from nncode.data import example
from nncode.diagrams import PALETTE

SHOTS = ROOT / "_build" / "screenshots"

EXAMPLE = [2, 3, 2, 1]
WALKTHROUGH = [4, 3, 1]


def counts(dims: list[int], receptors: bool) -> dict[str, int]:
    return {
        "neurons": sum(dims),
        "receptors": sum(dims[1:]) if receptors else 0,
        "edges": sum(a * b for a, b in itertools.pairwise(dims)),
    }


def example_by_hand(sample: int) -> dict[str, list[np.ndarray]]:
    """Forward values and deltas of the worked example, written out without nncode.NN."""
    P, X, Y = example.PARAMS, example.X, example.Y
    n = X.shape[0]
    z1 = X @ P["W1"] + P["b1"]
    x1 = np.maximum(z1, 0)
    z2 = x1 @ P["W2"] + P["b2"]
    x2 = np.maximum(z2, 0)
    z3 = x2 @ P["W3"] + P["b3"]
    d3 = (z3 - Y) / n  # J = 1/(2n) sum (y_hat - y)^2, identity output
    d2 = (d3 @ P["W3"].T) * (z2 > 0)
    d1 = (d2 @ P["W2"].T) * (z1 > 0)
    return {
        "x": [a[sample] for a in (X, x1, x2, z3)],
        "z": [a[sample] for a in (z1, z2, z3)],
        "delta": [a[sample] for a in (d1, d2, d3)],
    }


class Visit:
    """A page opened in a fresh context, with its console errors and requests recorded."""

    def __init__(self, browser, url: str, dark: bool = False, width: int = 1280):
        self.context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme="dark" if dark else "light",
            reduced_motion="no-preference",
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="networkidle")

    def _console(self, message) -> None:
        # a failed load is recorded with its URL by _response instead
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response) -> None:
        # the browser asks for /favicon.ico by itself; the book has none (not a page error)
        if response.status >= 400 and urlparse(response.url).path != "/favicon.ico":
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    opened: list[Visit] = []

    def open_page(rel: str, **kw) -> Visit:
        v = Visit(browser, f"{site_url}/{rel}", **kw)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


def all_pages(site: Path) -> list[str]:
    files = re.findall(r"file:\s*(\S+)", (ROOT / "_toc.yml").read_text())
    return [f"{f}.html" for f in ["book/intro", *files] if (site / f"{f}.html").exists()]


def figure_data(html: str, kind: str) -> list[dict]:
    """The data of each figure of ``kind`` in a built page, in page order."""
    pattern = rf'data-nn-figure="{kind}">.*?class="nn-figure-data">(.*?)</script>'
    return [json.loads(p) for p in re.findall(pattern, html, re.DOTALL)]


def diagrams(site: Path) -> dict[str, list[dict]]:
    """page -> the data of each diagram on it, in page order (read from the built HTML)."""
    found = {}
    for rel in all_pages(site):
        payloads = figure_data((site / rel).read_text(encoding="utf-8"), "diagram")
        if payloads:
            found[rel] = payloads
    return found


def find(site: Path, what: str, test) -> tuple[str, int]:
    """The page and index of the first diagram whose data passes ``test``."""
    for rel, datas in diagrams(site).items():
        for n, data in enumerate(datas):
            if test(data):
                return rel, n
    pytest.fail(f"no page of the book shows {what}")


def plain_example(d: dict) -> bool:
    return d["layers"] == EXAMPLE and not d["receptors"] and d["W"] is None


def receptor_example(d: dict) -> bool:
    return d["layers"] == EXAMPLE and d["receptors"] and d["x"] is None


def backward_example(d: dict) -> bool:
    return d["layers"] == EXAMPLE and d["delta"] is not None and d["sample"] == 0


def highlighted_example(d: dict) -> bool:
    return d["layers"] == EXAMPLE and d["W"] is not None and d["highlight"] is not None


def test_every_page_loads_without_errors_and_stays_on_localhost(site, visit):
    pages = all_pages(site)
    with_diagrams = diagrams(site)
    assert len(pages) >= 5 and 0 < len(with_diagrams) < len(pages)
    for rel in pages:
        v = visit(rel)
        assert v.errors == [], f"{rel}: console errors {v.errors}"
        outside = [u for u in v.requests if urlparse(u).hostname not in ("127.0.0.1", None)]
        outside = [u for u in outside if not u.startswith("data:")]
        assert outside == [], f"{rel} loads from other hosts: {outside}"
        # d3 and the component only where a diagram is, loaded deferred
        d3 = [u for u in v.requests if "/_static/d3/" in u or "/nnfigure/diagram." in u]
        has_diagram = v.page.locator("figure.nn-diagram").count() > 0
        assert len(d3) == 3 * has_diagram and has_diagram == (rel in with_diagrams), (rel, d3)
        blocking = v.page.evaluate(
            "[...document.scripts].filter(s => /nnfigure|d3/.test(s.src) && !s.defer).length"
        )
        assert blocking == 0, rel
        v.close()


def test_each_diagram_draws_its_neurons_receptors_and_edges(site, visit):
    found = diagrams(site)
    # the chapters the issue asks for: Part II's worked example and the walk-through
    for what, test in [
        ("the plain [2, 3, 2, 1] example", plain_example),
        ("the example with receptors", receptor_example),
        ("a highlighted row or column of W", highlighted_example),
        ("the example's backward pass", backward_example),
        ("the walk-through's 4-3-1 network", lambda d: d["layers"] == WALKTHROUGH),
    ]:
        find(site, what, test)
    for rel, datas in found.items():
        v = visit(rel)
        figs = v.page.locator("figure.nn-diagram")
        assert figs.count() == len(datas), rel
        for n, data in enumerate(datas):
            fig, dims = figs.nth(n), data["layers"]
            want = counts(dims, data["receptors"])
            assert fig.locator("svg .nn-neuron").count() == want["neurons"], (rel, n)
            assert fig.locator("svg .nn-receptor").count() == want["receptors"], (rel, n)
            assert fig.locator("svg line.nn-edge").count() == want["edges"], (rel, n)
            titles = fig.locator(".nn-layer-title").all_text_contents()
            assert titles == [f"Layer {l}" for l in range(len(dims))]
            # the JavaScript replaced the static fallback picture
            assert fig.locator(".nn-figure-static").count() == 0
            # labels in the book's notation: x(l)k on neurons, w(l)i,j from i to j
            label = fig.locator(f'.nn-neuron[data-l="1"][data-k="{dims[1]}"] .nn-label')
            assert label.text_content() == f"x(1){dims[1]}"
            assert f"w(1){dims[0]},1" in fig.locator(".nn-wlabel").all_text_contents()
        assert v.errors == [], rel
        v.close()


UNIT = 64  # pixels per layout unit in assets/diagram.js


def test_the_drawing_follows_the_layout_that_nncode_sends(site, visit):
    """Geometry is defined once (nncode.diagrams.layout): the browser puts every neuron and
    receptor where the static picture puts it, scaled by one factor."""
    rel, n = find(site, "the example's backward pass", backward_example)
    data = diagrams(site)[rel][n]
    g = data["layout"]
    v = visit(rel)
    fig = v.page.locator("figure.nn-diagram").nth(n)
    moves = fig.locator("svg .nn-neuron, svg .nn-receptor").evaluate_all(
        "gs => gs.map(g => [g.classList[0], +g.dataset.l, +g.dataset.k,"
        " g.transform.baseVal[0].matrix.e, g.transform.baseVal[0].matrix.f])"
    )
    assert len(moves) == sum(EXAMPLE) + sum(EXAMPLE[1:])
    for kind, l, k, x, y in moves:
        cx, cy = g["neurons"][l][k - 1]
        if kind == "nn-receptor":
            cx -= g["receptor_dx"]
        assert (x, y) == (pytest.approx(cx * UNIT), pytest.approx(cy * UNIT)), (kind, l, k)
    radius = float(fig.locator("svg .nn-neuron circle").first.get_attribute("r"))
    assert radius == pytest.approx(g["r"] * UNIT)
    view = fig.locator("svg").get_attribute("viewBox").split()
    assert [float(w) for w in view[2:]] == pytest.approx([g["width"] * UNIT, g["height"] * UNIT])
    # the drawing takes the box of its static picture: nothing moves when it replaces it
    room = fig.locator(".nn-figure-live").evaluate("host => host.clientWidth")
    box = fig.locator("svg").bounding_box()
    width = min(room, g["width"] * g["pixels"])
    assert box["width"] == pytest.approx(width, abs=1)
    assert box["height"] == pytest.approx(width * g["height"] / g["width"], abs=1)


def test_a_click_sends_an_impulse_layer_by_layer(site, visit):
    rel, n = find(site, "the plain [2, 3, 2, 1] example", plain_example)
    v = visit(rel)
    fig = v.page.locator("figure.nn-diagram").nth(n)
    assert fig.locator(".nn-impulse").count() == 0
    fig.locator('.nn-neuron[data-l="0"][data-k="1"]').click()
    fig.locator(".nn-impulse").first.wait_for(state="attached", timeout=2000)
    # a handle keeps the same dot even after it reaches its neuron and leaves the page
    dot = fig.locator(".nn-impulse").first.element_handle()
    x0 = float(dot.get_attribute("cx"))
    v.page.wait_for_timeout(250)
    assert float(dot.get_attribute("cx")) > x0, "the impulse should move to the right"
    # it reaches layer 1, then goes on to the next layers
    fig.locator('.nn-neuron.nn-hit[data-l="1"]').first.wait_for(timeout=3000)
    fig.locator('.nn-neuron.nn-hit[data-l="3"]').first.wait_for(timeout=6000)
    assert v.errors == []


def test_enter_on_a_focused_receptor_sends_an_impulse(site, visit):
    rel, n = find(site, "the example with receptors", receptor_example)
    v = visit(rel)
    fig = v.page.locator("figure.nn-diagram").nth(n)
    box = fig.locator('.nn-receptor[data-l="2"][data-k="1"]')
    assert box.get_attribute("aria-label").startswith("z(2)1: receptor 1 of layer 2.")
    box.focus()
    v.page.keyboard.press("Enter")
    fig.locator(".nn-impulse").first.wait_for(state="attached", timeout=2000)
    fig.locator('.nn-neuron.nn-hit[data-l="2"][data-k="1"]').wait_for(timeout=3000)
    fig.locator('.nn-receptor.nn-hit[data-l="3"]').wait_for(timeout=4000)


def lit_edges(fig) -> list[tuple[int, int, int]]:
    return [
        tuple(int(e.get_attribute(a)) for a in ("data-l", "data-i", "data-j"))
        for e in fig.locator("line.nn-edge.nn-lit").all()
    ]


def edges_of(highlight: dict) -> list[tuple[int, int, int]]:
    """The edges that a row (from neuron i) or column (into neuron j) of W(l) holds."""
    l, k = highlight["layer"], highlight["index"]
    if highlight["kind"] == "row":
        return [(l, k, j) for j in range(1, EXAMPLE[l] + 1)]
    return [(l, i, k) for i in range(1, EXAMPLE[l - 1] + 1)]


def test_rows_and_columns_of_w_light_up_their_edges(site, visit):
    rel, n = find(site, "a highlighted row or column of W", highlighted_example)
    v = visit(rel)
    fig = v.page.locator("figure.nn-diagram").nth(n)
    # the chapter's choice is lit at start
    assert sorted(lit_edges(fig)) == edges_of(diagrams(site)[rel][n]["highlight"])
    fig.locator('table.nn-matrix[data-l="1"] button.nn-col[data-index="3"]').hover()
    assert sorted(lit_edges(fig)) == [(1, 1, 3), (1, 2, 3)]
    fig.locator('table.nn-matrix[data-l="2"] button.nn-row[data-index="3"]').click()
    v.page.mouse.move(0, 0)
    assert sorted(lit_edges(fig)) == [(2, 3, 1), (2, 3, 2)]
    assert fig.locator("line.nn-edge.nn-dim").count() == 4  # the rest of W(2)
    # edge colour and width follow the weights: w(2)1,2 = -0.6 is negative
    neg = fig.locator('line.nn-edge[data-l="2"][data-i="1"][data-j="2"]')
    assert "nn-neg" in neg.get_attribute("class")


def test_forward_and_backward_values_match_a_hand_computation(site, visit):
    rel, n = find(site, "the example's backward pass", backward_example)
    v = visit(rel)
    fig = v.page.locator("figure.nn-diagram").nth(n)
    want = example_by_hand(sample=0)
    for l, dim in enumerate(EXAMPLE):
        for k in range(dim):
            node = fig.locator(f'.nn-neuron[data-l="{l}"][data-k="{k + 1}"] .nn-value')
            assert float(node.get_attribute("data-value")) == pytest.approx(want["x"][l][k])
            if l:
                box = fig.locator(f'.nn-receptor[data-l="{l}"][data-k="{k + 1}"]')
                z = float(box.locator(".nn-value").get_attribute("data-value"))
                d = float(box.locator(".nn-delta").get_attribute("data-value"))
                assert z == pytest.approx(want["z"][l - 1][k])
                assert d == pytest.approx(want["delta"][l - 1][k], abs=1e-12)
    # the backward pass plays from the output back and ends with every delta shown
    fig.locator("button.nn-play-backward").click()
    fig.locator(".nn-impulse-back").first.wait_for(state="attached", timeout=2000)
    assert fig.locator(".nn-delta.nn-on").count() < sum(EXAMPLE[1:])
    fig.locator("svg.nn-backward-shown").wait_for(timeout=8000)
    assert fig.locator(".nn-delta.nn-on").count() == sum(EXAMPLE[1:])
    assert "Backward pass done" in fig.locator(".nn-status").text_content()
    assert v.errors == []


def fill_of_first_neuron(page) -> str:
    return page.evaluate(
        "getComputedStyle(document.querySelector('figure.nn-diagram .nn-neuron circle')).fill"
    )


def rgb(hex_colour: str) -> str:
    """#rrggbb as the browser's computed style writes it."""
    r, g, b = (int(hex_colour[k : k + 2], 16) for k in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_light_dark_and_phone_layouts(site, visit):
    SHOTS.mkdir(parents=True, exist_ok=True)
    rel, n = find(site, "the example's backward pass", backward_example)
    light = visit(rel)
    fig = light.page.locator("figure.nn-diagram").nth(n)
    fig.screenshot(path=str(SHOTS / "diagram-light.png"))
    light_fill = fill_of_first_neuron(light.page)

    dark = visit(rel, dark=True)
    assert dark.page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark.page.locator("figure.nn-diagram").nth(n).screenshot(path=str(SHOTS / "diagram-dark.png"))
    dark_fill = fill_of_first_neuron(dark.page)
    # the colours nncode's static picture uses too, and the dark ones in dark mode
    assert light_fill == rgb(PALETTE["light"]["node"]) == "rgb(243, 246, 251)"
    assert dark_fill == rgb(PALETTE["dark"]["node"])
    assert dark.errors == []
    # the reader switches the mode on the page: the drawing follows at once
    light.page.evaluate("document.documentElement.dataset.theme = 'dark'")
    assert fill_of_first_neuron(light.page) == dark_fill

    phone = visit(rel, width=390)
    pfig = phone.page.locator("figure.nn-diagram").nth(n)
    pfig.scroll_into_view_if_needed()
    pfig.screenshot(path=str(SHOTS / "diagram-phone.png"))
    box = pfig.locator("svg").bounding_box()
    assert box is not None and box["width"] <= 390 and box["x"] >= 0
    # the page does not scroll sideways because of a diagram
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    for name in ("light", "dark", "phone"):
        assert (SHOTS / f"diagram-{name}.png").stat().st_size > 5000


def test_without_javascript_each_diagram_is_a_picture(site, browser, site_url):
    rel = find(site, "the example's backward pass", backward_example)[0]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/{rel}")
        pictures = page.locator("figure.nn-diagram .nn-figure-static img")
        assert pictures.count() == len(diagrams(site)[rel])
        first = pictures.nth(0)
        assert first.get_attribute("alt").startswith("A feedforward network with layer sizes")
        assert first.evaluate("img => img.naturalWidth") > 300
        # the page reserved the picture's size: it does not move the text when it arrives
        assert first.evaluate("img => img.naturalWidth") == int(first.get_attribute("width"))
        # in the box that the drawing takes with JavaScript (see the layout test)
        g = diagrams(site)[rel][0]["layout"]
        room = first.evaluate("img => img.parentElement.clientWidth")
        width = min(room, g["width"] * g["pixels"])
        box = first.bounding_box()
        assert box["width"] == pytest.approx(width, abs=1)
        assert box["height"] == pytest.approx(width * g["height"] / g["width"], abs=1.5)
        assert page.locator("figure.nn-diagram svg").count() == 0
    finally:
        context.close()


def test_dense_layers_show_weight_labels_only_for_lit_edges(site, visit):
    rel, n = find(site, "the walk-through's 4-3-1 network", lambda d: d["layers"] == WALKTHROUGH)
    v = visit(rel)
    fig = v.page.locator("figure.nn-diagram").nth(n)
    # 4 x 3 = 12 edges into layer 1 are too many to label; the 3 into layer 2 are labelled
    visible = fig.locator(".nn-wlabel:visible")
    assert visible.count() == 3
    assert all("w(2)" in t for t in visible.all_text_contents())
    fig.locator('table.nn-matrix[data-l="1"] button.nn-row[data-index="4"]').hover()
    texts = sorted(fig.locator(".nn-wlabel:visible").all_text_contents())
    assert [t for t in texts if t.startswith("w(1)")] == [f"w(1)4,{j}" for j in (1, 2, 3)]
    assert v.errors == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_diagrams_pass_axe_accessibility_checks(site, visit, axe_js, dark):
    """axe-core (npm, tools/a11y) on our own content: the diagram figures."""
    for rel in diagrams(site):
        v = visit(rel, dark=dark)
        v.page.add_script_tag(path=str(axe_js))
        result = v.page.evaluate(
            "axe.run({include: [['figure.nn-diagram']]}, {resultTypes: ['violations']})"
        )
        problems = [
            (r["id"], r["impact"], [n["target"] for n in r["nodes"]][:3])
            for r in result["violations"]
        ]
        assert problems == [], rel
        assert len(result["passes"]) > 5  # axe really looked at the figures
        v.close()


FEEDBACK_CSS = ROOT / "assets" / "feedback.css"


# feedback.css is one file: its look in a browser is checked on a few pages that show
# feedback (every page is visited by test_every_page_loads_without_errors_and_stays_on_
# localhost and by the axe test of the content); every page with feedback links it
FEEDBACK_PAGES_SHOWN = 3


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_exercise_feedback_gets_its_style_and_is_readable(site, visit, axe_js, dark):
    """Feedback of the exercise checks uses the figures' mechanism without a component: the
    pages that show it link feedback.css (and no script for it); it is styled and passes
    axe-core, colour contrast included, in light and dark mode."""
    assert FEEDBACK_CSS.exists(), "assets/feedback.css (the exercise kit's style) is missing"
    pages = [
        rel
        for rel in all_pages(site)
        if 'data-nn-figure="feedback"' in (site / rel).read_text(encoding="utf-8")
    ]
    assert pages, (
        'no page marks its exercise feedback with data-nn-figure="feedback": the element '
        "that Feedback._repr_html_ (nncode/exercises) writes must carry it"
    )
    for rel in pages:
        raw = (site / rel).read_text(encoding="utf-8")
        assert re.search(r'href="[^"]*_static/nnfigure/feedback\.css', raw), rel
        assert "nnfigure/feedback.js" not in raw, rel
    checked = 0
    for rel in pages:
        if checked == FEEDBACK_PAGES_SHOWN:
            break
        v = visit(rel, dark=dark)
        assert any("/_static/nnfigure/feedback.css" in u for u in v.requests), rel
        shown = v.page.locator('[data-nn-figure="feedback"]:visible')
        for k in range(shown.count()):
            box = shown.nth(k).evaluate(
                "e => { const s = getComputedStyle(e);"
                " return [s.backgroundColor, s.borderTopWidth, s.borderLeftWidth]; }"
            )
            assert box != ["rgba(0, 0, 0, 0)", "0px", "0px"], f"{rel}: feedback has no style"
        if shown.count():
            checked += 1
            v.page.add_script_tag(path=str(axe_js))
            result = v.page.evaluate(
                "axe.run({include: [['[data-nn-figure=\"feedback\"]']]},"
                " {resultTypes: ['violations']})"
            )
            assert [(r["id"], r["impact"]) for r in result["violations"]] == [], rel
            assert any(r["id"] == "color-contrast" for r in result["passes"]), rel
        assert v.errors == [], rel
        v.close()
    assert checked, "no page shows exercise feedback outside a closed solution"
