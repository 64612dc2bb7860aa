"""The classic one-hidden-layer sigmoid network (Part IV of the book).

Two views of the same network, each in the naming of the tutorial it comes from.

**The 12 steps** (``ClassicMLP``): samples in rows, weights ``wh, bh, wout, bout``,
error ``E = y - output`` and updates with ``+=``. Because E = y - output is *minus*
the derivative of the squared error with respect to the output, ``w += lr * (...)``
is exactly gradient descent ``w -= lr * dJ/dw``.

**The detailed walk-through** (``walkthrough_*``): samples in *columns* (X is 4 x 3),
no biases, weights ``w_ih`` (4 x 3) and ``w_ho`` (3 x 1) drawn with
``np.random.uniform`` after ``np.random.seed(42)``, and the chain rule written out
piece by piece.

The data of both are in ``nncode.data`` (``twelve_step_data``, ``walkthrough_data``).

Randomness comes from an explicit ``np.random.RandomState``: seeded with 42 it draws the
very numbers ``np.random.seed(42); np.random.uniform(...)`` draws, without touching
NumPy's global state.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .activations import sigmoid
from .validate import as_data, as_matrix, check_count, check_positive_number, check_random_state


def sigmoid_slope(s: np.ndarray) -> np.ndarray:
    """Slope of the sigmoid written with its *output* s = sigmoid(z): s (1 - s)."""
    return s * (1.0 - s)


# ---------------------------------------------------------------------------------------
# The 12 steps
# ---------------------------------------------------------------------------------------

STEP_NAMES = (
    "hidden_layer_input",
    "hiddenlayer_activations",
    "output_layer_input",
    "output",
    "E",
    "slope_output_layer",
    "slope_hidden_layer",
    "d_output",
    "Error_at_hidden_layer",
    "d_hiddenlayer",
    "wout",
    "wh",
    "bout",
    "bh",
)
"""What ``ClassicMLP.step`` records, in the order it computes them (the four updates
are the twelfth step's parts)."""


class ClassicMLP:
    """One hidden sigmoid layer, one sigmoid output, trained with the 12 steps.

    Parameters
    ----------
    n_inputs, n_hidden, n_outputs : int
        Layer widths.
    rng : int, numpy.random.RandomState or numpy.random.Generator
        Where the initial weights come from (uniform in [0, 1)), drawn in the order wh,
        bh, wout, bout. A seed s draws what ``np.random.seed(s); np.random.uniform(...)``
        draws, as the tutorial did.
    """

    def __init__(self, n_inputs: int, n_hidden: int, n_outputs: int = 1, rng: Any = 0) -> None:
        for name, value in (
            ("n_inputs", n_inputs),
            ("n_hidden", n_hidden),
            ("n_outputs", n_outputs),
        ):
            check_count(value, name, minimum=1)
        rng = check_random_state(rng)
        self.wh = rng.uniform(size=(n_inputs, n_hidden))
        self.bh = rng.uniform(size=(1, n_hidden))
        self.wout = rng.uniform(size=(n_hidden, n_outputs))
        self.bout = rng.uniform(size=(1, n_outputs))

    def predict(self, X: Any) -> np.ndarray:
        """Forward propagation only (steps 1-2)."""
        X = as_data("X", X, n_cols=self.wh.shape[0], cols_meaning="input neurons")
        hidden = sigmoid(X @ self.wh + self.bh)
        return sigmoid(hidden @ self.wout + self.bout)

    def step(self, X: Any, y: Any, lr: float) -> dict[str, np.ndarray]:
        """One iteration of the 12 steps; updates the weights and returns every intermediate.

        The returned dict has the keys of ``STEP_NAMES``; ``wout, wh, bout, bh`` are the
        values *after* the update.
        """
        X = as_data("X", X, n_cols=self.wh.shape[0], cols_meaning="input neurons")
        y = as_data("y", y, n_cols=self.wout.shape[1], n_rows=X.shape[0], cols_meaning="outputs")
        lr = check_positive_number(lr, "lr")
        return self._step(X, y, lr)

    def _step(self, X: np.ndarray, y: np.ndarray, lr: float) -> dict[str, np.ndarray]:
        # forward propagation
        hidden_layer_input = X @ self.wh + self.bh
        hiddenlayer_activations = sigmoid(hidden_layer_input)
        output_layer_input = hiddenlayer_activations @ self.wout + self.bout
        output = sigmoid(output_layer_input)
        # backpropagation
        E = y - output
        slope_output_layer = sigmoid_slope(output)
        slope_hidden_layer = sigmoid_slope(hiddenlayer_activations)
        d_output = E * slope_output_layer
        Error_at_hidden_layer = d_output @ self.wout.T
        d_hiddenlayer = Error_at_hidden_layer * slope_hidden_layer
        self.wout = self.wout + hiddenlayer_activations.T @ d_output * lr
        self.wh = self.wh + X.T @ d_hiddenlayer * lr
        self.bout = self.bout + np.sum(d_output, axis=0, keepdims=True) * lr
        self.bh = self.bh + np.sum(d_hiddenlayer, axis=0, keepdims=True) * lr
        return {
            "hidden_layer_input": hidden_layer_input,
            "hiddenlayer_activations": hiddenlayer_activations,
            "output_layer_input": output_layer_input,
            "output": output,
            "E": E,
            "slope_output_layer": slope_output_layer,
            "slope_hidden_layer": slope_hidden_layer,
            "d_output": d_output,
            "Error_at_hidden_layer": Error_at_hidden_layer,
            "d_hiddenlayer": d_hiddenlayer,
            "wout": self.wout,
            "wh": self.wh,
            "bout": self.bout,
            "bh": self.bh,
        }

    def train(self, X: Any, y: Any, epochs: int, lr: float = 0.1) -> list[float]:
        """Run ``epochs`` iterations; returns the mean of E^2 / 2 before each update."""
        X = as_data("X", X, n_cols=self.wh.shape[0], cols_meaning="input neurons")
        y = as_data("y", y, n_cols=self.wout.shape[1], n_rows=X.shape[0], cols_meaning="outputs")
        epochs = check_count(epochs, "epochs")
        lr = check_positive_number(lr, "lr")
        losses = []
        for _ in range(epochs):
            E = self._step(X, y, lr)["E"]
            losses.append(float(np.mean(E**2) / 2))
        return losses


# ---------------------------------------------------------------------------------------
# The detailed walk-through: samples in columns, no biases
# ---------------------------------------------------------------------------------------


def walkthrough_weights(
    rng: Any, n_inputs: int = 4, n_hidden: int = 3, n_outputs: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Draw w_ih (n_inputs x n_hidden), then w_ho (n_hidden x n_outputs), uniform in [0, 1).

    ``rng`` is a ``np.random.RandomState`` (or ``Generator``); a seed s gives what the
    tutorial's ``np.random.seed(s)`` followed by ``np.random.uniform`` gives.
    """
    rng = check_random_state(rng)
    for name, value in (("n_inputs", n_inputs), ("n_hidden", n_hidden), ("n_outputs", n_outputs)):
        check_count(value, name, minimum=1)
    w_ih = rng.uniform(size=(n_inputs, n_hidden))
    w_ho = rng.uniform(size=(n_hidden, n_outputs))
    return w_ih, w_ho


def walkthrough_arrays(
    w_ih: Any, w_ho: Any, X: Any, y: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The walk-through's arrays as float matrices whose shapes fit, or an error naming the
    one that does not: w_ih (n_inputs, n_hidden), w_ho (n_hidden, n_outputs), and one
    sample per *column*, X (n_inputs, n) and y (n_outputs, n)."""
    w_ih = as_matrix("w_ih", w_ih, "(n_inputs, n_hidden)")
    w_ho = as_matrix("w_ho", w_ho, "(n_hidden, n_outputs)")
    X = as_matrix("X", X, "(n_inputs, n_samples), one sample per column")
    y = as_matrix("y", y, "(n_outputs, n_samples), one sample per column")
    (n_in, n_hidden), n_out, n = w_ih.shape, w_ho.shape[1], X.shape[1]
    for name, arr, want in (
        ("w_ho", w_ho, (n_hidden, n_out)),
        ("X", X, (n_in, n)),
        ("y", y, (n_out, n)),
    ):
        if arr.shape != want:
            raise ValueError(
                f"{name} has shape {arr.shape}, but w_ih {w_ih.shape}, w_ho {w_ho.shape} and "
                f"X {X.shape} need {want}: samples are columns here (X is n_inputs x n)"
            )
    return w_ih, w_ho, X, y


def walkthrough_forward(
    w_ih: np.ndarray, w_ho: np.ndarray, X: np.ndarray, y: np.ndarray
) -> dict[str, np.ndarray]:
    """Forward pass and per-sample error (y - output)^2 / 2, samples in columns."""
    w_ih, w_ho, X, y = walkthrough_arrays(w_ih, w_ho, X, y)
    hiddenLayer_input = w_ih.T @ X
    hiddenLayer_activations = sigmoid(hiddenLayer_input)
    outputLayer_input = w_ho.T @ hiddenLayer_activations
    output = sigmoid(outputLayer_input)
    error = np.square(y - output) / 2
    return {
        "hiddenLayer_input": hiddenLayer_input,
        "hiddenLayer_activations": hiddenLayer_activations,
        "outputLayer_input": outputLayer_input,
        "output": output,
        "error": error,
    }


def walkthrough_gradients(
    w_ih: np.ndarray, w_ho: np.ndarray, X: np.ndarray, y: np.ndarray
) -> dict[str, np.ndarray]:
    """The error, the chain-rule pieces of the walk-through and the two weight gradients.

    E = (y - output)^2 / 2, summed over the samples:
    dE/dw_ho = h . (dE/dout * dout/dz_out)^T and
    dE/dw_ih = X . (dh/dz_h * (w_ho . (dout/dz_out * dE/dout)))^T.
    """
    w_ih, w_ho, X, y = walkthrough_arrays(w_ih, w_ho, X, y)
    f = walkthrough_forward(w_ih, w_ho, X, y)
    h, output = f["hiddenLayer_activations"], f["output"]
    pieces = {
        "error": f["error"],  # (1, 3), before any update
        "error_wrt_output": -(y - output),  # (1, 3)
        "output_wrt_outputLayer_input": sigmoid_slope(output),  # (1, 3)
        "outputLayer_input_wrt_hiddenLayer_activations": w_ho,  # (3, 1)
        "hiddenLayer_activations_wrt_hiddenLayer_input": sigmoid_slope(h),  # (3, 3)
        "hiddenLayer_input_wrt_w_ih": X,  # (4, 3)
    }
    delta_out = pieces["error_wrt_output"] * pieces["output_wrt_outputLayer_input"]
    pieces["error_wrt_w_ho"] = h @ delta_out.T
    pieces["error_wrt_w_ih"] = (
        X @ (pieces["hiddenLayer_activations_wrt_hiddenLayer_input"] * (w_ho @ delta_out)).T
    )
    return pieces


def walkthrough_train(
    w_ih: np.ndarray,
    w_ho: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    lr: float = 0.1,
    epochs: int = 1000,
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Gradient descent for ``epochs`` epochs; returns the new weights and the mean error
    (the average of (y - output)^2 / 2 over samples) measured before each update."""
    w_ih, w_ho, X, y = walkthrough_arrays(w_ih, w_ho, X, y)
    lr = check_positive_number(lr, "lr")
    epochs = check_count(epochs, "epochs")
    losses = []
    for _ in range(epochs):
        g = walkthrough_gradients(w_ih, w_ho, X, y)
        losses.append(float(np.average(g["error"])))
        w_ih = w_ih - lr * g["error_wrt_w_ih"]
        w_ho = w_ho - lr * g["error_wrt_w_ho"]
    return w_ih, w_ho, losses
