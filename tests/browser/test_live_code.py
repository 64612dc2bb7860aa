"""Live code in a real browser, on the one built site (_build/html) that is also published.

The page decides at run time where its kernel comes from (assets/live.js): the Jupyter
server named in `_thebe/server.json` when the site serves that file (`make live`,
tools/live_serve.py), Binder otherwise. Each test writes that file into the site served by
the browser tier (tests/browser/conftest.py) and removes it afterwards, then does what a
reader does in Chromium: click "Live Code", read the status box, run and edit a cell. A
server that refuses or never answers must leave the reader with working ways out (Binder,
Colab, the notebook). thebe comes from the site itself: nothing is requested from
another host, except Binder's own host when the page starts a Binder.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import yaml
from booktest import ROOT, require
from sitecheck import local_only

sys.path.insert(0, str(ROOT / "tools"))
import live_serve

CHAPTER = "book/part4/walkthrough"
TIMEOUT_MS = int(os.environ.get("NNBOOK_LIVE_TIMEOUT_MS", "90000"))
STATUS = ".nn-live-status"


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def thebe_site(site):
    require((site / "_thebe" / "index.js").exists(), f"thebe in {site}/_thebe (make html)")
    return site


@contextlib.contextmanager
def server_settings(site, **settings) -> Iterator[None]:
    """`_thebe/server.json` with ``settings`` while the block runs (no file: Binder)."""
    target = site / "_thebe" / "server.json"
    target.write_text(json.dumps(settings), encoding="utf-8")
    try:
        yield
    finally:
        target.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def jupyter(thebe_site, site_url: str, tmp_path_factory: pytest.TempPathFactory):
    """A local Jupyter server that the site at ``site_url`` may use: (port, token)."""
    port = live_serve.free_port()
    token = secrets.token_hex(16)
    log = tmp_path_factory.mktemp("jupyter") / "server.log"
    proc = live_serve.start_jupyter(port, token, site_url, log, timeout=60)
    try:
        yield port, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def chapter(browser, site_url: str, block_other_hosts: bool = False):
    """The chapter in a new page; ``page.requests`` lists every URL it asked for."""
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    if block_other_hosts:  # the network here reaches no other host anyway: fail at once
        page.route("**/*", local_only)
    page.goto(f"{site_url}/{CHAPTER}.html")
    try:
        yield page
    finally:
        page.close()


def start_live_code(page) -> None:
    """What the reader clicks: the launch menu (the rocket), then "Live Code"."""
    page.locator("button[aria-label='Launch interactive content']").click()
    page.locator("button.btn-launch-thebe").click()
    page.wait_for_selector(STATUS)


def status_log(page) -> list[str]:
    return page.locator(f"{STATUS} .nn-live-log li").all_text_contents()  # in closed <details>


def foreign(requests: list[str]) -> list[str]:
    return [u for u in requests if urlsplit(u).hostname != "127.0.0.1"]


def cell_output(page, index: int) -> str:
    return page.locator(f"div.cell#codecell{index} .thebe-output").inner_text()


def run_cell(page, index: int, expected: str = "") -> str:
    """Click the cell's run button; wait until its output shows `expected`; return it."""
    page.locator(f"div.cell#codecell{index} .thebe-run-button").click()
    if expected:
        page.wait_for_function(
            """([sel, text]) => (document.querySelector(sel)?.innerText || "").includes(text)""",
            arg=[f"div.cell#codecell{index} .thebe-output", expected],
            timeout=TIMEOUT_MS,
        )
        return cell_output(page, index)
    return ""


# ---------------------------------------------------------------- before the click
def test_thebe_is_not_loaded_before_the_reader_asks(browser, site_url, thebe_site):
    with chapter(browser, site_url) as page:
        page.wait_for_load_state("load")
        assert not any("/_thebe/" in url for url in page.requests)
        assert page.evaluate("typeof thebelab") == "undefined"
        assert any("/nnfigure/live.js" in url for url in page.requests)
        assert not foreign(page.requests), foreign(page.requests)


