"""Sphinx extension: the browser files of the book, served from the site itself, and only
on the pages that need them.

- ``make`` (``mk/assets.mk``) installs d3 and KaTeX with ``npm ci`` and copies the few
  files the pages need, with the book's own ``assets/*.js`` and ``assets/*.css``, into
  ``_build/assets``; here that folder becomes a Sphinx static path (copied to ``_static/``
  of the site). KaTeX's style sheet and fonts serve the formulas that ``nnbook_math``
  renders at build time.
- **Interactive figures.** nncode writes each figure as an element with
  ``data-nn-figure="KIND"`` (``nncode.present.figure_html``). A page that holds figures of
  some kinds gets ``figure.css`` and, for each kind, ``KIND.css`` if it exists; if some
  kind has a component ``KIND.js``, also ``figure.js`` (the runtime), the third-party
  scripts that kind needs (``NEEDS``: d3 for the diagrams) and ``KIND.js``, every script
  deferred, in that order. Pages without figures load none of them.
- When ``make`` has refreshed ``_build/assets`` (an asset was edited), every page is
  written again, so that the next build copies the new files and links them where needed.

Two fixes keep the theme's pages free of console errors (the browser tests check every
page): the colour mode defaults to ``auto`` (pydata-sphinx-theme logs an error when it is
unset), and a script the page head holds twice (sphinx-thebe's settings, whose ``const``
cannot be declared twice) is kept once.

A book without a ``package.json`` (such as the tiny books the tests build) is left alone.
Loaded through ``sphinx.local_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

FIGURES = "nnfigure"
"""Folder of ``_static/`` that holds the book's own assets (``assets/`` of the repository)."""
FIGURE_MARKER = re.compile(r'\sdata-nn-figure="([a-z][a-z0-9-]*)"')
RUNTIME_JS, RUNTIME_CSS = f"{FIGURES}/figure.js", f"{FIGURES}/figure.css"
NEEDS: dict[str, tuple[str, ...]] = {"diagram": ("d3/d3.min.js",)}
"""Third-party scripts (under ``_static/``) that a kind's component needs before it runs."""
KATEX_CSS = "katex/katex.min.css"


def assets_dir(srcdir: str | Path) -> Path:
    """Where ``mk/assets.mk`` puts the files the pages load."""
    return Path(srcdir) / "_build" / "assets"


def page_assets(body: str, available: set[str]) -> tuple[list[str], list[str]]:
    """The style sheets and the scripts (in loading order) that a page with HTML ``body``
    needs, given the files ``available`` under ``_static/``."""
    kinds = sorted(set(FIGURE_MARKER.findall(body)))
    if not kinds:
        return [], []
    css = [RUNTIME_CSS] + [f"{FIGURES}/{k}.css" for k in kinds if f"{FIGURES}/{k}.css" in available]
    components = [k for k in kinds if f"{FIGURES}/{k}.js" in available]
    js = [RUNTIME_JS] if components else []
    for kind in components:
        js += [need for need in NEEDS.get(kind, ()) if need not in js]
        js.append(f"{FIGURES}/{kind}.js")
    return css, js


def _config_inited(app: Sphinx, config: Any) -> None:
    root = Path(app.srcdir)
    if not (root / "package.json").exists():
        return
    assets = assets_dir(root)
    needs = {need for group in NEEDS.values() for need in group}
    missing = [p for p in (KATEX_CSS, RUNTIME_JS, RUNTIME_CSS, *needs) if not (assets / p).exists()]
    if missing:
        raise ConfigError(
            f"the browser assets {missing} are missing from {assets}; build with `make html` "
            "(it runs `npm ci` and copies them there)"
        )
    config.html_static_path = [*config.html_static_path, str(assets)]


def _assets_outdated(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """Re-write every page when ``make`` has refreshed the assets (Sphinx copies static
    files only when some page is written, and which pages link which file may change)."""
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


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
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
    assets = assets_dir(app.srcdir)
    if not assets.is_dir():
        return
    available = {p.relative_to(assets).as_posix() for p in assets.glob("*/*") if p.is_file()}
    css, js = page_assets(context.get("body", ""), available)
    # on the builder, not on the app: the builder reverts them after this page
    for sheet in css:
        app.builder.add_css_file(sheet)  # type: ignore[attr-defined]
    for script in js:
        app.builder.add_js_file(script, defer="defer")  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    app.connect("env-get-outdated", _assets_outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
