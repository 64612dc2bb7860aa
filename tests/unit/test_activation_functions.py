"""Activation functions: values against math, derivatives against finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nncode import ACTIVATIONS

# the elementwise ones; softmax (a whole row at a time) is tested below
NAMES = sorted(k for k, act in ACTIVATIONS.items() if act.get("elementwise", True))
# points away from the ReLU kink at 0, where finite differences are not defined
Z = np.array([[-3.0, -0.7, -0.01], [0.02, 0.5, 2.5]])


def reference(name: str, z: float) -> float:
    """Each activation written with the math module, one number at a time."""
    return {
        "identity": z,
        "relu": max(0.0, z),
        "sigmoid": 1.0 / (1.0 + math.exp(-z)),
        "tanh": math.tanh(z),
        "leaky_relu": z if z > 0 else 0.01 * z,
    }[name]


@pytest.mark.parametrize("name", NAMES)
def test_values_match_scalar_reference(name):
    got = ACTIVATIONS[name]["activation"](Z)
    want = np.vectorize(lambda z: reference(name, z))(Z)
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name):
    f = ACTIVATIONS[name]["activation"]
    eps = 1e-6
    numeric = (f(Z + eps) - f(Z - eps)) / (2 * eps)
    np.testing.assert_allclose(ACTIVATIONS[name]["derivative"](Z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_dicts_have_the_taught_keys(name):
    act = ACTIVATIONS[name]
    assert {"activation", "derivative"} <= set(act)
    assert act["name"] == name


@pytest.mark.parametrize("name", NAMES)
def test_extreme_receptors_stay_finite_without_warnings(name):
    # pytest turns every warning into an error (pyproject filterwarnings), so an
    # overflow or invalid-value RuntimeWarning fails this test
    z = np.array([-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4])
    a = ACTIVATIONS[name]["activation"](z)
    d = ACTIVATIONS[name]["derivative"](z)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d))


def test_softmax_is_the_only_activation_that_is_not_elementwise():
    assert NAMES == ["identity", "leaky_relu", "relu", "sigmoid", "tanh"]
    assert ACTIVATIONS["softmax"]["elementwise"] is False


def test_softmax_matches_a_row_by_row_reference():
    got = ACTIVATIONS["softmax"]["activation"](Z)
    for row, p in zip(Z, got):
        e = [math.exp(z) for z in row]
        np.testing.assert_allclose(p, [v / sum(e) for v in e], rtol=1e-14)


def test_sigmoid_saturates_correctly():
    s = ACTIVATIONS["sigmoid"]["activation"](np.array([-1e4, 1e4, -40.0]))
    assert s[0] == 0.0 and s[1] == 1.0
    assert s[2] == pytest.approx(math.exp(-40.0), rel=1e-12)  # not rounded to 0


def test_relu_derivative_is_zero_at_the_kink_and_one_above():
    d = ACTIVATIONS["relu"]["derivative"](np.array([-1.0, 0.0, 1e-300, 3.0]))
    assert d.tolist() == [0.0, 0.0, 1.0, 1.0]
