"""The worked example is a good lesson: ReLUs both on and off, no receptor at the kink."""

from __future__ import annotations

import numpy as np

from nncode import example
from nncode.gradcheck import gradient_check


def test_shapes_follow_the_notation():
    for l in (1, 2, 3):
        n_prev, n_l = example.LAYERS_DIMS[l - 1], example.LAYERS_DIMS[l]
        assert example.PARAMS[f"W{l}"].shape == (n_prev, n_l)
        assert example.PARAMS[f"b{l}"].shape == (1, n_l)
    assert example.X.shape == (4, 2) and example.Y.shape == (4, 1)


def test_hidden_relus_are_sometimes_on_sometimes_off_never_at_zero():
    net = example.network()
    coef = net.forward_pass(example.X, training=True)
    for l in (1, 2):
        z = coef[f"z{l}"]
        assert np.all(np.abs(z) > 1e-6), "a receptor at the ReLU kink has no derivative"
        assert (z > 0).any() and (z < 0).any()
        assert (z[0] < 0).any(), "the first sample should switch off a neuron in each layer"


def test_first_sample_by_hand():
    """The first sample's forward pass, written with plain Python arithmetic."""
    x = [2.0, 1.0]
    W1, b1 = example.PARAMS["W1"], example.PARAMS["b1"][0]
    z1 = [x[0] * W1[0, k] + x[1] * W1[1, k] + b1[k] for k in range(3)]
    x1 = [max(0.0, v) for v in z1]
    W2, b2 = example.PARAMS["W2"], example.PARAMS["b2"][0]
    z2 = [sum(x1[j] * W2[j, k] for j in range(3)) + b2[k] for k in range(2)]
    x2 = [max(0.0, v) for v in z2]
    W3, b3 = example.PARAMS["W3"], example.PARAMS["b3"][0]
    z3 = x2[0] * W3[0, 0] + x2[1] * W3[1, 0] + b3[0]
    out = example.network().forward_pass(example.X[:1])
    assert out[0, 0] == np.float64(z3)


def test_gradients_are_right_at_the_example():
    errors = gradient_check(example.network(), example.X, example.Y)
    assert max(errors.values()) < 1e-7, errors


def test_network_returns_independent_copies():
    net = example.network()
    net.params["W1"][0, 0] = 99.0
    assert example.PARAMS["W1"][0, 0] == 0.5


def test_feedback_reads_well_in_text_and_html():
    from nncode.exercises import fail, passed

    good, bad = passed("all three outputs match"), fail("Z1 has shape (3, 4); expected (4, 3)")
    assert bool(good) and not bool(bad)
    assert str(bad) == "Not yet: Z1 has shape (3, 4); expected (4, 3)"
    assert "Not yet:" in bad._repr_html_() and "(3, 4)" in bad._repr_html_()
    assert "<script>" not in fail("<script>")._repr_html_()
