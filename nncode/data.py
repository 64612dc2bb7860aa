"""The book's data, in one place: every chapter and test takes its examples from here.

- ``example``: the worked example of Part II, a [2, 3, 2, 1] network with its weights
  and four samples (``example.X``, ``example.Y``, ``example.PARAMS``,
  ``example.network()``, ``example.data()``).
- ``ten_points()``: the ten points of Part I (full batch against stochastic descent).
- ``twelve_step_data()``: the three samples of Part IV's twelve steps.
- ``walkthrough_data()``: the three samples of Part IV's detailed walk-through, one
  sample per column.
- ``digits()`` and ``digits_split()``: scikit-learn's 8 x 8 handwritten digits and the
  fixed stratified train/test split of Part V. scikit-learn is imported only when one of
  them is called, so ``import nncode`` needs NumPy alone.
- What the source tutorials published, which chapters and tests quote: the forward
  example (``SOURCE_FORWARD``, ``SOURCE_DJ_DW3_21``) and the two printouts of the
  walk-through (``WALKTHROUGH_PRINTED_ERROR``, ``WALKTHROUGH_PRINTED_LOSSES``).

The functions return fresh arrays on every call, and the arrays of ``example`` are
read-only, so no cell can change the data another cell sees. Change a value here and
every page that shows it changes with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from .network import NN
from .validate import check_seed


def _frozen(rows: list[list[float]]) -> np.ndarray:
    array = np.array(rows, dtype=np.float64)
    array.setflags(write=False)
    return array


# ---------------------------------------------------------------------------------------
# Part II: the worked example
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkedExample:
    """A network with fixed weights and its data (the type of ``example``).

    Attributes
    ----------
    LAYERS_DIMS : tuple of int
        Neurons per layer, input first.
    X, Y : numpy.ndarray
        Inputs and targets, one sample per row (read-only).
    PARAMS : Mapping
        ``W1, b1, ...``: W(l)[i, j] is the weight from neuron i of layer l-1 to neuron j of
        layer l (0-based here, 1-based in the text); read-only.
    activation_hidden, activation_output, loss_function : str
        The names that ``network()`` gives ``NN``.
    """

    LAYERS_DIMS: tuple[int, ...]
    X: np.ndarray
    Y: np.ndarray
    PARAMS: Mapping[str, np.ndarray]
    activation_hidden: str
    activation_output: str
    loss_function: str

    def network(self) -> NN:
        """The network with these weights (a fresh copy each call)."""
        net = NN(
            list(self.LAYERS_DIMS),
            self.activation_hidden,
            self.activation_output,
            self.loss_function,
        )
        net.params = {k: v.copy() for k, v in self.PARAMS.items()}
        return net

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of (X, Y)."""
        return self.X.copy(), self.Y.copy()


example = WorkedExample(
    LAYERS_DIMS=(2, 3, 2, 1),
    X=_frozen([[2.0, 1.0], [1.0, 2.5], [3.0, 2.0], [0.5, 1.5]]),
    Y=_frozen([[1.0], [0.4], [1.8], [0.6]]),
    PARAMS=MappingProxyType(
        {
            "W1": _frozen([[0.5, -0.4, 0.3], [-0.2, 0.6, -0.5]]),
            "b1": _frozen([[0.1, -0.3, 0.2]]),
            "W2": _frozen([[0.7, -0.6], [0.4, 0.8], [-0.9, 0.5]]),
            "b2": _frozen([[-0.1, 0.2]]),
            "W3": _frozen([[1.5], [-0.8]]),
            "b3": _frozen([[0.4]]),
        }
    ),
    activation_hidden="relu",
    activation_output="identity",
    loss_function="mse",
)
"""The worked example of Part II, with ReLU in the hidden layers, the identity at the
output, the MSE cost and four samples. The weights are round numbers chosen so that the forward
pass is easy to follow and some ReLUs are off (a negative receptor) while others are on;
no receptor is exactly 0, where ReLU has no derivative.

:meta hide-value:
"""


# ---------------------------------------------------------------------------------------
# Part I: ten points for gradient descent
# ---------------------------------------------------------------------------------------


