"""Helpers shared by the checks of the built site and of the repository's tools."""

from __future__ import annotations

import html as htmllib
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT

# Folders of assets and sources, not pages: their files are checked only as link targets.
NOT_PAGES = ("_static", "_sources", "_images", "_sphinx_design_static")

# How every tool of this repository starts Debian's Chromium (one flag per line).
# Debian's Chromium and the flags every browser test (and `make lighthouse`) starts it with
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (ROOT / "tools" / "a11y" / "chromium-flags.txt").read_text().split()


def page_text(site: Path, rel: str) -> str:
    """The text of a built page, tags removed, entities decoded, white space folded."""
    raw = (site / rel).read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", raw)
    return re.sub(r"\s+", " ", htmllib.unescape(text))


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the built site, sorted (assets and sources left out)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in NOT_PAGES)


def require(condition: bool, what: str) -> None:
    """Skip when a tool is missing, except under `make test`, which installs it."""
    if not condition:
        if os.environ.get("NNBOOK_REQUIRE_SITE") == "1":
            pytest.fail(f"{what} (make test installs it: see mk/*.mk)")
        pytest.skip(what)
