"""Network diagrams: the data behind the book's interactive D3 figures, and a static picture.

Everything a diagram shows is computed here from an ``NN`` (or only its layer sizes) and,
optionally, data; the browser component (``assets/nn-diagram.js``) only draws it.

For chapter authors
-------------------
Put one call at the end of a code cell (tag the cell ``remove-input`` to show only the
figure)::

    from nncode.data import example
    from nncode.diagrams import network_diagram

    network_diagram(layers_dims=[2, 3, 2, 1])                      # the plain drawing
    network_diagram(layers_dims=[2, 3, 2, 1], receptors=True)      # with receptor boxes z
    network_diagram(example.network(), highlight=(2, "row", 1))    # row 1 of W(2) lit up
    network_diagram(example.network(), values=example.data(), sample=0)  # forward values
    network_diagram(example.network(), values=example.data(), backward=True)  # and deltas

In the HTML book the figure is interactive: click a neuron or a receptor (or focus it
with Tab and press Enter or Space) and an impulse travels along its outgoing edges,
layer by layer; the row and column headers of the W tables under the drawing light up
the edges they hold; with ``backward=True`` a button plays the backward pass with the
real delta values. Readers without JavaScript, and the PDF, get a static picture of the
same diagram (``_repr_png_``, drawn with matplotlib).

Notation (the book's): layer l = 0..L; neuron k of layer l shows x(l)_k, its receptor
z(l)_k; the weight w(l)_{i,j} goes FROM neuron i of layer l-1 TO neuron j of layer l and
is ``W{l}[i-1, j-1]`` in code (1-based in the text, 0-based in NumPy).

The backward values are those of ``NN.backward_pass`` on the whole data set: the delta
of receptor k of layer l is ``dZ{l}[sample, k-1]`` = dJ/dz(l)_k for that sample, where J
averages over all n samples (so each delta carries the factor 1/n), and ``dW{l}`` is the
full gradient X(l-1)^T dZ(l), summed over the samples.
"""

from __future__ import annotations

import base64
import html
import io
import json
import numbers
from typing import Any

import numpy as np

from .network import NN
from .validate import as_data, check_count, check_layers_dims

MAX_GAP_LABELS = 9
"""Between two layers with more edges than this, only highlighted edges carry their label."""


def _layer_list(arrays: list[np.ndarray]) -> list[Any]:
    """``[None, a1, a2, ...]`` as JSON lists: index l holds layer l (layer 0 has no W or z)."""
    return [None] + [(np.asarray(a, dtype=float) + 0.0).tolist() for a in arrays]  # no -0.0


def _check_highlight(highlight: Any, dims: list[int]) -> dict | None:
    if highlight is None:
        return None
    L = len(dims) - 1
    form = "a tuple (layer, 'row' or 'col', index) such as (2, 'row', 1)"
    if not isinstance(highlight, tuple) or len(highlight) != 3:
        raise TypeError(f"highlight must be None or {form}; got {highlight!r}")
    l, kind, k = highlight
    if kind not in ("row", "col"):
        raise ValueError(f"highlight[1] must be 'row' or 'col'; got {kind!r}")
    for name, v in (("layer", l), ("index", k)):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral):
            raise TypeError(f"highlight {name} must be a whole number; got {v!r}")
    if not 1 <= l <= L:
        raise ValueError(
            f"highlight layer must be between 1 and L = {L} (W(l) exists there); got {l}"
        )
    size = dims[l - 1] if kind == "row" else dims[l]
    if not 1 <= k <= size:
        raise ValueError(
            f"highlight: W({l}) has {dims[l - 1]} rows and {dims[l]} columns, so {kind} "
            f"must be between 1 and {size} (1-based, as in the text); got {k}"
        )
    return {"layer": int(l), "kind": kind, "index": int(k)}