def ten_points(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Ten points (x1, x2) with targets y, rounded to one decimal so a table reads well.

    The targets follow y = 2 x1 - x2 plus a little noise. Returns ``X`` of shape (10, 2)
    and ``y`` of shape (10, 1).
    """
    rng = np.random.default_rng(check_seed(seed))
    X = np.round(rng.uniform(0.0, 2.0, size=(10, 2)), 1)
    y = np.round(X @ np.array([[2.0], [-1.0]]) + rng.normal(0.0, 0.1, size=(10, 1)), 1)
    return X, y


# ---------------------------------------------------------------------------------------
# Part IV: the twelve steps and the detailed walk-through
# ---------------------------------------------------------------------------------------


def twelve_step_data() -> tuple[np.ndarray, np.ndarray]:
    """The twelve steps' data: X of shape (3, 4), one sample per row, and y of shape (3, 1).

    X = [[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]] and y = [1, 1, 0]^T.
    """
    X = np.array([[1, 0, 1, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=np.float64)
    y = np.array([[1], [1], [0]], dtype=np.float64)
    return X, y


def walkthrough_data() -> tuple[np.ndarray, np.ndarray]:
    """The walk-through's data, one sample per *column*: X of shape (4, 3), y of shape (1, 3).

    Written one sample per row, X is [[1, 0, 0, 0], [1, 0, 1, 1], [0, 1, 0, 1]] (its first
    sample differs from the twelve steps' one) and y is [1, 1, 0]^T; both are transposed.
    """
    X = np.array([[1, 0, 0, 0], [1, 0, 1, 1], [0, 1, 0, 1]], dtype=np.float64)
    y = np.array([[1], [1], [0]], dtype=np.float64)
    return X.T, y.T


# ---------------------------------------------------------------------------------------
# Part V: handwritten digits
# ---------------------------------------------------------------------------------------

DIGITS_TEST_FRACTION = 0.2
"""The share of the digits held out as the test set by ``digits_split``."""

DIGITS_SPLIT_SEED = 0
"""The seed (scikit-learn's ``random_state``) of the split by ``digits_split``."""


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 1797 handwritten digits: X of shape (1797, 64) and the labels 0..9.

    Each row is an 8 x 8 grey-scale image, its 64 pixel values (0 to 16 in the file)
    divided by 16, so in [0, 1]. ``load_digits`` reads a file inside the scikit-learn
    package: nothing is downloaded.
    """
    from sklearn.datasets import load_digits  # type: ignore[import-untyped]

    bunch = load_digits()
    return bunch.data / 16.0, bunch.target.copy()


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The fixed split of ``digits()`` that Part V uses: X_train, X_test, labels_train, labels_test.

    A fifth of the images (``DIGITS_TEST_FRACTION``) is held out as the test set, drawn
    with the seed ``DIGITS_SPLIT_SEED`` and stratified, so that every digit is about as
    frequent in both parts.
    """
    from sklearn.model_selection import train_test_split  # type: ignore[import-untyped]

    X, labels = digits()
    X_train, X_test, labels_train, labels_test = train_test_split(
        X,
        labels,
        test_size=DIGITS_TEST_FRACTION,
        random_state=DIGITS_SPLIT_SEED,
        stratify=labels,
    )
    return X_train, X_test, labels_train, labels_test


# ---------------------------------------------------------------------------------------
# What the sources published
# ---------------------------------------------------------------------------------------

SOURCE_FORWARD: Mapping[str, tuple[float, ...]] = MappingProxyType(
    {
        "x0": (6.1, 8.7),
        "y": (113.0,),
        "z1": (-0.314, 0.818, -0.417),
        "x1": (0.0, 0.818, 0.0),
        "z2": (-0.07362, 0.02454),
        "x2": (0.0, 0.02454),
        "z3": (0.0017178,),
        "x3": (0.0017178,),
    }
)
"""The forward example one source works on a [2, 3, 2, 1] ReLU network with its own
weights (given only in a figure): the first sample ``x0`` with target ``y``, and the
receptors and activations it reports, to the digits it prints: ``SOURCE_FORWARD["z1"]``
is (-0.314, 0.818, -0.417).

:meta hide-value:
"""

SOURCE_DJ_DW3_21 = -2.77
"""The same source's dJ/dw(3)_{2,1} = (x(3)_1 - y) x(2)_2 for that sample, as it rounds it."""

WALKTHROUGH_PRINTED_ERROR = "[[0.05013458, 0.03727248, 0.25388062]]"
"""The walk-through's printout of the untrained per-sample error (y - output)^2 / 2."""

WALKTHROUGH_PRINTED_LOSSES = (
    "0.11553",
    "0.11082",
    "0.10606",
    "0.09845",
    "0.08483",
    "0.06396",
    "0.04206",
    "0.02641",
    "0.01719",
    "0.01190",
)
"""The walk-through's printout of the mean error every 100 of its 1000 training epochs."""
