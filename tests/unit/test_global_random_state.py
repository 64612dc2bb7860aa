"""nncode never reads or moves NumPy's global random state (np.random.seed and friends).

Every draw comes from a generator the caller seeds: the same calls give the same numbers
whatever the global state is, and they leave the global state where it was.
"""

from __future__ import annotations

import numpy as np

from nncode import NN, classic
from nncode.data import ten_points
from nncode.init import init_params
from nncode.losses import one_hot
from nncode.training import fit


def every_random_draw():
    """One call of each function of nncode that draws random numbers, and what it drew."""
    net = NN([2, 5, 3], "relu", "softmax", "cross_entropy", seed=3)
    X, _ = ten_points()
    Y = one_hot(np.arange(10) % 3, 3)
    fit(net, X, Y, 2, batch_size=4, keep_prob=0.5, seed=4)
    return [
        net.params["W1"],
        NN([2, 3, 1], "relu", "identity", "mse", seed=1).params["W1"],
        classic.ClassicMLP(4, 3, rng=0).wh,
        classic.walkthrough_weights(42)[0],
        init_params([3, 2], "he", seed=5)["W1"],
        X,
    ]


def global_state():
    """The legacy global generator's key and position, as a comparable tuple."""
    _, key, pos, *_ = np.random.get_state()
    return tuple(key.tolist()), pos


def test_results_do_not_depend_on_the_global_state_and_leave_it_alone():
    saved = np.random.get_state()
    try:
        np.random.seed(1)
        before = global_state()
        first = every_random_draw()
        assert global_state() == before  # not moved
        np.random.seed(2)
        second = every_random_draw()
        for a, b in zip(first, second):
            np.testing.assert_array_equal(a, b)
    finally:
        np.random.set_state(saved)