def network_diagram(
    net: NN | None = None,
    layers_dims: list[int] | None = None,
    receptors: bool = False,
    values: tuple[Any, Any] | None = None,
    sample: int = 0,
    backward: bool = False,
    highlight: tuple[int, str, int] | None = None,
    caption: str | None = None,
) -> NetworkDiagram:
    """A network diagram for a chapter cell.

    Parameters
    ----------
    net : nncode.network.NN or None
        The network whose weights colour the edges (width = size, colour = sign).
    layers_dims : list of int or None
        Layer sizes, for a drawing of the structure only (when ``net`` is None).
    receptors : bool
        Draw the receptor box z(l)_k before each neuron (always on when ``values`` is given).
    values : tuple or None
        Data ``(X, Y)``: show the forward values x and z of row ``sample`` of X.
    sample : int
        Which row of X (0-based).
    backward : bool
        Also show and animate the backward pass: the deltas dZ and the gradients dW.
    highlight : tuple or None
        ``(layer, 'row', index)`` or ``(layer, 'col', index)``: light up that row or column
        of W(layer) at start (``index`` 1-based, as in the text).
    caption : str or None
        A caption under the figure.

    Returns
    -------
    NetworkDiagram
        Its ``data`` is a JSON-ready dict; lists indexed by layer hold ``None`` where a
        layer has no such value: ``x[l]`` for l = 0..L; ``z[l]``, ``delta[l]``, ``W[l]``,
        ``b[l]``, ``dW[l]`` for l = 1..L.
    """
    if net is not None and not isinstance(net, NN):
        raise TypeError(f"net must be an nncode NN or None; got {type(net).__name__}")
    if net is None and layers_dims is None:
        raise ValueError(
            "give net (an NN, to show its weights) or layers_dims (e.g. [2, 3, 2, 1], to "
            "show only the structure)"
        )
    dims = check_layers_dims(layers_dims) if layers_dims is not None else None
    if net is not None:
        if dims is not None and dims != net.layers_dims:
            raise ValueError(
                f"layers_dims={dims} disagrees with net.layers_dims={net.layers_dims}; "
                "give only one of them"
            )
        dims = list(net.layers_dims)
    assert dims is not None
    L = len(dims) - 1
    for name, flag in (("receptors", receptors), ("backward", backward)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False; got {flag!r}")
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"caption must be a string or None; got {type(caption).__name__}")
    if backward and values is None:
        raise ValueError("backward=True needs values=(X, Y): the deltas come from that data")

    data: dict[str, Any] = {
        "layers": dims,
        "receptors": receptors or values is not None,
        "W": None,
        "b": None,
        "activations": None,
        "sample": None,
        "x": None,
        "z": None,
        "delta": None,
        "dW": None,
        "highlight": _check_highlight(highlight, dims),
        "caption": caption or "",
    }
    if net is not None:
        net.check_params()  # names a NaN or infinite weight: JSON, and the browser, have no NaN
        data["W"] = _layer_list([net.params[f"W{l}"] for l in range(1, L + 1)])
        data["b"] = _layer_list([net.params[f"b{l}"][0] for l in range(1, L + 1)])
        data["activations"] = [None] + [a.get("name", "custom") for a in net.activations]
    if values is None:
        return NetworkDiagram(data)
    if net is None:
        raise ValueError("values=(X, Y) needs net: the forward values come from its weights")
    if not isinstance(values, tuple) or len(values) != 2:
        raise TypeError(f"values must be a tuple (X, Y) or None; got {type(values).__name__}")
    X = as_data("values[0] (X)", values[0], n_cols=dims[0], cols_meaning="neurons in layer 0")
    Y = as_data(
        "values[1] (Y)", values[1], n_cols=dims[-1], n_rows=X.shape[0], cols_meaning="outputs"
    )
    s = check_count(sample, "sample")
    if s >= X.shape[0]:
        raise ValueError(
            f"sample must be between 0 and {X.shape[0] - 1} (X has that many rows); got {sample}"
        )
    coef = net.forward_pass(X, training=True)
    overflowed = [k for k, v in coef.items() if not np.all(np.isfinite(v))]
    if overflowed:  # JSON, and the browser, have no NaN or infinity
        raise ValueError(
            f"the forward values overflowed ({overflowed[0]} is not finite): a diagram shows "
            "finite numbers only; use smaller weights or data"
        )
    data["sample"] = s
    data["x"] = [(coef[f"x{l}"][s] + 0.0).tolist() for l in range(L + 1)]
    data["z"] = _layer_list([coef[f"z{l}"][s] for l in range(1, L + 1)])
    if backward:
        grads = net.backward_pass(X, Y, coef)
        data["delta"] = _layer_list([grads[f"dZ{l}"][s] for l in range(1, L + 1)])
        data["dW"] = _layer_list([grads[f"dW{l}"] for l in range(1, L + 1)])
    return NetworkDiagram(data)


def _sub(text: str, sup: str, sub: str) -> str:
    return f"${text}^{{({sup})}}_{{{sub}}}$"


def layout(dims: list[int], receptors: bool) -> dict[str, Any]:
    """Centres of the neurons, in units of the gap between two neurons; neuron 1 on top.

    The browser component uses the same geometry (``assets/nn-diagram.js``).
    """
    dx = 3.4 if receptors else 2.6
    pos = {}
    for l, n in enumerate(dims):
        for k in range(n):
            pos[(l, k)] = (l * dx, ((n - 1) / 2 - k) * 1.3)
    return {"pos": pos, "rec_dx": 1.0 if receptors else 0.0, "r": 0.34}


def _is_lit(highlight: dict | None, l: int, i: int, j: int) -> bool:
    """Is the edge from neuron i of layer l-1 to neuron j of layer l (0-based) highlighted?"""
    if not highlight or highlight["layer"] != l:
        return False
    return highlight["index"] == (i if highlight["kind"] == "row" else j) + 1


