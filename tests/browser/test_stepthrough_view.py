"""The spreadsheet view of one iteration in a real browser (Debian's Chromium, Playwright;
tests/browser/conftest.py).

Opens the built page, steps through the frames with the arrow keys and the buttons, and
compares what is highlighted and the arithmetic shown with ``nncode.stepthrough`` run
here on the chapter's data; checks that the view comes from the site's deferred files
(``assets/figure.js``, ``assets/stepthrough.js``), that readers without JavaScript see its
static frames, and axe-core in light and dark mode (screenshots in _build/screenshots/).

Re-run alone: .venv/bin/python -m pytest tests/browser/test_stepthrough_view.py -q
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from booktest import ROOT
from sitecheck import local_only

from nncode import classic
from nncode.data import twelve_step_data
from nncode.stepthrough import stepthrough

SHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def expected():
    X, y = twelve_step_data()
    return stepthrough(classic.ClassicMLP(4, 3, 1, rng=np.random.RandomState(0)), X, y, 0.1)


@pytest.fixture(scope="module")
def page(browser, site_url):
    opened = []

    def open_page(rel: str):
        pg = browser.new_page()
        opened.append(pg)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        # the page must work offline: refuse everything that is not the local server
        pg.route("**/*", local_only)
        pg.goto(f"{site_url}/{rel}", wait_until="load")
        return pg, errors

    # the theme's own scripts may raise errors on every page (a page without the
    # view is the baseline); only errors beyond those count against the view
    _, baseline = open_page("book/part4/walkthrough.html")
    pg, errors = open_page("book/part4/one_iteration.html")
    pg.js_errors = lambda: [e for e in errors if e not in baseline]  # type: ignore[attr-defined]
    yield pg
    for opened_page in opened:
        opened_page.close()


def state(pg):
    root = pg.locator(".nnst")
    return {
        "pos": root.locator(".nnst-pos").inner_text(),
        "formula": root.locator(".nnst-formula").inner_text(),
        "tables": root.locator("table").evaluate_all("ts => ts.map(t => t.dataset.matrix)"),
        "target": root.locator("td.nnst-target").evaluate_all(
            "cs => cs.map(c => [c.closest('table').dataset.matrix, +c.dataset.i, +c.dataset.j])"
        ),
        "reads": sorted(
            root.locator("td.nnst-read").evaluate_all(
                "cs => cs.map(c => [c.closest('table').dataset.matrix, +c.dataset.i, +c.dataset.j])"
            )
        ),
    }


def test_keyboard_and_buttons_step_through_every_frame(page, expected):
    assert page.locator(".nnst").count() == 1
    page.locator(".nnst").focus()
    s = state(page)
    assert s["pos"].startswith("Steps 0 and 1:") and s["target"] == []
    assert s["tables"] == expected["frames"][0]["shown"]
    for k, frame in enumerate(expected["frames"][1:], start=1):
        page.keyboard.press("ArrowRight")
        s = state(page)
        assert s["pos"].startswith(f"Step {frame['step']}:"), s["pos"]
        assert f"({k + 1} of {len(expected['frames'])})" in s["pos"]
        assert s["tables"] == frame["shown"]
        assert s["target"] == [[frame["target"], 0, 0]]
        assert s["reads"] == sorted(frame["cells"][0][0]["reads"])
        assert s["formula"].endswith(frame["cells"][0][0]["formula"])
    assert page.locator(".nnst-next").is_disabled()
    page.keyboard.press("ArrowRight")  # stays on the last frame
    assert state(page)["pos"].startswith("Step 11")
    page.locator(".nnst-prev").click()
    assert state(page)["target"] == [[expected["frames"][-2]["target"], 0, 0]]
    page.keyboard.press("ArrowLeft")
    assert state(page)["target"] == [[expected["frames"][-3]["target"], 0, 0]]
    assert page.js_errors() == []


def test_clicking_a_result_cell_explains_that_cell(page, expected):
    page.locator(".nnst").focus()
    for _ in range(len(expected["frames"])):
        page.keyboard.press("ArrowLeft")
    page.locator(".nnst-next").click()  # step 2: hidden_layer_input
    frame = expected["frames"][1]
    page.locator("table[data-matrix='hidden_layer_input'] td[data-i='2'][data-j='1']").click()
    s = state(page)
    assert s["target"] == [["hidden_layer_input", 2, 1]]
    assert s["reads"] == sorted(frame["cells"][2][1]["reads"])
    assert s["formula"] == "hidden_layer_input[2, 1] = " + frame["cells"][2][1]["formula"]
    assert page.js_errors() == []


def test_a_result_cell_can_be_chosen_with_the_keyboard(page, expected):
    page.locator(".nnst").focus()
    for _ in range(len(expected["frames"])):
        page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")  # step 2: hidden_layer_input
    page.locator("table[data-matrix='hidden_layer_input'] td[data-i='1'][data-j='2']").focus()
    page.keyboard.press("Enter")
    s = state(page)
    assert s["target"] == [["hidden_layer_input", 1, 2]]
    assert s["reads"] == sorted(expected["frames"][1]["cells"][1][2]["reads"])
    focused = page.evaluate("[document.activeElement.dataset.i, document.activeElement.dataset.j]")
    assert focused == ["1", "2"]
    assert page.js_errors() == []


def test_the_view_comes_from_deferred_files_of_the_site(site, page):
    """No code in the cell output: the page loads the runtime and the component, deferred,
    and the component replaced the static version."""
    raw = (site / "book/part4/one_iteration.html").read_text(encoding="utf-8")
    output = re.search(r'<figure class="nn-figure nn-stepthrough".*?</figure>', raw, re.DOTALL)
    assert output and "<style" not in output.group(0) and "<script>" not in output.group(0)
    assert "nnstMount" not in raw
    scripts = page.evaluate(
        "[...document.scripts].filter(s => s.src.includes('/nnfigure/'))"
        ".map(s => [s.src.split('/nnfigure/')[1].split('?')[0], s.defer])"
    )
    # live.js is the live-code launcher of every page with code; the figure runtime and the
    # step-through component come with it, all deferred
    assert sorted(scripts) == [["figure.js", True], ["live.js", True], ["stepthrough.js", True]]
    assert page.evaluate("typeof d3") == "undefined"  # d3 only where a diagram is
    figure = page.locator("figure.nn-stepthrough")
    assert figure.count() == 1 and figure.locator(".nn-figure-static").count() == 0


STATIC = ("hidden_layer_input", "Error_at_hidden_layer")


def test_without_javascript_two_frames_show_as_tables(site, browser, expected):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto((site / "book/part4/one_iteration.html").as_uri())
        static = pg.locator("figure.nn-stepthrough .nn-figure-static")
        assert static.is_visible()
        by_target = {f["target"]: f for f in expected["frames"]}
        for target in STATIC:
            cell = static.locator(f"table[data-matrix='{target}'] td.nnst-target")
            assert cell.count() == 1
            shown = float(cell.inner_text().replace("\u2212", "-"))
            assert shown == pytest.approx(expected["matrices"][target][0][0], abs=5e-5)
            assert by_target[target]["cells"][0][0]["formula"] in static.inner_text()
        reads = sum(len(by_target[t]["cells"][0][0]["reads"]) for t in STATIC)
        assert static.locator("td.nnst-read").count() == reads
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_view_is_readable_in_light_and_dark_mode(site, browser, axe_js, scheme):
    """axe-core on the view, with a frame that marks cells, in each colour mode."""
    context = browser.new_context(color_scheme=scheme)
    try:
        pg = context.new_page()
        pg.goto((site / "book/part4/one_iteration.html").as_uri(), wait_until="load")
        assert pg.evaluate("document.documentElement.dataset.theme") == scheme
        pg.locator(".nnst-next").click()  # step 2: the target and the cells it reads
        assert pg.locator(".nnst td.nnst-read").count() > 0
        pg.add_script_tag(path=str(axe_js))
        result = pg.evaluate(
            "axe.run({include: [['figure.nn-stepthrough']]}, {resultTypes: ['violations']})"
        )
        problems = [(r["id"], [n["target"] for n in r["nodes"]][:3]) for r in result["violations"]]
        assert problems == []
        assert any(r["id"] == "color-contrast" for r in result["passes"])
        SHOTS.mkdir(parents=True, exist_ok=True)
        figure = pg.locator("figure.nn-stepthrough")
        figure.screenshot(path=str(SHOTS / f"stepthrough-{scheme}.png"))
    finally:
        context.close()
