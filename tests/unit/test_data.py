"""nncode.data: the worked example is a good lesson (ReLUs both on and off, no receptor at
the kink), every data set is what the sources and chapters say, and none can be changed."""

from __future__ import annotations

import math

import numpy as np
import pytest
from booktest import PUBLISHED_DJ_DW3_21, PUBLISHED_FORWARD

from nncode import data
from nncode.data import example
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


def test_network_and_data_return_independent_copies():
    net = example.network()
    net.params["W1"][0, 0] = 99.0
    X, Y = example.data()
    X[0, 0] = Y[0, 0] = 99.0
    assert example.PARAMS["W1"][0, 0] == 0.5
    assert example.X[0, 0] == 2.0 and example.Y[0, 0] == 1.0
    assert example.network().params["W1"][0, 0] == 0.5


def test_the_example_cannot_be_changed_in_place():
    with pytest.raises(ValueError, match="read-only"):
        example.X[0, 0] = 5.0
    with pytest.raises(ValueError, match="read-only"):
        example.PARAMS["W2"][0, 0] = 5.0
    with pytest.raises(TypeError):
        example.PARAMS["W9"] = np.zeros((1, 1))  # type: ignore[index]


def test_twelve_step_and_walkthrough_data_are_the_sources():
    X, y = data.twelve_step_data()
    assert X.tolist() == [[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]]
    assert y.tolist() == [[1], [1], [0]]
    Xw, yw = data.walkthrough_data()  # one sample per column
    assert Xw.T.tolist() == [[1, 0, 0, 0], [1, 0, 1, 1], [0, 1, 0, 1]]
    assert yw.tolist() == [[1, 1, 0]]
    X[0, 0] = Xw[0, 0] = 7.0
    assert data.twelve_step_data()[0][0, 0] == 1.0 and data.walkthrough_data()[0][0, 0] == 1.0


def test_ten_points_are_seeded_and_rounded():
    X, y = data.ten_points()
    assert X.shape == (10, 2) and y.shape == (10, 1)
    X2, y2 = data.ten_points()
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert np.array_equal(X, np.round(X, 1)) and np.array_equal(y, np.round(y, 1))
    # another seed, another draw: the one default_rng(4) makes
    want = np.round(np.random.default_rng(4).uniform(0.0, 2.0, size=(10, 2)), 1)
    np.testing.assert_array_equal(data.ten_points(seed=4)[0], want)
    # y = 2 x1 - x2 plus noise of standard deviation 0.1, rounded
    assert np.max(np.abs(y[:, 0] - (2 * X[:, 0] - X[:, 1]))) < 0.5


def test_digits_split_is_fixed_stratified_and_fresh():
    X, labels = data.digits()
    assert X.shape == (1797, 64) and X.min() == 0.0 and X.max() == 1.0
    assert sorted(set(labels.tolist())) == list(range(10))
    X_train, X_test, labels_train, labels_test = data.digits_split()
    assert len(X_test) == math.ceil(data.DIGITS_TEST_FRACTION * len(X))  # as scikit-learn rounds
    assert len(X_train) + len(X_test) == len(X)
    # stratified: every digit is about as frequent in both parts
    share_train = np.bincount(labels_train, minlength=10) / len(labels_train)
    share_test = np.bincount(labels_test, minlength=10) / len(labels_test)
    assert np.max(np.abs(share_train - share_test)) < 0.01
    again = data.digits_split()
    assert np.array_equal(X_train, again[0]) and np.array_equal(labels_test, again[3])
    first = float(X_train[0, 0])
    X_train[0, 0] = 42.0
    assert data.digits_split()[0][0, 0] == first
    # every test image is one of the digits, and no image is in both parts
    rows = {tuple(r) for r in X}
    assert all(tuple(r) in rows for r in X_test)
    assert not {tuple(r) for r in X_test} & {tuple(r) for r in again[0]}


def test_published_forward_values_are_the_source_s_and_hang_together():
    """nncode.data quotes the source's numbers (typed in conftest from the source), and
    they obey the source's own equations, to the digits it printed."""
    assert dict(data.SOURCE_FORWARD) == PUBLISHED_FORWARD
    assert data.SOURCE_DJ_DW3_21 == PUBLISHED_DJ_DW3_21
    src = PUBLISHED_FORWARD
    assert src["x1"] == tuple(max(0.0, z) for z in src["z1"])
    assert src["x2"] == tuple(max(0.0, z) for z in src["z2"])
    assert src["x3"] == src["z3"]  # the identity output
    # dJ/dw(3)_{2,1} = (x(3)_1 - y) * 1 * x(2)_2, as the source rounds it
    grad = (src["x3"][0] - src["y"][0]) * src["x2"][1]
    assert round(grad, 2) == PUBLISHED_DJ_DW3_21


def test_importing_nncode_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = "import sys, nncode, nncode.data; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_feedback_reads_well_in_text_and_html():
    from nncode.exercises import fail, passed

    good, bad = passed("all three outputs match"), fail("Z1 has shape (3, 4); expected (4, 3)")
    assert bool(good) and not bool(bad)
    assert str(bad) == "Not yet: Z1 has shape (3, 4); expected (4, 3)"
    assert "Not yet:" in bad._repr_html_() and "(3, 4)" in bad._repr_html_()
    assert "<script>" not in fail("<script>")._repr_html_()
