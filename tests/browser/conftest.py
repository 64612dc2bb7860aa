"""Fixtures of the browser tier: for the whole session, one HTTP server for the built site
and one Debian Chromium driven by Playwright (which never downloads a browser here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from booktest import require, require_module
from sitecheck import AXE_JS, CHROMIUM, CHROMIUM_FLAGS, serve


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<port> (no final slash)."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium (mk/browser.mk), launched once with tools/a11y/chromium-flags.txt."""
    require(CHROMIUM.exists(), f"{CHROMIUM} (Debian's chromium; make browser-deps)")
    sync_api = require_module("playwright.sync_api", "Playwright (requirements-test.txt)")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's script, injected into a page to check its accessibility."""
    require(AXE_JS.exists(), f"{AXE_JS} (npm, tools/a11y; make browser-deps)")
    return AXE_JS
