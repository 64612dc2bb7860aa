"""nncode.diagrams: the diagram data against PyTorch autograd, the HTML/PNG outputs, bad input."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest
from conftest import randomize

from nncode import NN
from nncode.data import example
from nncode.diagrams import network_diagram

# PyTorch is an oracle here, imported only for the tests that use it (the fixture
# `uses_torch` of conftest.py sets these two), so that every other test runs without it
torch = F = None


def torch_values(net: NN, X: np.ndarray, Y: np.ndarray, act) -> dict[str, list]:
    """Forward values, dJ/dZ(l) and dJ/dW(l) by autograd, J = 1/(2n) sum (x(L) - y)^2."""
    params = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    x = torch.tensor(X)
    xs, zs = [x], []
    for l in range(1, net.L + 1):
        z = x @ params[f"W{l}"] + params[f"b{l}"]
        z.retain_grad()
        x = act[l - 1](z)
        zs.append(z)
        xs.append(x)
    J = ((x - torch.tensor(Y)) ** 2).sum() / (2 * X.shape[0])
    J.backward()
    return {
        "x": [a.detach().numpy() for a in xs],
        "z": [a.detach().numpy() for a in zs],
        "dZ": [a.grad.numpy() for a in zs],
        "dW": [params[f"W{l}"].grad.numpy() for l in range(1, net.L + 1)],
    }


def identity(z):
    return z


@pytest.mark.usefixtures("uses_torch")
@pytest.mark.parametrize("sample", [0, 1, 2, 3])
def test_worked_example_values_agree_with_autograd(sample):
    net = example.network()
    X, Y = example.data()
    data = json.loads(network_diagram(net, values=(X, Y), sample=sample, backward=True).to_json())
    want = torch_values(net, X, Y, [torch.relu, torch.relu, identity])
    assert data["layers"] == [2, 3, 2, 1] and data["sample"] == sample
    for l in range(net.L + 1):
        np.testing.assert_allclose(data["x"][l], want["x"][l][sample], rtol=1e-12)
    assert data["z"][0] is None and data["delta"][0] is None and data["W"][0] is None
    for l in range(1, net.L + 1):
        np.testing.assert_allclose(data["z"][l], want["z"][l - 1][sample], rtol=1e-12)
        np.testing.assert_allclose(data["delta"][l], want["dZ"][l - 1][sample], atol=1e-14)
        np.testing.assert_allclose(data["dW"][l], want["dW"][l - 1], atol=1e-14)
        np.testing.assert_array_equal(data["W"][l], example.PARAMS[f"W{l}"])
        np.testing.assert_array_equal(data["b"][l], example.PARAMS[f"b{l}"][0])
    assert data["activations"] == [None, "relu", "relu", "identity"]


@pytest.mark.usefixtures("uses_torch")
def test_a_sigmoid_network_agrees_with_autograd(rng):
    net = NN([4, 3, 1], "sigmoid", "sigmoid", "mse", seed=1)
    randomize(net, rng)
    X, Y = rng.normal(size=(5, 4)), rng.uniform(size=(5, 1))
    data = network_diagram(net, values=(X, Y), sample=4, backward=True).data
    want = torch_values(net, X, Y, [torch.sigmoid, torch.sigmoid])
    np.testing.assert_allclose(data["x"][2], want["x"][2][4], rtol=1e-12)
    np.testing.assert_allclose(data["delta"][1], want["dZ"][0][4], rtol=1e-10)
    np.testing.assert_allclose(data["dW"][1], want["dW"][0], rtol=1e-10)


def test_no_negative_zero_reaches_the_page():
    data = network_diagram(example.network(), values=example.data(), backward=True).data
    # x(1)2 is a ReLU that is off: its delta is 0, never "-0"
    assert "-0.0," not in json.dumps(data) and "-0.0]" not in json.dumps(data)


def test_structure_only_and_highlight():
    data = network_diagram(layers_dims=[3, 4, 2], receptors=True, highlight=(2, "col", 2)).data
    assert data["W"] is None and data["x"] is None and data["receptors"] is True
    assert data["highlight"] == {"layer": 2, "kind": "col", "index": 2}
    # values always come with receptors, so z has its box
    assert network_diagram(example.network(), values=example.data()).data["receptors"] is True


def test_html_holds_the_json_a_fallback_png_and_the_caption():
    d = network_diagram(example.network(), caption="A </script> & <b>caption</b>")
    page = d._repr_html_()
    assert page.startswith('<figure class="nn-diagram" data-nn-diagram="1">')
    payload = re.search(r'class="nn-diagram-data">(.*?)</script>', page, re.DOTALL).group(1)
    assert "<" not in payload and json.loads(payload) == d.data
    assert "&lt;b&gt;caption&lt;/b&gt;" in page and "<b>" not in page
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1))
    assert png.startswith(b"\x89PNG") and png == d.png(with_caption=False)
    # the PDF's picture carries the caption, so it is taller
    assert int.from_bytes(d._repr_png_()[20:24], "big") > int.from_bytes(png[20:24], "big")
    assert 'alt="A feedforward network with layer sizes [2, 3, 2, 1]' in page


def test_the_static_picture_has_the_right_size():
    small = network_diagram(layers_dims=[1, 1])._repr_png_()
    big = network_diagram(layers_dims=[4, 6, 6, 2], receptors=True)._repr_png_()

    def size(png: bytes) -> tuple[int, int]:
        return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")

    assert size(big)[0] > 2 * size(small)[0] and size(big)[1] > size(small)[1]


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({}, ValueError, "give net"),
        ({"net": "network"}, TypeError, "net must be an nncode NN"),
        ({"layers_dims": [2, 0]}, ValueError, "layers_dims[1]"),
        ({"net": example.network(), "layers_dims": [2, 3, 1]}, ValueError, "disagrees"),
        ({"layers_dims": [2, 1], "receptors": "yes"}, TypeError, "receptors must be True"),
        ({"layers_dims": [2, 1], "values": example.data()}, ValueError, "values=(X, Y) needs net"),
        ({"layers_dims": [2, 1], "backward": True}, ValueError, "backward=True needs values"),
        ({"net": example.network(), "values": example.X}, TypeError, "values must be a tuple"),
        (
            {"net": example.network(), "values": (example.X[:, :1], example.Y)},
            ValueError,
            "values[0] (X) has 1 columns",
        ),
        (
            {"net": example.network(), "values": (example.X, example.Y[:2])},
            ValueError,
            "values[1] (Y) has 2 rows",
        ),
        (
            {"net": example.network(), "values": example.data(), "sample": 4},
            ValueError,
            "between 0 and 3",
        ),
        (
            {"net": example.network(), "values": example.data(), "sample": 1.0},
            TypeError,
            "sample must be",
        ),
        ({"layers_dims": [2, 3, 1], "highlight": (1, "row")}, TypeError, "highlight must be"),
        ({"layers_dims": [2, 3, 1], "highlight": (1, "diag", 1)}, ValueError, "'row' or 'col'"),
        ({"layers_dims": [2, 3, 1], "highlight": (3, "row", 1)}, ValueError, "between 1 and L = 2"),
        ({"layers_dims": [2, 3, 1], "highlight": (1, "row", 3)}, ValueError, "W(1) has 2 rows"),
        ({"layers_dims": [2, 3, 1], "highlight": (1, "col", 0)}, ValueError, "between 1 and 3"),
        ({"layers_dims": [2, 3, 1], "caption": 3}, TypeError, "caption must be a string"),
    ],
)
def test_bad_arguments_get_clear_errors(kwargs, error, words):
    with pytest.raises(error) as info:
        network_diagram(**kwargs)
    assert words in str(info.value)


def test_describe_mentions_values_and_deltas():
    d = network_diagram(example.network(), values=example.data(), sample=2, backward=True)
    assert "sample 2" in d.describe() and "deltas" in d.describe()


def test_drawing_leaves_pyplot_alone():
    """A diagram cell must not change the notebook's backend or leave a figure behind:
    the plots of later cells would vanish from the page."""
    import matplotlib
    import matplotlib.pyplot as plt

    before = matplotlib.get_backend()
    plt.switch_backend("svg")  # stands in for a notebook's inline backend
    try:
        figures = plt.get_fignums()
        network_diagram(example.network(), values=example.data())._repr_html_()
        assert matplotlib.get_backend() == "svg"
        assert plt.get_fignums() == figures
    finally:
        plt.switch_backend(before)
