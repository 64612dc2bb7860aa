"""Sphinx extension: live code (Thebe) loaded from the site itself, one build for Binder and
for the local Jupyter server of `make live`.

sphinx-thebe would load thebe 0.8.2 from a CDN when the reader clicks "Live Code". Here

* ``mk/live.mk`` fetches thebe (``THEBE_VERSION``) from the npm registry with
  ``npm pack``, checked against its pinned integrity hash, into ``_build/thebe``; this
  extension copies its bundle (JavaScript chunks and CSS, no source maps) into
  ``_thebe/`` of the site, not into ``_static/``, so no page loads it before the reader
  asks for live code;
* sphinx-thebe's ``THEBE_JS_URL`` points at that copy;
* every page with live code gets the book's ``assets/live.js`` and ``assets/live.css``
  (served from ``_static/nnfigure/``), which decide at run time where the kernel comes
  from: the local Jupyter server described in ``_thebe/server.json`` when the site
  serves that file (only `make live` writes it, tools/live_serve.py), Binder otherwise;
  they also show the status while the kernel starts and the way out when it cannot.

So the published site and `make live` are the same ``_build/html``. A book without a
``package.json`` (the tiny books the tests build) is left alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

OUT_DIR = "_thebe"
# The book's own files (assets/), as nnbook_assets serves them under _static/
LIVE_JS, LIVE_CSS = "nnfigure/live.js", "nnfigure/live.css"

# Where sphinx-thebe's loader finds thebe: relative to the page's content root.
THEBE_URL_JS = 'document.documentElement.dataset.content_root + "_thebe/index.js"'


def thebe_lib(srcdir: str | Path) -> Path | None:
    """The ``lib/`` folder of thebe that ``mk/live.mk`` unpacks, or None for a book that
    is not this one (no ``package.json``)."""
    root = Path(srcdir)
    if not (root / "package.json").exists():
        return None
    lib = root / "_build" / "thebe" / "package" / "lib"
    if not (lib / "index.js").is_file():
        raise ConfigError(
            f"thebe is missing from {lib}; build with `make html` (mk/live.mk fetches it)"
        )
    return lib


def local_thebe_url(body: str) -> str:
    """sphinx-thebe's inline settings with ``THEBE_JS_URL`` pointing at the site's copy."""
    parts = [p for p in body.split("; ") if "THEBE_JS_URL" not in p]
    return "; ".join([f"const THEBE_JS_URL = {THEBE_URL_JS}", *parts])


def use_local_thebe(app: Sphinx, env: Any, docnames: Any) -> None:
    """Rewrite sphinx-thebe's CDN URL (after sphinx-thebe has registered it)."""
    if thebe_lib(app.srcdir) is None or app.builder.format != "html":
        return
    # sphinx-thebe registers its inline script with the app, and the builder has already
    # copied the app's scripts: rewrite it in both lists.
    found = False
    registry = app.registry.js_files
    for i, (filename, attrs) in enumerate(registry):
        if not filename and "THEBE_JS_URL" in attrs.get("body", ""):
            registry[i] = (filename, {**attrs, "body": local_thebe_url(attrs["body"])})
            found = True
    files = app.builder._js_files  # type: ignore[attr-defined]
    for i, js in enumerate(files):
        if not js.filename and "THEBE_JS_URL" in js.attributes.get("body", ""):
            attrs = {**js.attributes, "body": local_thebe_url(js.attributes["body"])}
            files[i] = type(js)(js.filename, **attrs)
    if not found:
        raise ConfigError("nnbook_live: sphinx-thebe's THEBE_JS_URL script was not found")


def add_live_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Link live.js and live.css on the pages that offer live code (after the theme, which
    sets ``use_thebe`` when it adds the "Live Code" button)."""
    if not context.get("use_thebe") or thebe_lib(app.srcdir) is None:
        return
    # on the builder, not on the app: the builder forgets them after this page
    app.builder.add_css_file(LIVE_CSS)  # type: ignore[attr-defined]
    app.builder.add_js_file(LIVE_JS, defer="defer")  # type: ignore[attr-defined]


def copy_thebe(app: Sphinx, exception: Exception | None) -> None:
    """Copy thebe's bundle (JavaScript chunks and CSS, no source maps) into the output."""
    if exception is not None or app.builder.format != "html":
        return
    lib = thebe_lib(app.srcdir)
    if lib is None:
        return
    target = Path(app.outdir) / OUT_DIR
    target.mkdir(parents=True, exist_ok=True)
    for path in lib.iterdir():
        if path.suffix in {".js", ".css"} and path.is_file():
            shutil.copy2(path, target / path.name)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("env-before-read-docs", use_local_thebe, priority=900)
    app.connect("html-page-context", add_live_assets, priority=650)
    app.connect("build-finished", copy_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
