"""The chapters' presentation helpers: Markdown tables and the static network figure."""

from __future__ import annotations

import numpy as np
import pytest

from nncode.present import draw_network, md_table


def test_md_table_formats_floats_and_keeps_text():
    table = md_table(["a", "b"], [["x", 0.12345], [3, np.float64(-2.0)]], digits=2)
    assert table.splitlines() == ["| a | b |", "|---|---|", "| x | 0.12 |", "| 3 | -2.00 |"]


def test_md_table_writes_minus_zero_as_zero():
    assert md_table(["v"], [[-0.00001]], digits=3).splitlines()[-1] == "| 0 |"


def test_md_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="needs 2 cells"):
        md_table(["a", "b"], [[1.0]])


def test_draw_network_draws_one_circle_per_neuron_and_one_box_per_receptor():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = draw_network([2, 3, 1], receptors=True)
    circles = [p for p in ax.patches if isinstance(p, plt.Circle)]
    boxes = [p for p in ax.patches if isinstance(p, plt.Rectangle)]
    assert len(circles) == 6 and len(boxes) == 4
    plt.close("all")


def test_draw_network_checks_layers_dims():
    with pytest.raises(ValueError, match="layers_dims"):
        draw_network([2])
