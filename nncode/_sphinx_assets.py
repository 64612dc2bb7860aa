"""Sphinx extension of the book's build (not part of the learner-facing API).

It serves the browser files from this machine instead of third-party hosts:

- ``make`` (``mk/assets.mk``) installs d3 and MathJax with ``npm ci`` and copies the few
  files the pages need, plus ``assets/nn-diagram.{js,css}``, into ``_build/assets``;
- here that folder becomes a Sphinx static path (copied to ``_static/`` of the site),
  and MathJax is loaded from ``_static/mathjax/`` instead of a CDN;
- d3 and the diagram component are added only to the pages that hold a diagram
  (``nncode.diagrams``), never to every page.

Two fixes keep the theme's pages free of console errors (the browser tests check every
page): the colour mode defaults to ``auto`` (pydata-sphinx-theme logs an error when it is
unset), and a script the page head holds twice (sphinx-thebe's settings, whose ``const``
cannot be declared twice) is kept once.

A book without a ``package.json`` (such as the tiny books the tests build) is left alone.
Imported by Sphinx only, so ``import nncode`` stays numpy-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DIAGRAM_MARKER = "data-nn-diagram"
DIAGRAM_JS = ("nndiagram/d3.min.js", "nndiagram/nn-diagram.js")
DIAGRAM_CSS = "nndiagram/nn-diagram.css"
MATHJAX = "mathjax/tex-chtml.js"


def assets_dir(srcdir: str | Path) -> Path:
    """Where ``mk/assets.mk`` puts the files the pages load."""
    return Path(srcdir) / "_build" / "assets"


def _config_inited(app: Any, config: Any) -> None:
    from sphinx.errors import ConfigError

    root = Path(app.srcdir)
    if not (root / "package.json").exists():
        return
    assets = assets_dir(root)
    missing = [p for p in (MATHJAX, *DIAGRAM_JS, DIAGRAM_CSS) if not (assets / p).exists()]
    if missing:
        raise ConfigError(
            f"the browser assets {missing} are missing from {assets}; build with `make html` "
            "(it runs `npm ci` and copies them there)"
        )
    config.html_static_path = [*config.html_static_path, str(assets)]
    config.mathjax_path = MATHJAX


def _assets_outdated(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """Re-write every page when ``make`` has refreshed the assets (Sphinx copies static
    files only when some page is written)."""
    stamp = assets_dir(app.srcdir) / ".done"
    mark = stamp.stat().st_mtime_ns if stamp.exists() else None
    if getattr(env, "nn_assets_mark", None) == mark:
        return []
    env.nn_assets_mark = mark
    return sorted(env.found_docs)


def _script_key(script: Any) -> tuple:
    attrs = getattr(script, "attributes", {})
    # the same inline script may arrive with filename None and with filename ""
    return (getattr(script, "filename", str(script)) or "", tuple(sorted(attrs.items())))


def _page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        seen: set[tuple] = set()
        unique = []
        for script in scripts:
            key = _script_key(script)
            if key not in seen:
                seen.add(key)
                unique.append(script)
        scripts[:] = unique
    if DIAGRAM_MARKER in context.get("body", ""):
        for js in DIAGRAM_JS:
            app.builder.add_js_file(js, defer="defer")
        app.builder.add_css_file(DIAGRAM_CSS)


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    app.connect("env-get-outdated", _assets_outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
