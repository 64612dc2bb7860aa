"""Network diagrams: the data behind the book's interactive D3 figures, and a static picture.

Everything a diagram shows is computed here from an ``NN`` (or only its layer sizes) and,
optionally, data, including where every part goes (``layout``) and its colours
(``PALETTE``); the browser component (``assets/diagram.js``, D3) and the static picture
(``draw_static``, matplotlib) only draw that description.

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
same diagram (``_repr_png_``, drawn with matplotlib). The figure reaches the page like
every interactive figure of the book: see ``nncode.present.figure_html``.

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
import textwrap
from typing import Any

import numpy as np

from .network import NN
from .present import figure_html
from .validate import as_data, check_count, check_layers_dims


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
        A caption under the figure. Leave it out when the cell is a numbered figure
        (``mystnb: figure:`` in the cell's metadata), which brings its own caption.

    Returns
    -------
    NetworkDiagram
        Its ``data`` is a JSON-ready dict; lists indexed by layer hold ``None`` where a
        layer has no such value: ``x[l]`` for l = 0..L; ``z[l]``, ``delta[l]``, ``W[l]``,
        ``b[l]``, ``dW[l]`` for l = 1..L. ``layout`` places everything (see ``layout``)
        and ``palette`` is ``PALETTE``.
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
        "layout": None,
        "palette": PALETTE,
    }
    if net is not None:
        net.check_params()  # names a NaN or infinite weight: JSON, and the browser, have no NaN
        data["W"] = _layer_list([net.params[f"W{l}"] for l in range(1, L + 1)])
        data["b"] = _layer_list([net.params[f"b{l}"][0] for l in range(1, L + 1)])
        data["activations"] = [None] + [a.get("name", "custom") for a in net.activations]
    if values is None:
        data["layout"] = layout(dims, data["receptors"], W=data["W"])
        return NetworkDiagram(data, caption or "")
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
    data["layout"] = layout(dims, True, deltas=backward, W=data["W"])
    return NetworkDiagram(data, caption or "")


MAX_GAP_LABELS = 9
"""Between two layers with more edges than this, only highlighted edges carry their label."""

PALETTE: dict[str, dict[str, str]] = {
    "light": {
        "fg": "#1f2328",
        "muted": "#57606a",
        "node": "#f3f6fb",
        "receptor": "#fff8e6",
        "edge": "#8c959f",
        "pos": "#2a6fdb",
        "neg": "#e8710a",
        "lit": "#d6246e",
        "impulse": "#f2c200",
        "delta": "#b3261e",
        "focus": "#0969da",
        "label-bg": "#ffffffd9",
        "on-lit": "#ffffff",
        "on-impulse": "#1f2328",
    },
    "dark": {
        "fg": "#e6edf3",
        "muted": "#9da7b3",
        "node": "#1c2330",
        "receptor": "#2d2616",
        "edge": "#6e7681",
        "pos": "#6ea8fe",
        "neg": "#ffa657",
        "lit": "#ff7bb5",
        "impulse": "#ffd33d",
        "delta": "#ff8a80",
        "focus": "#58a6ff",
        "label-bg": "#12151ad9",
        "on-lit": "#12151a",
        "on-impulse": "#1f2328",
    },
}
"""The diagrams' colours for the light and the dark page, such as positive and negative
weights (``pos``, ``neg``), a lit row or column (``lit``) and the receptors' deltas
(``delta``). The static picture uses the light ones; the browser component gets both in
the figure's data and follows the page's colour mode."""


PIXELS_PER_UNIT = 72
"""The most CSS pixels that one layout unit takes on a page. The drawing and its static
picture take the same box, so nothing moves when one replaces the other."""


def layout(
    dims: list[int], receptors: bool, deltas: bool = False, W: list[Any] | None = None
) -> dict[str, Any]:
    """Where everything of a diagram goes, in one unit = the gap between two neighbouring
    neurons' centres divided by 1.3; x grows to the right, y downwards (as on a screen).

    Both renderers draw from this one description: ``draw_static`` (matplotlib) and the
    browser component ``assets/diagram.js`` (which gets it in the figure's data).

    Parameters
    ----------
    dims : list of int
        Layer sizes.
    receptors : bool
        Leave room for a receptor box before each neuron of layers 1..L.
    deltas : bool
        Leave room for the deltas written above the receptor boxes.
    W : list or None
        ``[None, W1, W2, ...]`` as nested lists: edges are as thick as their weights.

    Returns
    -------
    dict
        ``width``, ``height``; ``neurons[l][k]``, the centre ``[x, y]`` of neuron k+1 of
        layer l; ``titles[l]``, where "Layer l" is written; ``r``, the neurons' radius;
        ``receptor_dx``, from a receptor box's centre to its neuron's (0 without
        receptors); ``box_h``, half the height of a receptor box (its half width is
        ``r``); ``value_gap`` and ``delta_gap``, from a shape to the baseline of the value
        under it or of the delta above it; ``label_t[l][j]``, how far along an edge into
        neuron j+1 of layer l its label sits (0 to 1); ``labelled[l]``, whether the edges
        into layer l carry labels when not lit; ``edge_width[l][i][j]``; ``stroke``, the
        widths of lit edges and of outlines; ``font``, text sizes; ``pixels``, how many
        CSS pixels a unit takes on a wide page (``PIXELS_PER_UNIT``).
    """
    L = len(dims) - 1
    n_max = max(dims)
    gap = 3.4 if receptors else 2.6
    left = 0.6 if receptors else 0.7
    top = 1.2 if deltas else 0.95
    row = 1.3
    receptor_dx = 1.0 if receptors else 0.0
    neurons = [
        [[left + l * gap, top + ((n_max - 1) / 2 + k - (n - 1) / 2) * row] for k in range(n)]
        for l, n in enumerate(dims)
    ]
    if W is not None:
        w_max = max(abs(w) for l in range(1, L + 1) for r in W[l] for w in r) or 1.0
        edge_width: list[Any] = [None] + [
            [[0.0125 + 0.07 * abs(w) / w_max for w in r] for r in W[l]] for l in range(1, L + 1)
        ]
    else:
        edge_width = [None] + [
            [[0.02] * dims[l] for _ in range(dims[l - 1])] for l in range(1, L + 1)
        ]
    return {
        "width": 2 * left + L * gap,
        "height": top + (n_max - 1) * row + 0.85,
        "neurons": neurons,
        "titles": [
            [neurons[l][0][0] - (receptor_dx / 2 if l else 0.0), 0.45] for l in range(L + 1)
        ],
        "r": 0.34,
        "receptor_dx": receptor_dx,
        "box_h": 0.24,
        "value_gap": 0.25,
        "delta_gap": 0.1,
        "label_t": [None] + [[0.2 + 0.6 * (j + 0.5) / dims[l] for j in range(dims[l])]
                             for l in range(1, L + 1)],
        "labelled": [None] + [dims[l - 1] * dims[l] <= MAX_GAP_LABELS for l in range(1, L + 1)],
        "edge_width": edge_width,
        "stroke": {"lit": 0.08, "outline": 0.023, "link": 0.02},
        "font": {"title": 0.23, "label": 0.23, "index": 0.16, "value": 0.19, "weight": 0.17},
        "pixels": PIXELS_PER_UNIT,
    }  # fmt: skip


def _sub(text: str, sup: str, sub: str) -> str:
    return f"${text}^{{({sup})}}_{{{sub}}}$"


def _is_lit(highlight: dict | None, l: int, i: int, j: int) -> bool:
    """Is the edge from neuron i of layer l-1 to neuron j of layer l (0-based) highlighted?"""
    if not highlight or highlight["layer"] != l:
        return False
    return highlight["index"] == (i if highlight["kind"] == "row" else j) + 1


INCHES_PER_UNIT = 0.8
"""How many inches one layout unit takes in the static picture."""


def draw_static(data: dict[str, Any], ax: Any = None) -> Any:
    """Draw the diagram of ``data`` with matplotlib (imported here, lazily); return the axes.

    Everything is placed by ``data["layout"]`` and coloured by ``PALETTE["light"]``, as in
    the browser. Without ``ax`` it draws on a new ``matplotlib.figure.Figure`` of the
    layout's size (``INCHES_PER_UNIT``) that pyplot does not know about, so it neither
    changes the backend nor shows up under a notebook cell.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, Rectangle

    g, c = data["layout"], PALETTE["light"]
    dims, rec, W = data["layers"], data["receptors"], data["W"]
    L = len(dims) - 1
    if ax is None:
        fig = Figure(figsize=(g["width"] * INCHES_PER_UNIT, g["height"] * INCHES_PER_UNIT))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    pt = INCHES_PER_UNIT * 72  # points per layout unit
    r, rdx, h = g["r"], g["receptor_dx"], g["box_h"]
    font = {k: v * pt for k, v in g["font"].items()}

    def note(x: float, y: float, text: str, size: float, **kw: Any) -> None:
        ax.text(x, y, text, fontsize=size, ha="center", color=kw.pop("color", c["fg"]),
                zorder=5, **kw)  # fmt: skip

    for l in range(1, L + 1):
        for i in range(dims[l - 1]):
            for j in range(dims[l]):
                (x0, y0), (x1, y1) = g["neurons"][l - 1][i], g["neurons"][l][j]
                x0, x1 = x0 + r, x1 - rdx - r
                colour = c["edge"] if not W else c["pos"] if W[l][i][j] >= 0 else c["neg"]
                width = g["edge_width"][l][i][j]
                lit = _is_lit(data["highlight"], l, i, j)
                if lit:
                    colour, width = c["lit"], g["stroke"]["lit"]
                ax.plot([x0, x1], [y0, y1], color=colour, lw=width * pt, zorder=1,
                        solid_capstyle="round")  # fmt: skip
                if lit or g["labelled"][l]:
                    t = g["label_t"][l][j]
                    box = {"boxstyle": "round,pad=0.1", "fc": c["label-bg"], "ec": "none"}
                    label = _sub("w", str(l), f"{i + 1},{j + 1}")
                    note(x0 + t * (x1 - x0), y0 + t * (y1 - y0), label, font["weight"],
                         va="center", bbox=box)  # fmt: skip
    outline = g["stroke"]["outline"] * pt
    for l, layer in enumerate(g["neurons"]):
        for k, (x, y) in enumerate(layer):
            ax.add_patch(Circle((x, y), r, fc=c["node"], ec=c["fg"], lw=outline, zorder=4))
            note(x, y, _sub("x", str(l), str(k + 1)), font["label"], va="center")
            if data["x"] is not None:
                note(x, y + r + g["value_gap"], f"{data['x'][l][k]:.3g}", font["value"],
                     va="baseline", color=c["muted"])  # fmt: skip
            if not rec or l == 0:
                continue
            xr = x - rdx
            ax.add_patch(Rectangle((xr - r, y - h), 2 * r, 2 * h, fc=c["receptor"], ec=c["fg"],
                                   lw=outline, zorder=4))  # fmt: skip
            ax.plot([xr + r, x - r], [y, y], color=c["fg"], lw=g["stroke"]["link"] * pt, zorder=2)
            note(xr, y, _sub("z", str(l), str(k + 1)), font["label"], va="center")
            if data["z"] is not None:
                note(xr, y + h + g["value_gap"], f"{data['z'][l][k]:.3g}", font["value"],
                     va="baseline", color=c["muted"])  # fmt: skip
            if data["delta"] is not None:
                note(xr, y - h - g["delta_gap"], f"δ = {data['delta'][l][k]:.3g}",
                     font["value"], va="baseline", color=c["delta"])  # fmt: skip
    for l, (x, y) in enumerate(g["titles"]):
        note(x, y, f"Layer {l}", font["title"], va="baseline", fontweight="bold")
    ax.set_xlim(0, g["width"])
    ax.set_ylim(g["height"], 0)  # y grows downwards, as on the page
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


class NetworkDiagram:
    """A diagram: interactive in the HTML book (with a static picture as its fallback, see
    ``nncode.present.figure_html``), a PNG in the PDF.

    Attributes
    ----------
    data : dict
        What the browser component draws (see ``network_diagram``), with its ``layout``
        and ``palette``.
    caption : str
        The caption under the figure ("" for none).
    """

    kind = "diagram"

    def __init__(self, data: dict[str, Any], caption: str = "") -> None:
        self.data = data
        self.caption = caption

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

    def png(
        self, with_caption: bool = True, dpi: float = 150, colours: int = 0, trim: bool = True
    ) -> bytes:
        """The static picture; the PDF shows the caption in it (HTML has a figcaption).

        ``colours`` > 0 reduces the picture to that many colours: a page that embeds it
        as its fallback loads a few times fewer bytes, and 32 look the same. With
        ``trim=False`` the picture is exactly the layout's box.
        """
        ax = draw_static(self.data)
        if with_caption and self.caption:
            size = self.data["layout"]["font"]["label"] * INCHES_PER_UNIT * 72
            chars = int(self.data["layout"]["width"] * INCHES_PER_UNIT * 72 / (0.5 * size))
            text = textwrap.fill(self.caption, max(chars, 30))
            ax.figure.text(0.5, -0.02, text, ha="center", va="top", fontsize=size, style="italic")
        buf = io.BytesIO()
        bbox = {"bbox_inches": "tight", "pad_inches": 0.05} if trim else {}
        ax.figure.savefig(buf, format="png", dpi=dpi, **bbox)
        if colours:
            from PIL import Image  # matplotlib's own dependency

            picture = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
            buf = io.BytesIO()
            picture.quantize(colors=colours).save(buf, format="png", optimize=True)
        return buf.getvalue()

    def _repr_png_(self) -> bytes:
        return self.png()

    def _repr_html_(self) -> str:
        # the box the browser's drawing takes (assets/diagram.js), at one pixel per pixel
        dpi = self.data["layout"]["pixels"] / INCHES_PER_UNIT
        png = self.png(with_caption=False, dpi=dpi, colours=32, trim=False)
        width, height = (int.from_bytes(png[a : a + 4], "big") for a in (16, 20))  # PNG header
        alt = html.escape(self.describe(), quote=True)
        src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        static = f'<img alt="{alt}" width="{width}" height="{height}" src="{src}">'

        return figure_html(self.kind, static, self.data, self.caption)
