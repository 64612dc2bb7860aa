"""Live code in a real browser: the `make live` site, a local Jupyter server, Chromium.

The fixture serves the live site on 127.0.0.1 and starts a Jupyter server (both stopped
at the end, the Jupyter server within a bounded time), writes the site's
`_thebe/server.json`, and the browser tier's Chromium (tests/browser/conftest.py) does
what a reader does: activate live code on the walk-through chapter, run a cell, edit it,
run it again and see the new output.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator

import pytest
from booktest import ROOT, require
from sitecheck import serve

sys.path.insert(0, str(ROOT / "tools"))
import live_serve

LIVE_SITE = ROOT / "_build" / "live" / "_build" / "html"
CHAPTER = "book/part4/walkthrough.html"
TIMEOUT_MS = int(os.environ.get("NNBOOK_LIVE_TIMEOUT_MS", "90000"))


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of the live site, with a local Jupyter server that it is configured to use."""
    require(
        (LIVE_SITE / "_thebe" / "index.js").exists(),
        f"the live site is not built ({LIVE_SITE}; make live-html)",
    )
    with serve(LIVE_SITE) as origin:
        jupyter_port = live_serve.free_port()
        token = secrets.token_hex(16)
        log = tmp_path_factory.mktemp("jupyter") / "server.log"
        jupyter = live_serve.start_jupyter(jupyter_port, token, origin, log, timeout=60)
        settings = live_serve.write_settings(LIVE_SITE, jupyter_port, token)
        try:
            yield origin
        finally:
            settings.unlink(missing_ok=True)
            stop(jupyter)


def stop(jupyter: subprocess.Popen) -> None:
    """Stop the Jupyter server, killing it if it has not ended within 20 s."""
    jupyter.terminate()
    try:
        jupyter.wait(timeout=20)
    except subprocess.TimeoutExpired:
        jupyter.kill()
        jupyter.wait(timeout=10)


@pytest.fixture(scope="module")
def page(browser, live_site: str):
    pg = browser.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(f"{live_site}/{CHAPTER}")
    pg.requests = requests  # type: ignore[attr-defined]
    yield pg
    pg.close()


def cell_output(pg, index: int) -> str:
    return pg.locator(f"div.cell#codecell{index} .thebe-output").inner_text()


def run_cell(pg, index: int, expected: str = "") -> str:
    """Click the cell's run button; wait until its output shows `expected`; return it."""
    pg.locator(f"div.cell#codecell{index} .thebe-run-button").click()
    if expected:
        pg.wait_for_function(
            """([sel, text]) => (document.querySelector(sel)?.innerText || "").includes(text)""",
            arg=[f"div.cell#codecell{index} .thebe-output", expected],
            timeout=TIMEOUT_MS,
        )
        return cell_output(pg, index)
    return ""


def test_thebe_is_not_loaded_before_the_reader_asks(page):
    assert not any("/_thebe/" in url for url in page.requests)
    assert page.evaluate("typeof thebelab") == "undefined"


def test_run_edit_and_rerun_a_cell(page):
    # the reader opens the launch menu and clicks "Live Code"
    before_click = len(page.requests)
    page.locator("button[aria-label='Launch interactive content']").click()
    page.locator("button.btn-launch-thebe").click()
    page.wait_for_function("() => Boolean(window.thebelab?.session)", timeout=TIMEOUT_MS)
    assert any("/_thebe/index.js" in url for url in page.requests)
    assert "Local Jupyter server" in page.locator(".thebe-launch-button").inner_text()

    # cell 0 imports numpy, matplotlib, myst_nb and nncode; cell 1 builds the data and
    # prints its shapes (the edited cell below needs both to have run in the kernel)
    run_cell(page, 0)
    assert "X: (4, 3)  y: (1, 3)" in run_cell(page, 1, "X: (4, 3)")

    # the reader edits the cell and runs it again: the new output is the kernel's answer
    # (the trace of X X^T is the number of ones in X, 6; `classic` comes from cell 0)
    editor = page.locator("div.cell#codecell1 .CodeMirror")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text("print('edited:', classic.__name__, (X @ X.T).trace())")
    text = run_cell(page, 1, "edited:")
    assert "edited: nncode.classic 6" in text, text
    assert "X: (4, 3)" not in text
    assert "Error" not in page.locator("div.cell#codecell0").inner_text()
    # live code loads nothing from third parties: only the site and the local server
    foreign = [u for u in page.requests[before_click:] if not u.startswith("http://127.0.0.1:")]
    assert not foreign, foreign
