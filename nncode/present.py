"""Small presentation helpers for the chapters: Markdown tables and a static network figure.

The chapters glue the tables into the text (myst-nb ``glue`` with ``IPython.display.Markdown``),
so every number in a table is computed. The network figure is the static stand-in for
the interactive diagrams; matplotlib is imported only when a figure is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .validate import check_layers_dims


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


def draw_network(
    layers_dims: Sequence[int],
    receptors: bool = False,
    values: dict[str, np.ndarray] | None = None,
    ax: Any = None,
) -> Any:
    """Draw a fully connected network: neurons x(l)_k as circles, optional receptor boxes z(l)_k.

    ``values`` (a dict with keys like ``x0``, ``z1``, ``x1`` holding 1-D arrays) writes
    numbers under the labels. Returns the matplotlib Axes.
    """
    import matplotlib.pyplot as plt

    dims = check_layers_dims(list(layers_dims))
    if ax is None:
        _, ax = plt.subplots(figsize=(1.9 * len(dims) + (1.2 * len(dims) if receptors else 0), 3.4))
    step = 2.2 if receptors else 1.5
    pos = {}
    for l, n in enumerate(dims):
        for k in range(n):
            pos[(l, k)] = (l * step, (n - 1) / 2 - k)
    for l in range(1, len(dims)):
        for i in range(dims[l - 1]):
            for j in range(dims[l]):
                (x0, y0), (x1, y1) = pos[(l - 1, i)], pos[(l, j)]
                if receptors:
                    x1 -= 0.9
                ax.plot([x0, x1], [y0, y1], color="0.6", lw=0.8, zorder=1)
    for (l, k), (px, py) in pos.items():
        label = rf"$x^{{({l})}}_{{{k + 1}}}$"
        if values and f"x{l}" in values:
            label += f"\n{float(values[f'x{l}'][k]):.3g}"
        ax.add_patch(plt.Circle((px, py), 0.3, color="#dbe9f6", ec="#1f4e79", zorder=3))
        ax.text(px, py, label, ha="center", va="center", fontsize=8, zorder=4)
        if receptors and l > 0:
            bx = px - 0.9
            ax.add_patch(
                plt.Rectangle(
                    (bx - 0.28, py - 0.22), 0.56, 0.44, fc="#fdebd3", ec="#a35c00", zorder=3
                )
            )
            zl = rf"$z^{{({l})}}_{{{k + 1}}}$"
            if values and f"z{l}" in values:
                zl += f"\n{float(values[f'z{l}'][k]):.3g}"
            ax.text(bx, py, zl, ha="center", va="center", fontsize=7, zorder=4)
            ax.plot([bx + 0.28, px - 0.3], [py, py], color="#a35c00", lw=1.2, zorder=2)
    for l in range(len(dims)):
        top = max(dims) / 2 + 0.1
        ax.text(l * step, top, f"Layer {l}", ha="center", fontsize=9)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
