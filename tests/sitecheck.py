"""Helpers for the checks of the built site (the site, browser and pdf tiers)."""

from __future__ import annotations

import contextlib
import functools
import html as htmllib
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from booktest import ROOT

# Folders of assets and sources, not pages: their files are checked only as link targets.
NOT_PAGES = ("_static", "_sources", "_images", "_sphinx_design_static")


KATEX_START = '<span class="katex">'
SPAN_TAG = re.compile(r"<span\b|</span>")
TEX_ANNOTATION = re.compile(
    r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.DOTALL
)


def formulas_as_tex(raw: str) -> str:
    """``raw`` HTML with each formula that KaTeX rendered at build time (its drawing and
    its MathML) replaced by the TeX it was rendered from, so that a formula reads once."""
    out, pos = [], 0
    while (start := raw.find(KATEX_START, pos)) >= 0:
        depth, end = 0, start
        for tag in SPAN_TAG.finditer(raw, start):
            depth += 1 if tag.group(0) == "<span" else -1
            if depth == 0:
                end = tag.end()
                break
        tex = TEX_ANNOTATION.search(raw, start, end)
        out += [raw[pos:start], f" {tex.group(1)} " if tex else " "]
        pos = end if end > start else start + len(KATEX_START)
    return "".join(out) + raw[pos:]


def page_text(site: Path, rel: str) -> str:
    """The text of a built page, tags removed, entities decoded, white space folded; a
    formula reads as its TeX."""
    raw = formulas_as_tex((site / rel).read_text(encoding="utf-8"))
    text = re.sub(r"<[^>]+>", " ", raw)
    return re.sub(r"\s+", " ", htmllib.unescape(text))


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the built site, sorted (assets and sources left out)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in NOT_PAGES)


# ---------------------------------------------------------------- the browser tier
# Debian's Chromium and the flags every browser test (and `make lighthouse`) starts it with
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (ROOT / "tools" / "a11y" / "chromium-flags.txt").read_text().split()
# axe-core, from npm in tools/a11y (mk/browser.mk)
AXE_JS = ROOT / "tools" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on http://127.0.0.1:<a free port> (the URL, without a final
    slash) until the block ends."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def local_only(route: Any) -> None:
    """A Playwright route handler: only 127.0.0.1 is reachable, so a page works offline
    and a request to a CDN fails at once instead of timing out."""
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()
