"""The check of the walk-through's exercise (Part IV): its slip catalogue, proved.

The arrays are computed here from scratch, as the chapter's reader computes them (samples
in columns, no biases, the first draw of RandomState(42)); the right answer is their
product and, independently, a finite difference of the third sample's error.
"""

from __future__ import annotations

import numpy as np
import pytest
from slipbook import GARBAGE_ANSWERS, fails, passes

from nncode.exercises.walkthrough import check_dE3_dw1_21, hint_dE3_dw1_21

X = np.array([[1, 0, 0, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=float).T  # 4 x 3
Y = np.array([[1.0, 1.0, 0.0]])  # 1 x 3
_rng = np.random.RandomState(42)
W_IH = _rng.uniform(size=(4, 3))
W_HO = _rng.uniform(size=(3, 1))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


Z_H = W_IH.T @ X
H = sigmoid(Z_H)
Z_O = W_HO.T @ H
OUT = sigmoid(Z_O)
DE_DOUT = -(Y - OUT)  # error_wrt_output, 1 x 3
DOUT_DZO = OUT * (1 - OUT)  # output_wrt_outputLayer_input, 1 x 3
DH_DZH = H * (1 - H)  # hiddenLayer_activations_wrt_hiddenLayer_input, 3 x 3


def chain(sample=2, i=1, j=0, *, err=DE_DOUT, slope_o=DOUT_DZO, w=W_HO, slope_h=DH_DZH):
    """The product of the five factors for the weight w_ih[i, j] and one sample."""
    return err[0, sample] * slope_o[0, sample] * w[j, 0] * slope_h[j, sample] * X[i, sample]


RIGHT = chain()

BATCH = sum(chain(sample=s) for s in range(3))

SLIPS = [
    # (name, the learner's answer, words the message must contain)
    ("indices swapped", chain(i=0, j=1), ["indices are swapped", "w_ih[1, 0]"]),
    ("sample 1", chain(sample=0), ["sample 1 or 2", "column 2"]),
    ("sign", chain(err=Y - OUT), ["sign is wrong", "ŷ − y"]),
    ("no hidden slope", chain(slope_h=np.ones_like(H)), ["slope of hidden neuron 1"]),
    ("no output slope", chain(slope_o=np.ones_like(OUT)), ["slope of the output sigmoid"]),
    ("hidden slope at z", chain(slope_h=Z_H * (1 - Z_H)), ["wrong variable", "receptor z"]),
    ("output slope at z", chain(slope_o=Z_O * (1 - Z_O)), ["wrong variable", "z_o"]),
    ("rows as samples", chain(slope_h=DH_DZH.T), ["[2, 0]", "*columns*"]),
    ("w_ho of neuron 3", chain(w=W_HO[::-1]), ["w_ho[0, 0]", "w_ho[2, 0]"]),
    ("another hidden neuron", chain(j=1), ["∂E₃/∂w⁽¹⁾₂,₂", "hidden neuron 2"]),
    ("another input and neuron", chain(i=3, j=2), ["to hidden neuron 3", "w_ih[1, 0]"]),
    ("the batch average", BATCH / 3, ["average over all 3 samples", "E₃"]),
    ("a function", chain, ["one number", "the function chain"]),
    ("an array", np.array([RIGHT, RIGHT]), ["one number", "(2,)"]),
    ("True", True, ["must be a number"]),
]


def test_the_product_of_the_factors_passes_also_rounded():
    passes(check_dE3_dw1_21(RIGHT))
    passes(check_dE3_dw1_21(float(f"{RIGHT:.6g}")))
    passes(check_dE3_dw1_21(np.array([[RIGHT]])))


def test_the_finite_difference_of_E3_passes():
    def E3(w_ih):
        out = sigmoid(W_HO.T @ sigmoid(w_ih.T @ X))
        return 0.5 * float((Y[0, 2] - out[0, 2]) ** 2)

    eps, up, down = 1e-6, W_IH.copy(), W_IH.copy()
    up[1, 0] += eps
    down[1, 0] -= eps
    numeric = (E3(up) - E3(down)) / (2 * eps)
    assert numeric == pytest.approx(RIGHT, rel=1e-7)
    passes(check_dE3_dw1_21(numeric))


def test_the_batch_sum_is_right_here_because_only_sample_3_uses_input_2():
    assert X[1, 0] == X[1, 1] == 0
    passes(check_dE3_dw1_21(BATCH))


@pytest.mark.parametrize(("name", "answer", "words"), SLIPS, ids=[s[0] for s in SLIPS])
def test_every_slip_is_named(name, answer, words):
    fails(check_dE3_dw1_21(answer), *words)


def test_an_answer_that_is_no_slip_gets_the_numbers():
    fails(check_dE3_dw1_21(RIGHT * 1.5), f"{RIGHT:.6g}")


@GARBAGE_ANSWERS
def test_garbage_fails_and_never_raises(garbage):
    fails(check_dE3_dw1_21(garbage))


def test_hints():
    assert "five factors" in str(hint_dE3_dw1_21())
    assert "column 2" in str(hint_dE3_dw1_21(2))
    assert "X[1, 2]" in str(hint_dE3_dw1_21(3))