# ---------------------------------------------------------------- a local server
def test_run_edit_and_rerun_a_cell_on_the_local_server(browser, site_url, thebe_site, jupyter):
    port, token = jupyter
    base = f"http://127.0.0.1:{port}/"
    settings = {"baseUrl": base, "wsUrl": base.replace("http", "ws", 1), "token": token}
    with server_settings(thebe_site, **settings), chapter(browser, site_url) as page:
        start_live_code(page)
        page.wait_for_function("() => Boolean(window.thebelab?.session)", timeout=TIMEOUT_MS)
        assert any("/_thebe/index.js" in url for url in page.requests)
        assert "Local Jupyter server" in page.locator(".thebe-launch-button").inner_text()
        # the status box said what was happening, then that the kernel is ready
        page.wait_for_selector(f"{STATUS}[data-state='ready']")
        log = status_log(page)
        assert "Connecting to the local Jupyter server" in log[0], log
        assert any(line.startswith("server-ready") for line in log), log
        assert "kernel is ready" in page.locator(f"{STATUS} .nn-live-message").inner_text()

        # cell 0 imports numpy, matplotlib, myst_nb and nncode; cell 1 builds the data and
        # prints its shapes (the edited cell below needs both to have run in the kernel)
        run_cell(page, 0)
        assert "X: (4, 3)  y: (1, 3)" in run_cell(page, 1, "X: (4, 3)")

        # the reader edits the cell and runs it again: the new output is the kernel's
        # answer (the trace of X X^T is the number of ones in X, 6; `classic` from cell 0)
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
        assert not foreign(page.requests), foreign(page.requests)


# ---------------------------------------------------------------- when it cannot start
def expected_links() -> dict[str, str]:
    """The chapter's Binder and Colab links, written from _config.yml here."""
    cfg = config()
    repo = cfg["repository"]["url"].rstrip("/")
    owner_name = repo.split("github.com/", 1)[1]
    binder = cfg["launch_buttons"]["binderhub_url"].rstrip("/")
    return {
        "binder": f"{binder}/v2/gh/{owner_name}/{cfg['repository']['branch']}"
        f"?urlpath=lab/tree/{CHAPTER}.md",
        "colab": f"https://colab.research.google.com/github/{owner_name}/blob/notebooks/{CHAPTER}.ipynb",
    }


def check_fallback(page, reason: str) -> None:
    """The failed state: the reason, and Binder, Colab and the notebook, each working."""
    page.wait_for_selector(f"{STATUS}[data-state='failed']", timeout=TIMEOUT_MS)
    message = page.locator(f"{STATUS} .nn-live-message").inner_text()
    assert message.startswith("Live code could not start") and reason in message, message
    hrefs = {
        key: page.locator(f"{STATUS} a.nn-live-{key}").get_attribute("href")
        for key in ("binder", "colab", "download")
    }
    want = expected_links()
    assert hrefs["binder"] == want["binder"]
    assert hrefs["colab"] == want["colab"]
    # the same links as the launch menu
    menu = page.locator(".dropdown-launch-buttons a")
    assert {want["binder"], want["colab"]} <= set(menu.evaluate_all("els => els.map(e => e.href)"))
    # the notebook downloads from the site itself, and starts with the install cell
    download = page.locator(f"{STATUS} a.nn-live-download")
    reply = page.request.get(download.evaluate("a => a.href"))
    assert reply.ok, reply.status
    notebook = reply.json()
    assert notebook["cells"][0]["id"] == "nncode-install"
    assert not foreign(page.requests), foreign(page.requests)


def test_a_refusing_server_offers_binder_colab_and_the_notebook(browser, site_url, thebe_site):
    port = live_serve.free_port()  # nothing listens there
    base = f"http://127.0.0.1:{port}/"
    settings = {"baseUrl": base, "wsUrl": "ws" + base[4:], "token": "x"}
    with server_settings(thebe_site, **settings), chapter(browser, site_url) as page:
        start_live_code(page)
        check_fallback(page, "not reachable")


def test_a_silent_server_times_out_and_offers_the_same(browser, site_url, thebe_site):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        base = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        settings = {"baseUrl": base, "wsUrl": "ws" + base[4:], "token": "x", "timeout": 3}
        with server_settings(thebe_site, **settings), chapter(browser, site_url) as page:
            start_live_code(page)
            check_fallback(page, "no kernel after 3 seconds")


# ---------------------------------------------------------------- Binder
def test_without_a_local_server_the_page_starts_binder_and_says_so(browser, site_url, thebe_site):
    """The published site: no server.json, so Binder. The only other host asked is the
    Binder of _config.yml (blocked here: this machine reaches no other host)."""
    binder_host = urlsplit(config()["launch_buttons"]["binderhub_url"]).hostname
    with chapter(browser, site_url, block_other_hosts=True) as page:
        start_live_code(page)
        page.wait_for_function(
            "() => [...performance.getEntriesByType('resource')].length > 0 && "
            "document.querySelector('.nn-live-log li:nth-child(2)')",
            timeout=TIMEOUT_MS,
        )
        log = status_log(page)
        assert "Starting a Binder server on mybinder.org" in log[0], log
        assert "few minutes" in log[0]
        assert any(binder_host in line for line in log), log  # thebe's own status message
        others = {urlsplit(u).hostname for u in foreign(page.requests)}
        assert others <= {binder_host}, others