def draw_static(data: dict[str, Any], ax: Any = None) -> Any:
    """Draw the diagram of ``data`` with matplotlib (imported here, lazily); return the axes.

    Without ``ax`` it draws on a new ``matplotlib.figure.Figure`` that pyplot does not
    know about, so it neither changes the backend nor shows up under a notebook cell.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, Rectangle

    dims, rec, W = data["layers"], data["receptors"], data["W"]
    L = len(dims) - 1
    if ax is None:
        fig = Figure(figsize=(1.6 + (2.4 if rec else 1.9) * L, 1.0 + 0.8 * max(dims)))
        ax = fig.subplots()
    geo = layout(dims, rec)
    pos, rdx, r = geo["pos"], geo["rec_dx"], geo["r"]

    def note(x: float, y: float, text: str, size: float = 7, **kw: Any) -> None:
        ax.text(x, y, text, fontsize=size, ha="center", zorder=5, **kw)

    wmax = float(max(np.abs(w).max() for w in W[1:])) if W else 0.0
    wmax = wmax or 1.0  # all weights 0: thin edges
    for l in range(1, L + 1):
        for i in range(dims[l - 1]):
            for j in range(dims[l]):
                (x0, y0), (x1, y1) = pos[(l - 1, i)], pos[(l, j)]
                x0, x1 = x0 + r, x1 - rdx - r
                colour, width = "0.55", 1.0
                if W:
                    colour = "#2a6fdb" if W[l][i][j] >= 0 else "#e8710a"
                    width = 0.6 + 4.0 * abs(W[l][i][j]) / wmax
                lit = _is_lit(data["highlight"], l, i, j)
                if lit:
                    colour, width = "#d6246e", width + 2.0
                ax.plot([x0, x1], [y0, y1], color=colour, lw=width, zorder=1)
                if lit or dims[l - 1] * dims[l] <= MAX_GAP_LABELS:
                    t = 0.2 + 0.6 * (j + 0.5) / dims[l]
                    box = {"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8}
                    label = _sub("w", str(l), f"{i + 1},{j + 1}")
                    note(x0 + t * (x1 - x0), y0 + t * (y1 - y0), label, va="center", bbox=box)
    for (l, k), (x, y) in pos.items():
        ax.add_patch(Circle((x, y), r, fc="#f3f6fb", ec="#333", lw=1.2, zorder=4))
        note(x, y, _sub("x", str(l), str(k + 1)), size=9, va="center")
        if data["x"] is not None:
            note(x, y - r - 0.05, f"{data['x'][l][k]:.3g}", va="top")
        if not rec or l == 0:
            continue
        xr, h = x - rdx, 0.7 * r
        rect = Rectangle((xr - r, y - h), 2 * r, 2 * h, fc="#fff8e6", ec="#333", zorder=4)
        ax.add_patch(rect)
        ax.plot([xr + r, x - r], [y, y], color="#333", lw=1.0, zorder=2)
        note(xr, y, _sub("z", str(l), str(k + 1)), size=9, va="center")
        if data["z"] is not None:
            note(xr, y - h - 0.05, f"{data['z'][l][k]:.3g}", va="top")
        if data["delta"] is not None:
            note(xr, y + h + 0.05, f"δ = {data['delta'][l][k]:.3g}", va="bottom", color="#b3261e")
    top = max(y for _, y in pos.values()) + r + 0.15
    for l in range(L + 1):
        note(pos[(l, 0)][0] - (rdx / 2 if l else 0), top, f"Layer {l}", size=10, va="bottom")
    ax.set_aspect("equal")
    ax.axis("off")
    ax.margins(0.04)
    return ax


class NetworkDiagram:
    """A diagram: HTML (interactive, with a static fallback image) in the book, PNG in the PDF."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_json(self) -> str:
        """The diagram's data as JSON (what the browser component reads)."""
        return json.dumps(self.data, separators=(",", ":"))

    def describe(self) -> str:
        """A one-sentence description for screen readers and the fallback image's alt text."""
        dims = self.data["layers"]
        text = f"A feedforward network with layer sizes {dims}"
        if self.data["receptors"]:
            text += ", receptors z drawn before each neuron"
        if self.data["x"] is not None:
            text += f", showing the forward values of sample {self.data['sample']}"
        if self.data["delta"] is not None:
            text += " and the backward deltas"
        return text + "."

    def png(self, with_caption: bool = True) -> bytes:
        """The static picture; the PDF shows the caption in it (HTML has a figcaption)."""
        ax = draw_static(self.data)
        if with_caption and self.data["caption"]:
            ax.figure.text(0.5, 0.06, self.data["caption"], ha="center", va="top", style="italic")
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=110, bbox_inches="tight")
        return buf.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def _repr_html_(self) -> str:
        png = base64.b64encode(self.png(with_caption=False)).decode("ascii")
        payload = self.to_json().replace("<", "\\u003c")  # nothing can close the script
        cap = html.escape(self.data["caption"])
        alt = html.escape(self.describe(), quote=True)
        return (
            f'<figure class="nn-diagram" data-nn-diagram="1">'
            f'<img class="nn-diagram-static" alt="{alt}" src="data:image/png;base64,{png}">'
            f'<script type="application/json" class="nn-diagram-data">{payload}</script>'
            + (f"<figcaption>{cap}</figcaption>" if cap else "")
            + "</figure>"
        )
