"""One iteration of the 12 steps, cell by cell, as data for the book's spreadsheet view.

``stepthrough`` runs ``ClassicMLP.step`` once and describes every matrix it computes as
a *frame*: which step it belongs to, which matrices the reader needs to see, and for
every cell of the result the cells it reads and the arithmetic written out with the
actual numbers. ``StepThrough`` shows it as the book's interactive table (the browser
component ``assets/stepthrough.js``, which gets the data through
``nncode.present.figure_html``), with two of its frames as static tables for readers
without JavaScript (``stepthrough_html``) and as LaTeX matrices for the PDF
(``stepthrough_latex``). Every number comes from ``ClassicMLP.step``.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import numpy as np

from .classic import ClassicMLP
from .present import figure_html, number
from .validate import check_positive_number

Cell = tuple[str, int, int]

# step number, what the step computes, the line of code, the matrices shown beside it
FRAMES: tuple[tuple[int, str, str, tuple[str, ...]], ...] = (
    (2, "hidden_layer_input", "hidden_layer_input = X @ wh + bh", ("X", "wh", "bh")),
    (3, "hiddenlayer_activations", "hiddenlayer_activations = sigmoid(hidden_layer_input)",
     ("hidden_layer_input",)),
    (4, "output_layer_input", "output_layer_input = hiddenlayer_activations @ wout + bout",
     ("hiddenlayer_activations", "wout", "bout")),
    (4, "output", "output = sigmoid(output_layer_input)", ("output_layer_input",)),
    (5, "E", "E = y - output", ("y", "output")),
    (6, "slope_output_layer", "slope_output_layer = output * (1 - output)", ("output",)),
    (6, "slope_hidden_layer",
     "slope_hidden_layer = hiddenlayer_activations * (1 - hiddenlayer_activations)",
     ("hiddenlayer_activations",)),
    (7, "d_output", "d_output = E * slope_output_layer", ("E", "slope_output_layer")),
    (8, "Error_at_hidden_layer", "Error_at_hidden_layer = d_output @ wout.T",
     ("d_output", "wout")),
    (9, "d_hiddenlayer", "d_hiddenlayer = Error_at_hidden_layer * slope_hidden_layer",
     ("Error_at_hidden_layer", "slope_hidden_layer")),
    (10, "wout_new", "wout = wout + hiddenlayer_activations.T @ d_output * lr",
     ("wout", "hiddenlayer_activations", "d_output")),
    (10, "wh_new", "wh = wh + X.T @ d_hiddenlayer * lr", ("wh", "X", "d_hiddenlayer")),
    (11, "bout_new", "bout = bout + sum(d_output, axis=0) * lr", ("bout", "d_output")),
    (11, "bh_new", "bh = bh + sum(d_hiddenlayer, axis=0) * lr", ("bh", "d_hiddenlayer")),
)  # fmt: skip
"""Every frame after steps 0 and 1 (which show the data and the initial weights)."""


def _f(v: float) -> str:
    """A number as the tables print it (4 decimals, a real minus sign)."""
    return number(v, 4, minus="\u2212")


def _t(v: float) -> str:
    """A number inside a sum or product: negative ones in parentheses."""
    return number(v, 4, parens=True, minus="\u2212")


def _cell(name: str, i: int, j: int, m: dict[str, np.ndarray], lr: float) -> tuple[list[Cell], str]:
    """The cells that cell (i, j) of ``name`` reads and its arithmetic, written out."""
    y = m["y"]
    if name in ("hidden_layer_input", "output_layer_input"):
        a, w, b = (
            ("X", "wh", "bh") if name == "hidden_layer_input" else ("hiddenlayer_activations",
                                                                     "wout", "bout")
        )  # fmt: skip
        k = range(m[a].shape[1])
        reads = [(a, i, t) for t in k] + [(w, t, j) for t in k] + [(b, 0, j)]
        terms = " + ".join(f"{_t(m[a][i, t])}\u00b7{_t(m[w][t, j])}" for t in k)
        return reads, f"{terms} + {_t(m[b][0, j])} = {_f(m[name][i, j])}"
    if name in ("hiddenlayer_activations", "output"):
        src = "hidden_layer_input" if name == "hiddenlayer_activations" else "output_layer_input"
        z = m[src][i, j]
        return [(src, i, j)], f"\u03c3({_f(z)}) = 1 / (1 + e^({_f(-z)})) = {_f(m[name][i, j])}"
    if name == "E":
        return [("y", i, j), ("output", i, j)], (
            f"{_f(y[i, j])} \u2212 {_t(m['output'][i, j])} = {_f(m['E'][i, j])}"
        )
    if name in ("slope_output_layer", "slope_hidden_layer"):
        src = "output" if name == "slope_output_layer" else "hiddenlayer_activations"
        s = m[src][i, j]
        return [(src, i, j)], f"{_f(s)}\u00b7(1 \u2212 {_f(s)}) = {_f(m[name][i, j])}"
    if name in ("d_output", "d_hiddenlayer"):
        a, b = (
            ("E", "slope_output_layer") if name == "d_output" else ("Error_at_hidden_layer",
                                                                     "slope_hidden_layer")
        )  # fmt: skip
        return [(a, i, j), (b, i, j)], (
            f"{_t(m[a][i, j])}\u00b7{_t(m[b][i, j])} = {_f(m[name][i, j])}"
        )
    if name == "Error_at_hidden_layer":
        k = range(m["d_output"].shape[1])
        reads = [("d_output", i, t) for t in k] + [("wout", j, t) for t in k]
        terms = " + ".join(f"{_t(m['d_output'][i, t])}\u00b7{_t(m['wout'][j, t])}" for t in k)
        return reads, f"{terms} = {_f(m[name][i, j])}"
    if name in ("wout_new", "wh_new"):
        w, a, d = ("wout", "hiddenlayer_activations", "d_output") if name == "wout_new" else (
            "wh", "X", "d_hiddenlayer")  # fmt: skip
        k = range(m[a].shape[0])
        reads = [(w, i, j)] + [(a, t, i) for t in k] + [(d, t, j) for t in k]
        terms = " + ".join(f"{_t(m[a][t, i])}\u00b7{_t(m[d][t, j])}" for t in k)
        return reads, f"{_f(m[w][i, j])} + {lr:g}\u00b7({terms}) = {_f(m[name][i, j])}"
    if name in ("bout_new", "bh_new"):
        b, d = ("bout", "d_output") if name == "bout_new" else ("bh", "d_hiddenlayer")
        k = range(m[d].shape[0])
        reads = [(b, 0, j)] + [(d, t, j) for t in k]
        terms = " + ".join(_t(m[d][t, j]) for t in k)
        return reads, f"{_f(m[b][0, j])} + {lr:g}\u00b7({terms}) = {_f(m[name][0, j])}"
    raise ValueError(f"name: no formula for {name!r}")


def stepthrough(net: ClassicMLP, X: Any, y: Any, lr: float) -> dict[str, Any]:
    """Run one ``net.step(X, y, lr)`` (updating ``net``) and describe it frame by frame.

    Parameters
    ----------
    net : ClassicMLP
        The network; its weights *before* the step are recorded, then it is updated.
    X, y : numpy.ndarray
        Inputs (n_samples, n_inputs) and targets (n_samples, n_outputs).
    lr : float
        Learning rate.

    Returns
    -------
    dict
        JSON-ready: ``lr``; ``matrices`` (name -> list of rows; the updated weights are
        ``wh_new`` etc.); ``frames``, a list of dicts with ``step``, ``target`` (None for
        the first frame), ``code``, ``shown`` (matrix names, inputs first, target last) and
        ``cells`` (for every row and column of the target: ``reads`` as
        ``[name, i, j]`` triples and ``formula``, the arithmetic with its numbers).
    """
    if not isinstance(net, ClassicMLP):
        raise TypeError(f"net must be a nncode.classic.ClassicMLP; got {type(net).__name__}")
    lr = check_positive_number(lr, "lr")
    before = {k: getattr(net, k).copy() for k in ("wh", "bh", "wout", "bout")}
    rec = net.step(X, y, lr)
    m: dict[str, np.ndarray] = {
        "X": np.asarray(X, dtype=np.float64),
        "y": np.asarray(y, dtype=np.float64),
        **before,
    }
    for key, value in rec.items():
        m[key + "_new" if key in before else key] = value
    frames: list[dict[str, Any]] = [
        {
            "step": 0,
            "target": None,
            "code": "X, y = data; wh, bh, wout, bout = uniform random numbers in [0, 1)",
            "shown": ["X", "y", "wh", "bh", "wout", "bout"],
            "cells": [],
        }
    ]
    for step, target, code, inputs in FRAMES:
        rows, cols = m[target].shape
        cells = []
        for i in range(rows):
            row = []
            for j in range(cols):
                reads, formula = _cell(target, i, j, m, lr)
                row.append({"reads": [list(r) for r in reads], "formula": formula})
            cells.append(row)
        frames.append(
            {
                "step": step,
                "target": target,
                "code": code,
                "shown": [*inputs, target],
                "cells": cells,
            }
        )
    return {
        "lr": lr,
        "matrices": {k: v.tolist() for k, v in m.items()},
        "frames": frames,
    }


STATIC_TARGETS = ("hidden_layer_input", "Error_at_hidden_layer")
"""The results whose frames the static versions show, step 2 (a hidden receptor, a row of
X against a column of wh plus a bias) and step 8 (the error sent back to a hidden neuron)."""


def _static_frames(
    data: dict[str, Any], targets: tuple[str, ...]
) -> Iterator[tuple[dict[str, Any], dict[str, dict[tuple[int, int], str]]]]:
    """The frames that compute ``targets``, each with its marks: cell (0, 0) of the result
    is the ``"target"``, the cells it reads are ``"read"`` (matrix name -> cell -> mark)."""
    by_target = {f["target"]: f for f in data["frames"]}
    for target in targets:
        if target not in by_target:
            raise ValueError(f"targets: no frame computes {target!r}; known: {list(by_target)[1:]}")
        frame = by_target[target]
        marks: dict[str, dict[tuple[int, int], str]] = {}
        for name, i, j in frame["cells"][0][0]["reads"]:
            marks.setdefault(name, {})[(i, j)] = "read"
        marks[target] = {(0, 0): "target"}
        yield frame, marks


def _label(name: str) -> str:
    return name[:-4] + " (updated)" if name.endswith("_new") else name


def stepthrough_html(data: dict[str, Any], targets: tuple[str, ...] = STATIC_TARGETS) -> str:
    """The static version for the web page: the frames that compute ``targets`` as HTML
    tables, cell (0, 0) of each result and the cells it reads marked as in the
    interactive view, with its arithmetic. The interactive view replaces it."""
    n = len(data["frames"])
    parts = [f"<p>Two of the {n} frames of one iteration (the interactive view shows all).</p>"]
    for frame, marks in _static_frames(data, targets):
        formula = f"{_label(frame['target'])}[0, 0] = {frame['cells'][0][0]['formula']}"
        parts.append(
            f'<p class="nnst-pos">Step {frame["step"]}: {html.escape(_label(frame["target"]))}</p>'
            f'<pre class="nnst-code">{html.escape(frame["code"])}</pre>'
            f'<p class="nnst-formula">{html.escape(formula)}</p><div class="nnst-tables">'
        )
        for name in frame["shown"]:
            m = np.array(data["matrices"][name])
            rows = "".join(
                "<tr>"
                + "".join(
                    f'<td class="nnst-{marks[name][(i, j)]}">{_f(v)}</td>'
                    if (i, j) in marks.get(name, {})
                    else f"<td>{_f(v)}</td>"
                    for j, v in enumerate(row)
                )
                + "</tr>"
                for i, row in enumerate(m)
            )
            caption = f"{_label(name)} ({m.shape[0]}\u00d7{m.shape[1]})"
            parts.append(
                f'<table data-matrix="{name}"><caption>{html.escape(caption)}</caption>'
                f"{rows}</table>"
            )
        parts.append("</div>")
    return f'<div class="nnst">{"".join(parts)}</div>'


def _latex_matrix(name: str, a: np.ndarray, marks: dict[tuple[int, int], str]) -> str:
    style = {"read": "mathbf", "target": "boxed"}
    rows = []
    for i in range(a.shape[0]):
        cells = []
        for j in range(a.shape[1]):
            v = f"{a[i, j]:.4f}"
            mark = marks.get((i, j))
            cells.append(f"\\{style[mark]}{{{v}}}" if mark else v)
        rows.append(" & ".join(cells))
    label = name.replace("_", r"\_")
    body = r" \\ ".join(rows)
    return f"\\text{{{label}}} = \\begin{{bmatrix}} {body} \\end{{bmatrix}}"


def stepthrough_latex(data: dict[str, Any], targets: tuple[str, ...] = STATIC_TARGETS) -> str:
    """Static LaTeX for the PDF: the frames that compute ``targets``, each with cell (0, 0)
    of its result boxed and the cells that cell reads in bold."""
    lines = []
    for frame, marks in _static_frames(data, targets):
        parts = [
            _latex_matrix(name, np.array(data["matrices"][name]), marks.get(name, {}))
            for name in frame["shown"]
        ]
        lines.append(r",\quad ".join(parts[:-1]))
        lines.append(r"\Rightarrow\quad " + parts[-1])
    return "$$\\begin{gathered}" + r" \\[1ex] ".join(lines) + "\\end{gathered}$$"


class StepThrough:
    """Displays as the interactive view in HTML (``assets/stepthrough.js``, drawing
    ``data``; ``stepthrough_html`` until it has) and as static matrices in LaTeX/PDF."""

    kind = "stepthrough"

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return figure_html(self.kind, stepthrough_html(self.data), self.data)

    def _repr_latex_(self) -> str:
        return stepthrough_latex(self.data)
