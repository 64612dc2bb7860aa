"""How the chapters show nncode's results: Markdown tables, and the frame of every figure.

The chapters glue the tables into the text (myst-nb ``glue`` with ``IPython.display.Markdown``),
so every number in a table is computed.

Every interactive figure of the book (a network diagram, the step-through of one
iteration, ...) reaches the page the same way. An object with the figure's data renders,
as its HTML, the element that :func:`figure_html` writes::

    <figure class="nn-figure nn-KIND" data-nn-figure="KIND">
      <div class="nn-figure-static">...the static rendering...</div>
      <script type="application/json" class="nn-figure-data">...the data...</script>
      <figcaption>...</figcaption>
    </figure>

and, for the PDF, a PNG or LaTeX rendering (``_repr_png_`` or ``_repr_latex_``). The
build gives every page that holds ``data-nn-figure="KIND"`` the browser component
``assets/KIND.js`` (deferred) and its style sheet ``assets/KIND.css``; nncode only
computes the data and the static rendering, which readers without JavaScript see.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

KIND_PATTERN = re.compile(r"[a-z][a-z0-9-]*")
"""The form of a figure kind, which names the files ``assets/KIND.js`` and ``KIND.css``."""


def number(value: float, digits: int = 4, parens: bool = False, minus: str = "-") -> str:
    """``value`` with ``digits`` decimals, as the book writes numbers in formulas and tables.

    A value that rounds to zero is written without a sign (``0.00``, never ``-0.00``).
    With ``parens=True`` a negative number stands in parentheses, as it must inside a sum
    or a product: ``number(-1.5, 2, parens=True) == "(-1.50)"``. ``minus`` is the sign
    written before a negative number (the step-through view uses the real minus, "\u2212").
    """
    text = f"{float(value):.{digits}f}"
    if float(text) == 0:
        return text.lstrip("-")
    if text.startswith("-"):
        text = minus + text[1:]
        return f"({text})" if parens else text
    return text


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]], digits: int = 4) -> str:
    """A Markdown table; floats are written with ``digits`` decimals, other cells as text."""
    if any(len(r) != len(header) for r in rows):
        raise ValueError(f"every row of the table needs {len(header)} cells, like the header")

    def cell(v: Any) -> str:
        if isinstance(v, (float, np.floating)):
            text = number(float(v), digits)
            return "0" if float(text) == 0 else text
        return str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def json_for_html(data: Any) -> str:
    """``data`` as compact JSON that is safe inside ``<script type="application/json">``.

    Every ``<`` is written ``\\u003c``, so no string in the data can close the script.
    """
    return json.dumps(data, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")


def figure_html(kind: str, static: str, data: Any = None, caption: str = "") -> str:
    """The HTML element of one figure of the book (see the module docstring).

    Parameters
    ----------
    kind : str
        Which browser component draws it, e.g. ``"diagram"`` for ``assets/diagram.js``:
        lower-case letters, digits and hyphens.
    static : str
        HTML shown until the component has drawn the figure, and instead of it without
        JavaScript: a picture with alt text, a table, plain text. Written as given.
    data : object
        What the component draws, any value that ``json.dumps`` writes; ``None`` writes
        no data (a figure without a component).
    caption : str
        Plain text under the figure; escaped here.

    Returns
    -------
    str
    """
    if not isinstance(kind, str) or not KIND_PATTERN.fullmatch(kind):
        raise ValueError(
            f"kind must be lower-case letters, digits and hyphens, such as 'diagram' "
            f"(it names assets/KIND.js); got {kind!r}"
        )
    for name, value in (("static", static), ("caption", caption)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string; got {type(value).__name__}")
    parts = [
        f'<figure class="nn-figure nn-{kind}" data-nn-figure="{kind}">',
        f'<div class="nn-figure-static">{static}</div>',
    ]
    if data is not None:
        parts.append(
            f'<script type="application/json" class="nn-figure-data">{json_for_html(data)}</script>'
        )
    if caption:
        parts.append(f"<figcaption>{html.escape(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)
