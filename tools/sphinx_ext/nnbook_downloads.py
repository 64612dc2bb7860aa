"""Sphinx extension: a "whole book (.pdf)" entry in every page's download menu.

The theme's download menu offers the page as `.ipynb` (the executed notebook myst-nb
writes for a MyST Markdown chapter), as its source and as "print to PDF". This adds a link
to the PDF of the whole book, which `make pdf` (mk/pdf.mk) builds and copies to the site
root under the name ``nnbook_pdf_name`` (the LaTeX target name of `_config.yml`).
"""

from __future__ import annotations

from sphinx.application import Sphinx


def add_book_pdf_button(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Append the whole-book PDF to the theme's download group (built at priority 501)."""
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].append(
                {
                    "type": "link",
                    "url": context["pathto"](app.config.nnbook_pdf_name, 1),
                    "text": "whole book (.pdf)",
                    "tooltip": "Download the whole book as a PDF",
                    "icon": "fas fa-book",
                    "label": "download-book-pdf-button",
                }
            )


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("nnbook_pdf_name", "ffnn-from-scratch.pdf", "html")
    app.connect("html-page-context", add_book_pdf_button, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
