"""The feedforward network ``NN`` that the book builds in Part III.

Notation (the book's): layer l = 0..L, layer 0 is the input and L the output.

    Z(l) = X(l-1) W(l) + b(l)        receptors,   shape (n, n_l)
    X(l) = a(Z(l))                   activations, shape (n, n_l)

``W(l)`` has one row per neuron of layer l-1 and one column per neuron of layer l, so
``W[i, j]`` is the weight *from* neuron i of layer l-1 *to* neuron j of layer l. Adding
the row ``b(l)`` to every row of ``X(l-1) W(l)`` is NumPy broadcasting.

Backpropagation, with dZ(l) = dJ/dZ(l):

    dZ(L)   = dJ/dX(L) * a'(Z(L))
    dZ(l)   = (dZ(l+1) W(l+1)^T) * a'(Z(l))
    dW(l)   = X(l-1)^T dZ(l)
    db(l)   = 1_n^T dZ(l)                    the column sums of dZ(l)

The 1/n average over samples is already inside dJ/dX(L), the loss derivative.

Part V adds inverted dropout to the same two passes (``forward(..., training=True,
keep_prob=p, rng=rng)``, used by ``nncode.training.fit``): each hidden X(l) is multiplied
by a mask M(l), whose entries are 1/p with probability p and 0 otherwise, and the
backward pass multiplies dX(l) by the same M(l) before a'(Z(l)).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from .activations import ACTIVATIONS
from .losses import LOSSES
from .validate import (
    as_data,
    check_count,
    check_dropout_rng,
    check_function_dict,
    check_layers_dims,
    check_params,
    check_positive_number,
    check_probability,
    check_seed,
    shape_text,
)

INIT_STD = 0.001
"""The standard deviation of the initial weights, W ~ Normal(0, 0.001^2)."""


class LayerKeys(NamedTuple):
    """The dict keys of layer l (``W='W2'``, ``x_prev='x1'``, ...), written once per network.

    ``m`` is the key of layer l's dropout mask, present in ``coef`` only under dropout.
    """

    W: str
    b: str
    z: str
    x: str
    x_prev: str
    m: str
    dZ: str
    dW: str
    db: str

    @classmethod
    def of(cls, l: int) -> LayerKeys:
        """The keys of layer l: ``LayerKeys.of(2).W == 'W2'``."""
        return cls(
            f"W{l}", f"b{l}", f"z{l}", f"x{l}", f"x{l - 1}", f"m{l}", f"dZ{l}", f"dW{l}", f"db{l}"
        )


class TrainingDivergedError(FloatingPointError):
    """Raised when the loss stops being a finite number during training."""


def divergence_error(
    coef: dict[str, Any], Y: np.ndarray, loss: float, where: str, updated: bool, lr: Any
) -> TrainingDivergedError:
    """The error to raise when the loss of the forward values ``coef`` is not finite.

    After an update (``updated``) the weights grew until they overflowed: a smaller
    learning rate helps. Before any update the data or the starting weights are too large
    already, and the message says which array overflowed first.
    """
    if updated:
        return TrainingDivergedError(
            f"the loss became {loss} {where} (learning rate {lr}): the updates made the "
            "weights grow until they overflowed, so training diverged: try a smaller "
            "learning rate"
        )
    overflowed = [
        k for k, v in coef.items() if isinstance(v, np.ndarray) and not np.isfinite(v).all()
    ]
    what = (
        f"the forward pass overflowed in {overflowed[0]}"
        if overflowed
        else "the loss itself overflowed on finite outputs"
    )
    return TrainingDivergedError(
        f"the loss is {loss} {where}, before any update: {what}. The data are too large "
        f"(largest |X| = {np.max(np.abs(coef['x0'])):.3g}, largest |Y| = "
        f"{np.max(np.abs(Y)):.3g}) or the starting weights are: scale the data first "
        "(standardise each column of X, for example); a smaller learning rate cannot help"
    )


class NN:
    """A fully connected feedforward network trained by full-batch gradient descent.

    Parameters
    ----------
    layers_dims : list of int
        Neurons per layer, input first: ``[2, 3, 2, 1]`` is two inputs, hidden layers of
        3 and 2 neurons and one output.
    activation_hidden : str, dict, or list of str or dict
        ``{'activation': f, 'derivative': f_prime}`` used by every hidden layer, or a list
        with one such dict per hidden layer. A name from ``ACTIVATIONS`` also works.
    activation_output : dict or str
        The activation of the output layer (``identity`` for regression).
    loss_function : dict or str
        ``{'loss': J, 'derivative': dJ_da}``, or a name from ``LOSSES``.
    seed : int or None
        Seed of ``np.random.default_rng`` for the initial weights.

    Attributes
    ----------
    params : dict
        ``W1, b1, ..., WL, bL``; ``Wl`` has shape (n_{l-1}, n_l), ``bl`` (1, n_l).
    L : int
        Index of the output layer (the number of layers with weights).
    layer_keys : list of LayerKeys
        ``layer_keys[l - 1]`` holds the dict keys of layer l (``'W2'``, ``'z2'``, ...).
    fused : bool
        True when the output activation and the loss are a pair (sigmoid + bce, softmax +
        cross_entropy) whose dJ/dZ(L) is (X(L) - Y)/n; ``loss`` and ``output_delta`` then
        work from the output receptor Z(L).
    """

    def __init__(
        self,
        layers_dims: list[int],
        activation_hidden: Any,
        activation_output: Any,
        loss_function: Any,
        seed: int | None = None,
    ) -> None:
        self.layers_dims = check_layers_dims(layers_dims)
        self.L = len(self.layers_dims) - 1
        n_hidden = self.L - 1
        if isinstance(activation_hidden, (list, tuple)):
            if len(activation_hidden) != n_hidden:
                raise ValueError(
                    f"activation_hidden is a list of {len(activation_hidden)} activations, but "
                    f"layers_dims={self.layers_dims} has {n_hidden} hidden layer(s): give one "
                    "per hidden layer, or a single dict for all of them"
                )
            hidden = [
                self._activation(a, f"activation_hidden[{i}]")
                for i, a in enumerate(activation_hidden)
            ]
        else:
            hidden = [self._activation(activation_hidden, "activation_hidden")] * n_hidden
        #: activations[l - 1] is the activation of layer l
        self.activations = hidden + [self._activation(activation_output, "activation_output")]
        self.loss_function = check_function_dict(
            loss_function, "loss_function", ("loss", "derivative"), LOSSES, "loss"
        )
        out_name = self.activations[-1].get("name")
        self.fused = out_name is not None and self.loss_function.get("pairs_with") == out_name
        self._refuse_softmax_where_it_cannot_work()
        self.seed = check_seed(seed)
        # self.layer_keys[l - 1] holds the dict keys of layer l, made here once rather
        # than as f-strings in every training iteration
        self.layer_keys = [LayerKeys.of(l) for l in range(1, self.L + 1)]
        self.params: dict[str, np.ndarray] = {}
        self.initialize_parameters()

    @staticmethod
    def _activation(value: Any, argname: str) -> dict:
        return check_function_dict(
            value, argname, ("activation", "derivative"), ACTIVATIONS, "activation"
        )

    def _refuse_softmax_where_it_cannot_work(self) -> None:
        """Softmax (``'elementwise': False``) has no a'(z): only the paired loss can use it."""
        for l, act in enumerate(self.activations, start=1):
            if act.get("elementwise", True):
                continue
            name = act.get("name", "this activation")
            if l < self.L:
                raise ValueError(
                    f"activation_hidden: {name} is not elementwise (each output depends on "
                    "the whole row of receptors), so it cannot be a hidden activation; use "
                    "it only as activation_output, with the 'cross_entropy' loss"
                )
            if not self.fused:
                loss = self.loss_function.get("name", "custom")
                raise ValueError(
                    f"activation_output={name!r} needs the loss it pairs with, "
                    f"'cross_entropy' (got loss_function={loss!r}): {name} has no "
                    "elementwise derivative, so only that pair's dJ/dZ = (P - Y)/n works"
                )

    def initialize_parameters(self) -> dict[str, np.ndarray]:
        """Draw W(l) ~ Normal(0, 0.001^2) of shape (n_{l-1}, n_l) and set b(l) = 0 of shape (1, n_l)."""
        rng = np.random.default_rng(self.seed)
        self.params = {}
        for l in range(1, self.L + 1):
            n_prev, n_l = self.layers_dims[l - 1], self.layers_dims[l]
            self.params[f"W{l}"] = rng.normal(0.0, INIT_STD, size=(n_prev, n_l))
            self.params[f"b{l}"] = np.zeros((1, n_l))
        return self.params

    # ------------------------------------------------------------------ forward
    def forward_pass(self, X: Any, training: bool = False) -> Any:
        """Run X through the network.

        Returns the output X(L) of shape (n, n_L); with ``training=True`` returns the dict
        ``{'x0': X, 'z1': Z(1), 'x1': X(1), ..., 'zL': Z(L), 'xL': X(L)}`` that
        ``backward_pass`` needs.
        """
        X = as_data("X", X, n_cols=self.layers_dims[0], cols_meaning="neurons in layer 0")
        self.check_params()
        coef = self.forward(X, training=training)
        return coef if training else coef[f"x{self.L}"]

    def forward(
        self,
        X: np.ndarray,
        training: bool = False,
        keep_prob: float = 1.0,
        rng: np.random.Generator | None = None,
    ) -> dict[str, np.ndarray]:
        """The forward pass itself, on data already checked by ``check_data``.

        Returns ``{'x0': X, 'z1': Z(1), 'x1': X(1), ..., 'zL': Z(L), 'xL': X(L)}``: each
        Z(l) = X(l-1) W(l) + b(l) and X(l) = a(Z(l)). ``forward_pass`` checks X and calls
        this; ``train``, ``nncode.training`` and ``nncode.gradcheck`` call it in their
        loops, where checking the same data again at every step would only cost time.

        The dropout lines act only in Part V's training (``nncode.training.fit``): with
        ``training=True`` and ``keep_prob < 1``, each hidden X(l) is multiplied by the mask
        M(l) = (rng.random(shape) < keep_prob) / keep_prob, kept in ``coef`` as ``'m{l}'``.
        """
        dropout_rng = rng if training and keep_prob < 1 else None  # Part V's dropout
        if training and keep_prob < 1:
            check_probability(keep_prob, "keep_prob")
            check_dropout_rng(rng)
        output_layer = self.layer_keys[-1]
        coef = {"x0": X}
        x = X
        for key, act in zip(self.layer_keys, self.activations):
            z = x @ self.params[key.W]
            z += self.params[key.b]  # in place: no second (n, n_l) array
            x = act["activation"](z)
            if dropout_rng is not None and key is not output_layer:  # Part V's dropout
                keep = dropout_rng.random(x.shape) < keep_prob  # True with probability p
                coef[key.m] = mask = keep.astype(x.dtype) / keep_prob
                x = x * mask
            coef[key.z] = z
            coef[key.x] = x
        return coef

    # ------------------------------------------------------------------ loss
    def compute_loss(self, X: Any, Y: Any) -> float:
        """The cost J of the network's output on (X, Y)."""
        X, Y = self.check_data(X, Y)
        return self.loss(self.forward(X), Y)

    def loss(self, coef: dict[str, np.ndarray], Y: np.ndarray) -> float:
        """The cost J of the output stored in ``coef`` (from ``forward``) against checked ``Y``.

        With a paired output and loss (sigmoid + bce, softmax + cross-entropy) J is computed
        from the output receptor Z(L), which stays finite where log X(L) would not.
        """
        out = self.layer_keys[-1]  # the keys of the output layer L
        if self.fused:
            return float(self.loss_function["loss_from_z"](coef[out.z], Y))
        return float(self.loss_function["loss"](coef[out.x], Y))

    # ------------------------------------------------------------------ backward
    def backward_pass(self, X: Any, Y: Any, coef: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Gradients of J for the forward values ``coef`` (from ``forward_pass(X, training=True)``).

        Returns ``{'dZL': ..., 'dWL': ..., 'dbL': ..., ..., 'dZ1', 'dW1', 'db1'}`` where
        ``dWl`` has the shape of ``Wl`` and ``dbl`` the shape of ``bl``.
        """
        X, Y = self.check_data(X, Y)
        if not isinstance(coef, dict):
            raise TypeError(
                "coef must be the dict returned by forward_pass(X, training=True); "
                f"got {type(coef).__name__}"
            )
        needed = ["x0"] + [f"{k}{l}" for l in range(1, self.L + 1) for k in ("z", "x")]
        missing = [k for k in needed if k not in coef]
        if missing:
            raise ValueError(
                f"coef is missing {missing}; pass the dict from forward_pass(X, training=True)"
            )
        if np.shape(coef["x0"]) != X.shape:
            raise ValueError(
                f"coef was computed for an X of shape {np.shape(coef['x0'])}, "
                f"but X has shape {X.shape}"
            )
        for key, width in zip(self.layer_keys, self.layers_dims[1:]):
            for name in (key.z, key.x):
                if np.shape(coef[name]) != (X.shape[0], width):
                    raise ValueError(
                        f"coef[{name!r}] has shape {shape_text(np.shape(coef[name]))}, but layer "
                        f"{name[1:]} of this network gives {shape_text((X.shape[0], width))}: "
                        "pass the dict from this network's forward_pass(X, training=True)"
                    )
        return self.backward(coef, Y)

    def backward(self, coef: dict[str, np.ndarray], Y: np.ndarray) -> dict[str, np.ndarray]:
        """Backpropagation itself, from the forward values ``coef`` and checked targets ``Y``.

        Returns ``{'dZL', 'dWL', 'dbL', ..., 'dZ1', 'dW1', 'db1'}``. ``backward_pass``
        checks its arguments and calls this; the training loops call it directly. A
        dropout mask ``'m{l}'`` in ``coef`` (Part V's training only) multiplies dX(l).
        """
        dZ = self.output_delta(coef, Y)
        ones = np.ones((1, Y.shape[0]), dtype=dZ.dtype)  # the row vector 1_n^T
        grads = {}
        for l in range(self.L, 0, -1):
            key = self.layer_keys[l - 1]
            grads[key.dZ] = dZ
            grads[key.dW] = coef[key.x_prev].T @ dZ
            grads[key.db] = ones @ dZ  # the column sums of dZ, as a (fast) product
            if l > 1:
                prev = self.layer_keys[l - 2]  # the keys of layer l - 1
                dX = dZ @ self.params[key.W].T
                if prev.m in coef:  # Part V's dropout: the same mask as forward
                    dX *= coef[prev.m]
                dX *= self.activations[l - 2]["derivative"](coef[prev.z])
                dZ = dX  # dZ(l-1) = dX(l-1) * a'(Z(l-1)), multiplied in place
        return grads

    def output_delta(self, coef: dict[str, np.ndarray], Y: np.ndarray) -> np.ndarray:
        """dZ(L) = dJ/dX(L) * a'(Z(L)), where the backward pass starts, from ``coef`` and ``Y``."""
        out = self.layer_keys[-1]  # the keys of the output layer L
        if self.fused:
            # The output activation and the loss are a pair (sigmoid + bce, softmax +
            # cross-entropy) for which dJ/dZ(L) simplifies to (X(L) - Y) / n.
            return (coef[out.x] - Y) / Y.shape[0]
        dJ_dx = self.loss_function["derivative"](coef[out.x], Y)
        return dJ_dx * self.activations[-1]["derivative"](coef[out.z])

    # ------------------------------------------------------------------ training
    def train(
        self,
        X: Any,
        Y: Any,
        n_it: int,
        learning_rate: float = 0.01,
        verbose: bool = True,
    ) -> list[float]:
        """Full-batch gradient descent: ``n_it`` times, w := w - learning_rate * dJ/dw for
        every parameter w in ``params``.

        Prints the loss every 100 iterations when ``verbose``. Returns the loss before
        each update. Raises ``TrainingDivergedError`` if the loss stops being finite.
        """
        X, Y = self.check_data(X, Y)
        self.check_params(writable=True)
        n_it = check_count(n_it, "n_it")
        lr = check_positive_number(learning_rate, "learning_rate")
        losses = []
        with np.errstate(over="ignore", invalid="ignore"):
            for it in range(n_it):
                coef = self.forward(X, training=True)
                loss = self.loss(coef, Y)
                if not math.isfinite(loss):
                    raise divergence_error(coef, Y, loss, f"at iteration {it}", it > 0, lr)
                losses.append(loss)
                if verbose and it % 100 == 0:
                    print(f"iteration {it:>6}: loss = {loss:.6f}")
                grads = self.backward(coef, Y)
                for name, p in self.params.items():  # W1, b1, ..., WL, bL
                    step = grads["d" + name]
                    step *= lr  # in place: the gradients are not needed any more
                    p -= step
        for name, p in self.params.items():
            if not np.all(np.isfinite(p)):
                raise TrainingDivergedError(
                    f"{name} stopped being finite after the last update (learning_rate={lr}); "
                    "training diverged: try a smaller learning rate"
                )
        return losses

    def check_data(
        self, X: Any, Y: Any, x_name: str = "X", y_name: str = "Y"
    ) -> tuple[np.ndarray, np.ndarray]:
        """X and Y as 2-D float arrays that fit this network, or an error that says why not.

        X needs one column per input neuron, Y one column per output neuron and one row
        per row of X; both must be finite, and Y must lie in the loss's domain (its
        ``'check_targets'``). float32 stays float32, anything else becomes float64. The
        messages call the arrays ``x_name`` and ``y_name`` (``X_val``, say). It also
        checks ``params`` (``check_params``), which every pass uses.
        """
        X = as_data(x_name, X, n_cols=self.layers_dims[0], cols_meaning="neurons in layer 0")
        Y = as_data(
            y_name,
            Y,
            n_cols=self.layers_dims[-1],
            n_rows=X.shape[0],
            cols_meaning=f"neurons in the output layer {self.L}",
            rows_of=x_name,
        )
        check_targets = self.loss_function.get("check_targets")
        if check_targets is not None:
            check_targets(Y)
        self.check_params()
        return X, Y

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        """The shape of every entry of ``params``: W(l) (n_{l-1}, n_l) and b(l) (1, n_l)."""
        shapes: dict[str, tuple[int, ...]] = {}
        for l, key in enumerate(self.layer_keys, start=1):
            shapes[key.W] = (self.layers_dims[l - 1], self.layers_dims[l])
            shapes[key.b] = (1, self.layers_dims[l])
        return shapes

    def check_params(self, writable: bool = False) -> None:
        """Check ``params`` before a pass: every key of ``param_shapes`` there, with its
        shape, finite (and, with ``writable``, updatable in place), or an error naming the
        key and the shape it needs. Catches a W replaced by one of the wrong shape, a
        deleted bias, a list where an array belongs."""
        check_params(self.params, self.param_shapes(), writable)

    def __repr__(self) -> str:
        names = [a.get("name", "custom") for a in self.activations]
        loss = self.loss_function.get("name", "custom")
        return (
            f"{type(self).__name__}(layers_dims={self.layers_dims}, activations={names}, "
            f"loss={loss!r})"
        )
