"""The spreadsheet view of one iteration in a real browser (Debian's Chromium, Playwright;
tests/browser/conftest.py).

Opens the built page, steps through the frames with the arrow keys and the buttons, and
compares what is highlighted and the arithmetic shown with ``nncode.stepthrough`` run
here on the chapter's data.

Re-run alone: .venv/bin/python -m pytest tests/browser/test_stepthrough_view.py -q
"""

from __future__ import annotations

import numpy as np
import pytest
from sitecheck import local_only

from nncode import classic
from nncode.stepthrough import stepthrough


@pytest.fixture(scope="module")
def expected():
    X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
    y = np.array([[1], [1], [0]], dtype=float)
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
