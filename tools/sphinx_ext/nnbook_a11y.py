"""Sphinx extension: accessibility fixes for HTML that docutils writes for us.

docutils wraps a bibliography's entries in ``<div role="list">`` but gives each entry the
role ``doc-biblioentry``, which DPUB-ARIA 1.1 deprecates and which is not a list item:
screen readers then announce a list without items, and axe-core reports the critical
violation ``aria-required-children``. We give each entry the role ``listitem`` instead
(what DPUB-ARIA 1.1 recommends), on every HTML page as it is written.

It also adds a small style sheet, ``static/nnbook-a11y.css`` (darker links inside
tinted boxes, for WCAG AA contrast), from its own folder rather than a ``_static``
folder, so that no other file is added to every page by accident.

Loaded through ``sphinx.local_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

DEPRECATED_ENTRY_ROLE = 'role="doc-biblioentry"'
LIST_ITEM_ROLE = 'role="listitem"'


def fix_bibliography_roles(html: str) -> str:
    """Replace the deprecated ``doc-biblioentry`` role with ``listitem``."""
    return html.replace(DEPRECATED_ENTRY_ROLE, LIST_ITEM_ROLE)


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = fix_bibliography_roles(body)


STATIC = Path(__file__).parent / "static"


def _add_static(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _on_page_context)
    app.connect("builder-inited", _add_static)
    app.add_css_file("nnbook-a11y.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
